import numpy as np


def minibatch_epoch(w, X, y, learning_rate, batch_size, seed):
    # shuffle rows and targets together, then walk through them batch by batch
    idx = np.arange(len(y))
    np.random.default_rng(seed).shuffle(idx)
    X_shuffled, y_shuffled = X[idx], y[idx]
    theta = w.copy()
    cuts = range(batch_size, len(y), batch_size)
    for X_batch, y_batch in zip(np.array_split(X_shuffled, cuts), np.array_split(y_shuffled, cuts),
                                strict=True):
        errors = X_batch.dot(theta) - y_batch
        theta = theta - learning_rate * 2 * np.mean(errors[:, None] * X_batch, axis=0)
    return theta


def sgd_epoch(w, X, y, learning_rate, seed):
    return minibatch_epoch(w, X, y, learning_rate, 1, seed)
