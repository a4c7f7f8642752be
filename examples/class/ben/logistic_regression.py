import numpy as np


def sigmoid(z):
    out = np.empty(len(z))
    for i, v in enumerate(z):
        if v >= 0:
            out[i] = 1 / (1 + np.exp(-v))
        else:
            out[i] = np.exp(v) / (1 + np.exp(v))
    return out


def log_loss(y_true, y_prob):
    n = len(y_true)
    return -np.sum(y_true * np.log(y_prob) + (1 - y_true) * np.log(1 - y_prob)) / n


def log_loss_gradient(w, X, y):
    n = len(y)
    return X.T @ (sigmoid(X @ w) - y) / n


def predict_proba(w, X):
    return sigmoid(X @ w)


def predict(w, X, threshold=0.5):
    return (predict_proba(w, X) >= threshold).astype(int)


def gradient_step(w, X, y, learning_rate):
    return w - learning_rate * log_loss_gradient(w, X, y)
