"""Mistake: the SGD epoch steps through the samples in their given order, never shuffled."""

import numpy as np

MISTAKE = "SGD epoch without the shuffle"
HINT = ("your epoch visits the samples in the order they come: shuffle them first, in the order"
        " np.random.default_rng(seed).permutation(n)")
FUNCTION = "sgd_epoch"


def sgd_epoch(w, X, y, learning_rate, seed):
    w = np.array(w, dtype=float)
    for i in range(len(y)):  # the mistake: no shuffle
        w = w - learning_rate * 2.0 * (X[i] @ w - y[i]) * X[i]
    return w


def minibatch_epoch(w, X, y, learning_rate, batch_size, seed):
    w = np.array(w, dtype=float)
    order = np.random.default_rng(seed).permutation(len(y))
    for start in range(0, len(order), batch_size):
        batch = order[start:start + batch_size]
        residuals = X[batch] @ w - y[batch]
        w = w - learning_rate * (2.0 / len(batch)) * (X[batch].T @ residuals)
    return w
