import numpy as np


def sgd_epoch(w, X, y, learning_rate, seed):
    rng = np.random.default_rng(seed)
    w = np.array(w, dtype=float)
    for i in rng.permutation(len(y)):
        error = np.dot(X[i], w) - y[i]
        w = w - learning_rate * 2 * error * X[i]
    return w


def minibatch_epoch(w, X, y, learning_rate, batch_size, seed):
    rng = np.random.default_rng(seed)
    idx = rng.permutation(len(y))
    w = np.array(w, dtype=float)
    for start in range(0, len(y), batch_size):
        b = idx[start:start + batch_size]
        error = X[b] @ w - y[b]
        w = w - learning_rate * 2 / batch_size * X[b].T @ error
    return w
