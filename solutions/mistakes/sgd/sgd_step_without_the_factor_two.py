"""Mistake: the SGD step takes the gradient of half the squared error, leaving out the factor 2."""

import numpy as np

MISTAKE = "SGD step without the factor two"
HINT = ("your step uses (x @ w - y) * x, the gradient of half the squared error: the loss here "
        "is (x @ w - y) ** 2, whose gradient is 2 * (x @ w - y) * x")
FUNCTION = "sgd_epoch"


def sgd_epoch(w, X, y, learning_rate, seed):
    w = np.array(w, dtype=float)
    for i in np.random.default_rng(seed).permutation(len(y)):
        w = w - learning_rate * (X[i] @ w - y[i]) * X[i]  # the mistake: no factor 2
    return w


def minibatch_epoch(w, X, y, learning_rate, batch_size, seed):
    w = np.array(w, dtype=float)
    order = np.random.default_rng(seed).permutation(len(y))
    for start in range(0, len(order), batch_size):
        batch = order[start:start + batch_size]
        residuals = X[batch] @ w - y[batch]
        w = w - learning_rate * (2.0 / len(batch)) * (X[batch].T @ residuals)
    return w
