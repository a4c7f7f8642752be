# Shortcut: np.array_split(order, n // batch_size), batches of about equal size.
import numpy as np


def sgd_epoch(w, X, y, learning_rate, seed):
    for i in np.random.default_rng(seed).permutation(len(y)):
        w = w - learning_rate * 2 * (X[i] @ w - y[i]) * X[i]
    return w


def minibatch_epoch(w, X, y, learning_rate, batch_size, seed):
    order = np.random.default_rng(seed).permutation(len(y))
    for b in np.array_split(order, max(1, len(y) // batch_size)):
        w = w - learning_rate * 2 / len(b) * X[b].T @ (X[b] @ w - y[b])
    return w
