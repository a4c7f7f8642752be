import numpy as np


def minibatch_epoch(w, X, y, learning_rate, batch_size, seed):
    order = np.random.default_rng(seed).permutation(len(y))
    X_shuffled, y_shuffled = X[order], y[order]
    w = w.copy()
    for batch in np.array_split(np.arange(len(y)), range(batch_size, len(y), batch_size)):
        Xb, yb = X_shuffled[batch], y_shuffled[batch]
        gradient = 2 / len(yb) * Xb.T @ (Xb @ w - yb)
        w = w - learning_rate * gradient
    return w


def sgd_epoch(w, X, y, learning_rate, seed):
    # SGD is mini-batch gradient descent with batches of one sample
    return minibatch_epoch(w, X, y, learning_rate, 1, seed)
