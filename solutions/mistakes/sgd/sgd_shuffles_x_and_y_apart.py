"""Mistake: the SGD epoch shuffles X and y with two draws, so rows lose their targets."""

import numpy as np

MISTAKE = "X and y shuffled apart"
HINT = ("your epoch draws one permutation for X and another for y, so rows lose their targets: "
        "draw order = np.random.default_rng(seed).permutation(n) once and use X[order] and "
        "y[order]")
FUNCTION = "sgd_epoch"


def sgd_epoch(w, X, y, learning_rate, seed):
    w = np.array(w, dtype=float)
    rng = np.random.default_rng(seed)
    X = rng.permutation(X)  # the mistake: two draws, rows and targets no longer match
    y = rng.permutation(y)
    for i in range(len(y)):
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
