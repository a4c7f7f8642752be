# Correct, written with loops: math.exp on each side of 0 (exp(z) / (1 + exp(z)) below 0), a
# clipped probability per sample with math.log, and the gradient summed sample by sample.
import math

import numpy as np


def sigmoid(z):
    out = []
    for value in z:
        if value >= 0:
            out.append(1.0 / (1.0 + math.exp(-value)))
        else:
            e = math.exp(value)
            out.append(e / (1.0 + e))
    return np.array(out)


def log_loss(y_true, y_prob):
    eps = np.finfo(float).eps
    total = 0.0
    for label, p in zip(y_true, y_prob):
        p = min(max(p, eps), 1 - eps)
        if label == 1:
            total -= math.log(p)
        else:
            total -= math.log(1 - p)
    return total / len(y_true)


def log_loss_gradient(w, X, y):
    n, d = X.shape
    grad = np.zeros(d)
    for i in range(n):
        score = 0.0
        for j in range(d):
            score += X[i, j] * w[j]
        error = sigmoid([score])[0] - y[i]
        for j in range(d):
            grad[j] += error * X[i, j]
    return grad / n


def predict_proba(w, X):
    return sigmoid([row @ w for row in X])


def predict(w, X, threshold=0.5):
    labels = []
    for p in predict_proba(w, X):
        labels.append(1 if p >= threshold else 0)
    return np.array(labels)


def gradient_step(w, X, y, learning_rate):
    new_w = w.copy()
    grad = log_loss_gradient(w, X, y)
    for j in range(len(w)):
        new_w[j] = w[j] - learning_rate * grad[j]
    return new_w
