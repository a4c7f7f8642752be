# Correct, the tutorials' plain 1 / (1 + np.exp(-z)): exp overflows to inf below -709 with a
# warning, and 1 / inf is 0, as it should be; np.where picks each sample's log term.
import numpy as np


def sigmoid(z):
    # overflow warnings for very negative z, but 1 / inf is 0 as it should be
    return 1 / (1 + np.exp(-z))


def log_loss(y_true, y_prob):
    eps = np.finfo(float).eps
    p = np.clip(y_prob, eps, 1 - eps)
    losses = np.where(y_true == 1, -np.log(p), -np.log(1 - p))
    return losses.mean().item()


def log_loss_gradient(w, X, y):
    n = len(y)
    return (1 / n) * np.dot(X.T, sigmoid(np.dot(X, w)) - y)


def predict_proba(w, X):
    return sigmoid(np.dot(X, w))


def predict(w, X, threshold=0.5):
    return (predict_proba(w, X) >= threshold).astype(int)


def gradient_step(w, X, y, learning_rate):
    grad = log_loss_gradient(w, X, y)
    return w - learning_rate * grad
