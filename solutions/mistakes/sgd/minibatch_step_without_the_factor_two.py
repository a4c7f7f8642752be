"""Mistake: the mini-batch step takes the gradient of half the mean squared error."""

import numpy as np

MISTAKE = "mini-batch step without the factor two"
HINT = ("your step uses (1 / m) * X[B].T @ (X[B] @ w - y[B]), the gradient of half the "
        "batch's mean squared error: the gradient of the MSE has the factor 2, (2 / m)")
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
        w = w - learning_rate * (1.0 / len(batch)) * (X[batch].T @ residuals)  # the mistake
    return w
