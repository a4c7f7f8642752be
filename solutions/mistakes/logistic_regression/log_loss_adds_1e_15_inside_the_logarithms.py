"""Mistake: the log loss of log(p + 1e-15) and log(1 - p + 1e-15): 1e-15 added, no clipping."""

import numpy as np

MISTAKE = "1e-15 added inside the logarithms"
HINT = ("adding 1e-15 inside the logarithms is not scikit-learn's clipping: a probability of 0 "
        "for a sample of class 1 costs -log(1e-15), about 34.54, not -log(eps), about 36.04; "
        "clip with np.clip(y_prob, eps, 1 - eps), eps = np.finfo(float).eps")
FUNCTION = "log_loss"

EPS = np.finfo(float).eps


def sigmoid(z):
    z = np.asarray(z, dtype=float)
    # exp of a non-positive number never overflows: exp(-|z|) serves both signs.
    small = np.exp(-np.abs(z))
    return np.where(z >= 0, 1.0 / (1.0 + small), small / (1.0 + small))


def log_loss(y_true, y_prob):
    # the mistake: 1e-15 added, no clipping
    return float(-np.mean(y_true * np.log(y_prob + 1e-15)
                          + (1 - y_true) * np.log(1.0 - y_prob + 1e-15)))


def log_loss_gradient(w, X, y):
    return X.T @ (sigmoid(X @ w) - y) / len(y)


def predict_proba(w, X):
    return sigmoid(X @ w)


def predict(w, X, threshold=0.5):
    return (predict_proba(w, X) >= threshold).astype(int)


def gradient_step(w, X, y, learning_rate):
    return w - learning_rate * log_loss_gradient(w, X, y)
