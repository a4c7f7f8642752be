"""Mistake: the log loss clipped at 1e-15, scikit-learn's default eps before version 1.2."""

import numpy as np

MISTAKE = "log loss clipped at 1e-15"
HINT = ("you clip at 1e-15, scikit-learn's old default; since version 1.2 it clips to [eps, 1 - "
        "eps] with eps = np.finfo(float).eps, about 2.2e-16, as this course's contract says")
FUNCTION = "log_loss"

EPS = np.finfo(float).eps


def sigmoid(z):
    z = np.asarray(z, dtype=float)
    # exp of a non-positive number never overflows: exp(-|z|) serves both signs.
    small = np.exp(-np.abs(z))
    return np.where(z >= 0, 1.0 / (1.0 + small), small / (1.0 + small))


def log_loss(y_true, y_prob):
    p = np.clip(y_prob, 1e-15, 1.0 - 1e-15)  # the mistake: the old eps
    return float(-np.mean(y_true * np.log(p) + (1 - y_true) * np.log(1.0 - p)))


def log_loss_gradient(w, X, y):
    return X.T @ (sigmoid(X @ w) - y) / len(y)


def predict_proba(w, X):
    return sigmoid(X @ w)


def predict(w, X, threshold=0.5):
    return (predict_proba(w, X) >= threshold).astype(int)


def gradient_step(w, X, y, learning_rate):
    return w - learning_rate * log_loss_gradient(w, X, y)
