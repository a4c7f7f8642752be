"""Mistake: the mini-batch step divides by batch_size, even for a last batch with fewer samples."""

import numpy as np

MISTAKE = "short batch divided by batch_size"
HINT = ("a short last batch's gradient is its own mean: divide by its size len(B), not by "
        "batch_size")
FUNCTION = "minibatch_epoch"


def sgd_epoch(w, X, y, learning_rate, seed):
    w = np.array(w, dtype=float)
    for i in np.random.default_rng(seed).permutation(len(y)):
        w = w - learning_rate * 2.0 * (X[i] @ w - y[i]) * X[i]
    return w


def minibatch_epoch(w, X, y, learning_rate, batch_size, seed):
    w = np.array(w, dtype=float)
    order = np.random.default_rng(seed).permutation(len(y))
    for start in range(0, len(order), batch_size):
        batch = order[start:start + batch_size]
        residuals = X[batch] @ w - y[batch]
        w = w - learning_rate * (2.0 / batch_size) * (X[batch].T @ residuals)  # the mistake
    return w
