"""Mistake: the sigmoid as 1 / (1 + exp(z)), the probability of the other class."""

import numpy as np

MISTAKE = "sigmoid with the sign of the score flipped"
HINT = ("σ(z) = 1 / (1 + exp(-z)), with a minus sign: your sigmoid gives 1 - σ(z), so large "
        "scores give probabilities near 0 instead of 1")
FUNCTION = "sigmoid"

EPS = np.finfo(float).eps


def sigmoid(z):
    return 1.0 / (1.0 + np.exp(z))  # the mistake: exp(z), not exp(-z)


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
