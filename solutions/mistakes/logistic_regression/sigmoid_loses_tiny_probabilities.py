"""Mistake: the sigmoid of negative scores as 1 - σ(-z), which cancels to 0 where σ(z) is tiny."""

import numpy as np

MISTAKE = "sigmoid of negative scores as 1 - σ(-z)"
HINT = ("for z < 0 your sigmoid computes 1 - 1 / (1 + exp(z)): two numbers equal to 16 digits "
        "subtracted leave 0 where σ(z) is below about 1e-17; compute exp(z) / (1 + exp(z)) "
        "instead")
FUNCTION = "sigmoid"

EPS = np.finfo(float).eps


def sigmoid(z):
    positive = 1.0 / (1.0 + np.exp(-np.abs(z)))
    return np.where(z >= 0, positive, 1.0 - positive)  # the mistake: 1 - σ(-z) cancels


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
    return w - learning_rate * log_loss_gradient(w, X, y)
