"""Mistake: predict rounds the probabilities, ignoring the threshold and rounding 0.5 down to 0."""

import numpy as np

MISTAKE = "labels from rounding the probabilities"
HINT = ("np.round ignores the threshold and rounds 0.5 to 0 (to the even number): compare the "
        "probabilities with the threshold, predict_proba(w, X) >= threshold")
FUNCTION = "predict"

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
    return np.round(predict_proba(w, X)).astype(int)  # the mistake: rounding


def gradient_step(w, X, y, learning_rate):
    return w - learning_rate * log_loss_gradient(w, X, y)
