"""Mistake: the sigmoid as exp(z) / (1 + exp(z)), inf / inf = NaN for scores above 709."""

import numpy as np

MISTAKE = "sigmoid is NaN for huge positive scores"
HINT = ("your sigmoid computes exp(z) / (1 + exp(z)), which is inf / inf = NaN once exp(z) "
        "overflows (z > 709): use it for z < 0 only, and 1 / (1 + exp(-z)) for z >= 0")
FUNCTION = "sigmoid"

EPS = np.finfo(float).eps


def sigmoid(z):
    return np.exp(z) / (1.0 + np.exp(z))  # the mistake: inf / inf for z > 709


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
