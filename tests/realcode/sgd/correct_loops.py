import numpy as np


def sgd_epoch(w, X, y, learning_rate, seed):
    n, d = X.shape
    weights = [float(v) for v in w]
    order = np.random.default_rng(seed).permutation(n)
    for i in order:
        prediction = 0.0
        for j in range(d):
            prediction += X[i, j] * weights[j]
        error = prediction - y[i]
        for j in range(d):
            weights[j] -= learning_rate * 2 * error * X[i, j]
    return np.array(weights)


def minibatch_epoch(w, X, y, learning_rate, batch_size, seed):
    n, d = X.shape
    weights = np.array(w, dtype=float)
    order = np.random.default_rng(seed).permutation(n)
    start = 0
    while start < n:
        batch = order[start:start + batch_size]
        gradient = np.zeros(d)
        for i in batch:
            error = X[i] @ weights - y[i]
            gradient += 2 * error * X[i]
        weights = weights - learning_rate * gradient / len(batch)
        start += batch_size
    return weights
