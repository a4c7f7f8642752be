"""Mistake: predict labels 1 only above the threshold, so a tie gives 0."""

import numpy as np

MISTAKE = "a tie with the threshold gives 0"
HINT = "a probability equal to the threshold gives the label 1: use >=, not >"
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
    return (predict_proba(w, X) > threshold).astype(int)  # the mistake: > instead of >=


def gradient_step(w, X, y, learning_rate):
    return w - learning_rate * log_loss_gradient(w, X, y)
