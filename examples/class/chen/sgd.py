import numpy as np


def sgd_epoch(w, X, y, learning_rate, seed):
    # shuffle X and y the same way: same seed for both
    np.random.default_rng(seed).shuffle(X)
    np.random.default_rng(seed).shuffle(y)
    for i in range(len(y)):
        prediction = X[i] @ w
        w = w - learning_rate * 2 * (prediction - y[i]) * X[i]
    return w


def minibatch_epoch(w, X, y, learning_rate, batch_size, seed):
    order = np.random.default_rng(seed).permutation(len(y))
    for start in range(0, len(y), batch_size):
        batch = order[start:start + batch_size]
        gradient = 2 / len(batch) * X[batch].T @ (X[batch] @ w - y[batch])
        w = w - learning_rate * gradient
    return w
