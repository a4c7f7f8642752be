"""Reference solution of the sgd module."""

import numpy as np


def sgd_epoch(w, X, y, learning_rate, seed):
    w = np.array(w, dtype=float)  # a copy: the caller's w is left as it was
    for i in np.random.default_rng(seed).permutation(len(y)):
        residual = X[i] @ w - y[i]
        w = w - learning_rate * 2.0 * residual * X[i]
    return w


def minibatch_epoch(w, X, y, learning_rate, batch_size, seed):
    w = np.array(w, dtype=float)
    order = np.random.default_rng(seed).permutation(len(y))
    for start in range(0, len(order), batch_size):
        batch = order[start:start + batch_size]  # the last batch may be shorter
        residuals = X[batch] @ w - y[batch]
        w = w - learning_rate * (2.0 / len(batch)) * (X[batch].T @ residuals)
    return w
