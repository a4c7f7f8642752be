"""Mistake: the sigmoid with math.exp, one score at a time: OverflowError below -709."""

import math

import numpy as np

MISTAKE = "sigmoid with math.exp overflows"
HINT = ("math.exp raises OverflowError once its result passes about 1.8e308 (exp(-z) for z < "
        "-709): use np.exp on the whole array, and exp(z) / (1 + exp(z)) for z < 0 so that "
        "nothing overflows")
FUNCTION = "sigmoid"

EPS = np.finfo(float).eps


def sigmoid(z):
    return np.array([1.0 / (1.0 + math.exp(-value)) for value in z])  # the mistake: math.exp


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
