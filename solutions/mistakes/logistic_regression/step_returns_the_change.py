"""Mistake: the step returns learning_rate * gradient, how far the weights move, not the weights."""

import numpy as np

MISTAKE = "step returns the change, not the new weights"
HINT = ("your step returns learning_rate * gradient, how far the weights move: return the moved "
        "weights themselves, w - learning_rate * gradient")
FUNCTION = "gradient_step"

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
    return X.T @ (sigmoid(X @ w) - y) / len(y)


def predict_proba(w, X):
    return sigmoid(X @ w)


def predict(w, X, threshold=0.5):
    return (predict_proba(w, X) >= threshold).astype(int)


def gradient_step(w, X, y, learning_rate):
    return learning_rate * log_loss_gradient(w, X, y)  # the mistake: the change only
