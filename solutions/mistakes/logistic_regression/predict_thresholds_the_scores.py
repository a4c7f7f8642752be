"""Mistake: predict compares the scores X @ w, not the probabilities, with the threshold."""

import numpy as np

MISTAKE = "threshold on the scores"
HINT = ("you compare the scores X @ w with the threshold: the threshold is a probability, so "
        "compare predict_proba(w, X) >= threshold")
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
    return (X @ w >= threshold).astype(int)  # the mistake: scores, not probabilities


def gradient_step(w, X, y, learning_rate):
    return w - learning_rate * log_loss_gradient(w, X, y)
