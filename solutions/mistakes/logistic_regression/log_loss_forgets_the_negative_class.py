"""Mistake: the log loss without the (1 - y) * log(1 - p) term of the samples of class 0."""

import numpy as np

MISTAKE = "log loss without the class 0 term"
HINT = ("samples of class 0 cost nothing in your log loss: add the term (1 - y) * log(1 - p), "
        "so that the loss is the mean of -(y * log(p) + (1 - y) * log(1 - p))")
FUNCTION = "log_loss"

EPS = np.finfo(float).eps


def sigmoid(z):
    z = np.asarray(z, dtype=float)
    # exp of a non-positive number never overflows: exp(-|z|) serves both signs.
    small = np.exp(-np.abs(z))
    return np.where(z >= 0, 1.0 / (1.0 + small), small / (1.0 + small))


def log_loss(y_true, y_prob):
    p = np.clip(y_prob, EPS, 1.0 - EPS)
    return float(-np.mean(y_true * np.log(p)))  # the mistake: class 0 costs nothing


def log_loss_gradient(w, X, y):
    return X.T @ (sigmoid(X @ w) - y) / len(y)


def predict_proba(w, X):
    return sigmoid(X @ w)


def predict(w, X, threshold=0.5):
    return (predict_proba(w, X) >= threshold).astype(int)


def gradient_step(w, X, y, learning_rate):
    return w - learning_rate * log_loss_gradient(w, X, y)
