# Shortcut: y_prob[y_prob < eps] = eps and likewise at 1 - eps, the caller's probabilities
# clipped in place; the rest is the plain NumPy correct file.
import numpy as np


def sigmoid(z):
    # overflow warnings for very negative z, but 1 / inf is 0 as it should be
    return 1 / (1 + np.exp(-z))


def log_loss(y_true, y_prob):
    eps = np.finfo(float).eps
    y_prob[y_prob < eps] = eps
    y_prob[y_prob > 1 - eps] = 1 - eps
    p = y_prob
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
