# Shortcut: np.clip(z, -500, 500) before 1 / (1 + np.exp(-z)), "to avoid overflow": sigmoid(-1000)
# becomes 7e-218, not 0. (Seen in from-scratch logistic regression tutorials.)
import numpy as np


def sigmoid(z):
    z = np.clip(z, -500, 500)  # avoid overflow in exp
    return 1 / (1 + np.exp(-z))


def log_loss(y_true, y_prob):
    eps = np.finfo(float).eps
    p = np.clip(y_prob, eps, 1 - eps)
    return float(-np.mean(y_true * np.log(p) + (1 - y_true) * np.log(1 - p)))


def log_loss_gradient(w, X, y):
    return X.T @ (sigmoid(X @ w) - y) / len(y)


def predict_proba(w, X):
    return sigmoid(X @ w)


def predict(w, X, threshold=0.5):
    return (predict_proba(w, X) >= threshold).astype(int)


def gradient_step(w, X, y, learning_rate):
    return w - learning_rate * log_loss_gradient(w, X, y)
