"""Mistake: the log loss without clipping the probabilities, infinite or NaN at 0 and 1."""

import numpy as np

MISTAKE = "log loss without clipping"
HINT = ("a probability of exactly 0 or 1 makes log(0) = -inf, and 0 * log(0) NaN: clip the "
        "probabilities to [eps, 1 - eps] first, with eps = np.finfo(float).eps as scikit-learn "
        "does")
FUNCTION = "log_loss"

EPS = np.finfo(float).eps


def sigmoid(z):
    z = np.asarray(z, dtype=float)
    # exp of a non-positive number never overflows: exp(-|z|) serves both signs.
    small = np.exp(-np.abs(z))
    return np.where(z >= 0, 1.0 / (1.0 + small), small / (1.0 + small))


def log_loss(y_true, y_prob):
    p = y_prob  # the mistake: no clipping
    return float(-np.mean(y_true * np.log(p) + (1 - y_true) * np.log(1.0 - p)))


def log_loss_gradient(w, X, y):
    return X.T @ (sigmoid(X @ w) - y) / len(y)


def predict_proba(w, X):
    return sigmoid(X @ w)


def predict(w, X, threshold=0.5):
    return (predict_proba(w, X) >= threshold).astype(int)


def gradient_step(w, X, y, learning_rate):
    return w - learning_rate * log_loss_gradient(w, X, y)
