"""Mistake: the mini-batch epoch cuts its batches from the samples in their given order."""

import numpy as np

MISTAKE = "mini-batches without the shuffle"
HINT = ("your batches take the samples in the order they come: cut them from order = "
        "np.random.default_rng(seed).permutation(n)")
FUNCTION = "minibatch_epoch"


def sgd_epoch(w, X, y, learning_rate, seed):
    w = np.array(w, dtype=float)
    for i in np.random.default_rng(seed).permutation(len(y)):
        w = w - learning_rate * 2.0 * (X[i] @ w - y[i]) * X[i]
    return w


def minibatch_epoch(w, X, y, learning_rate, batch_size, seed):
    w = np.array(w, dtype=float)
    for start in range(0, len(y), batch_size):  # the mistake: no shuffle
        batch = np.arange(start, min(start + batch_size, len(y)))
        residuals = X[batch] @ w - y[batch]
        w = w - learning_rate * (2.0 / len(batch)) * (X[batch].T @ residuals)
    return w
