"""Mistake: the SGD epoch seeds NumPy's global random state, whose permutation is another order."""

import numpy as np

MISTAKE = "shuffle from np.random.seed"
HINT = ("np.random.seed(seed) and np.random.permutation(n) give another order than the "
        "contract's: draw it with np.random.default_rng(seed).permutation(n)")
FUNCTION = "sgd_epoch"


def sgd_epoch(w, X, y, learning_rate, seed):
    w = np.array(w, dtype=float)
    np.random.seed(seed)  # the mistake: the legacy global generator, another order
    for i in np.random.permutation(len(y)):
        w = w - learning_rate * 2.0 * (X[i] @ w - y[i]) * X[i]
    return w


def minibatch_epoch(w, X, y, learning_rate, batch_size, seed):
    w = np.array(w, dtype=float)
    order = np.random.default_rng(seed).permutation(len(y))
    for start in range(0, len(order), batch_size):
        batch = order[start:start + batch_size]
        residuals = X[batch] @ w - y[batch]
        w = w - learning_rate * (2.0 / len(batch)) * (X[batch].T @ residuals)
    return w
