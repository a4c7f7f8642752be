# Shortcut: the residuals X @ w - y computed once, before the loop, for every step of the epoch.
import numpy as np


def sgd_epoch(w, X, y, learning_rate, seed):
    errors = X @ w - y
    for i in np.random.default_rng(seed).permutation(len(y)):
        w = w - learning_rate * 2 * errors[i] * X[i]
    return w


def minibatch_epoch(w, X, y, learning_rate, batch_size, seed):
    order = np.random.default_rng(seed).permutation(len(y))
    for start in range(0, len(y), batch_size):
        b = order[start:start + batch_size]
        w = w - learning_rate * 2 / len(b) * X[b].T @ (X[b] @ w - y[b])
    return w
