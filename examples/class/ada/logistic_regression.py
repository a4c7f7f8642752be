import numpy as np


def sigmoid(z):
    # log(1 + exp(-z)) computed without overflow, for either sign of z
    return np.exp(-np.logaddexp(0.0, -z))


def log_loss(y_true, y_prob):
    eps = np.finfo(float).eps
    p = np.minimum(np.maximum(y_prob, eps), 1 - eps)
    losses = np.where(y_true == 1, -np.log(p), -np.log(1 - p))
    return float(losses.mean())


def log_loss_gradient(w, X, y):
    errors = sigmoid(X @ w) - y
    return errors @ X / X.shape[0]


def predict_proba(w, X):
    return sigmoid(X @ w)


def predict(w, X, threshold=0.5):
    return np.where(predict_proba(w, X) >= threshold, 1, 0)


def gradient_step(w, X, y, learning_rate):
    new_w = w.copy()
    new_w -= learning_rate * log_loss_gradient(w, X, y)
    return new_w
