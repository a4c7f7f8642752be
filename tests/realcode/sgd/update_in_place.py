# Shortcut: w -= ..., each SGD step changing the caller's weights in place.
import numpy as np


def sgd_epoch(w, X, y, learning_rate, seed):
    for i in np.random.default_rng(seed).permutation(len(y)):
        w -= learning_rate * 2 * (X[i] @ w - y[i]) * X[i]
    return w


def minibatch_epoch(w, X, y, learning_rate, batch_size, seed):
    order = np.random.default_rng(seed).permutation(len(y))
    for start in range(0, len(y), batch_size):
        b = order[start:start + batch_size]
        w = w - learning_rate * 2 / len(b) * X[b].T @ (X[b] @ w - y[b])
    return w
