"""Mistake: the gradient of the log loss from y - p instead of p - y, its sign flipped."""

import numpy as np

MISTAKE = "gradient of y - p"
HINT = ("your gradient has the wrong sign: the differences are sigmoid(X @ w) - y, the "
        "probabilities minus the labels")
FUNCTION = "log_loss_gradient"

EPS = np.finfo(float).eps


def sigmoid(z):
    z = np.asarray(z, dtype=float)
    # exp of a non-positive number never overflows: exp(-|z|) serves both signs.
    small = np.exp(-np.abs(z))
    return np.where(z >= 0, 1.0 / (1.0 + small), small / (1.0 + small))


def log_loss(y_true, y_prob):
    p = np.clip(y_prob, EPS, 1.0 - EPS)
    return float(-np.mean(y_true * np.log(p) + (1 - y_true) * np.log(1.0 - p)))


def log_loss_gradient(w, X, y):
    return X.T @ (y - sigmoid(X @ w)) / len(y)  # the mistake: y - p


def predict_proba(w, X):
    return sigmoid(X @ w)


def predict(w, X, threshold=0.5):
    return (predict_proba(w, X) >= threshold).astype(int)


def gradient_step(w, X, y, learning_rate):
    return w - learning_rate * log_loss_gradient(w, X, y)
