"""Mistake: every SGD step takes its gradient at the weights the epoch started from."""

import numpy as np

MISTAKE = "SGD gradients all taken at the starting weights"
HINT = ("each step must start from the weights the previous step left: compute each sample's "
        "residual X[i] @ w - y[i] with the current w, not the epoch's first one")
FUNCTION = "sgd_epoch"


def sgd_epoch(w, X, y, learning_rate, seed):
    start = np.array(w, dtype=float)
    w = start.copy()
    for i in np.random.default_rng(seed).permutation(len(y)):
        w = w - learning_rate * 2.0 * (X[i] @ start - y[i]) * X[i]  # the mistake: start, not w
    return w


def minibatch_epoch(w, X, y, learning_rate, batch_size, seed):
    w = np.array(w, dtype=float)
    order = np.random.default_rng(seed).permutation(len(y))
    for start in range(0, len(order), batch_size):
        batch = order[start:start + batch_size]
        residuals = X[batch] @ w - y[batch]
        w = w - learning_rate * (2.0 / len(batch)) * (X[batch].T @ residuals)
    return w
