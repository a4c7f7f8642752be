"""Mistake: the mini-batch step divides by the number of samples n, not by the batch's size."""

import numpy as np

MISTAKE = "batch gradient divided by n"
HINT = ("each step follows the gradient of its batch's mean squared error: divide by the "
        "batch's size m = len(B), not by the number of samples len(y) of the whole data set")
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
        w = w - learning_rate * (2.0 / len(y)) * (X[batch].T @ residuals)  # the mistake: n
    return w
