"""Mistake: the gradient of the log loss with the MSE's factor 2."""

import numpy as np

MISTAKE = "gradient with the MSE's factor 2"
HINT = ("your gradient is twice the expected one: the factor 2 belongs to the MSE's gradient; "
        "the log loss's is (1/n) * X.T @ (sigmoid(X @ w) - y)")
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
    return 2.0 * X.T @ (sigmoid(X @ w) - y) / len(y)  # the mistake: the MSE's 2


def predict_proba(w, X):
    return sigmoid(X @ w)


def predict(w, X, threshold=0.5):
    return (predict_proba(w, X) >= threshold).astype(int)


def gradient_step(w, X, y, learning_rate):
    return w - learning_rate * log_loss_gradient(w, X, y)
