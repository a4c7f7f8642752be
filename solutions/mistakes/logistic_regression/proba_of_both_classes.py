"""Mistake: predict_proba returns scikit-learn's two columns, the probabilities of both classes."""

import numpy as np

MISTAKE = "probabilities of both classes"
HINT = ("you return two columns, as scikit-learn's predict_proba does: this contract asks for "
        "the probability of class 1 only, an array of shape (n,)")
FUNCTION = "predict_proba"

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
    p = sigmoid(X @ w)
    return np.column_stack([1.0 - p, p])  # the mistake: shape (n, 2)


def predict(w, X, threshold=0.5):
    return (predict_proba(w, X) >= threshold).astype(int)


def gradient_step(w, X, y, learning_rate):
    return w - learning_rate * log_loss_gradient(w, X, y)
