"""Mistake: the mini-batch epoch skips the last batch when it is shorter than batch_size."""

import numpy as np

MISTAKE = "last short batch dropped"
HINT = ("when batch_size does not divide n the last batch is shorter: it still takes its step "
        "(and with batch_size >= n it is the only batch)")
FUNCTION = "minibatch_epoch"


def sgd_epoch(w, X, y, learning_rate, seed):
    w = np.array(w, dtype=float)
    for i in np.random.default_rng(seed).permutation(len(y)):
        w = w - learning_rate * 2.0 * (X[i] @ w - y[i]) * X[i]
    return w


def minibatch_epoch(w, X, y, learning_rate, batch_size, seed):
    w = np.array(w, dtype=float)
    order = np.random.default_rng(seed).permutation(len(y))
    for start in range(0, len(order) - batch_size + 1, batch_size):  # the mistake: full only
        batch = order[start:start + batch_size]
        residuals = X[batch] @ w - y[batch]
        w = w - learning_rate * (2.0 / len(batch)) * (X[batch].T @ residuals)
    return w
