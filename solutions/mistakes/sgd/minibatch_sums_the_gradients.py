"""Mistake: the mini-batch step sums the samples' gradients instead of averaging them."""

import numpy as np

MISTAKE = "batch gradient summed, not averaged"
HINT = ("the step follows the gradient of the batch's mean squared error: divide the sum by the"
        " batch's size m, (2 / m) * X[B].T @ (X[B] @ w - y[B])")
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
        w = w - learning_rate * 2.0 * (X[batch].T @ residuals)  # the mistake: no 1 / m
    return w
