# Shortcut: range(0, n - batch_size + 1, batch_size), only the batches of batch_size samples.
import numpy as np


def sgd_epoch(w, X, y, learning_rate, seed):
    for i in np.random.default_rng(seed).permutation(len(y)):
        w = w - learning_rate * 2 * (X[i] @ w - y[i]) * X[i]
    return w


def minibatch_epoch(w, X, y, learning_rate, batch_size, seed):
    n = len(y)
    order = np.random.default_rng(seed).permutation(n)
    for start in range(0, n - batch_size + 1, batch_size):
        b = order[start:start + batch_size]
        w = w - learning_rate * 2 / batch_size * X[b].T @ (X[b] @ w - y[b])
    return w
