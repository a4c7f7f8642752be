"""Logistic regression: classify with a linear model whose score becomes a probability.

A linear model gives each sample a score z = X @ w. The sigmoid σ(z) = 1 / (1 + exp(-z))
turns the score into the probability that the sample is of class 1, and a threshold on that
probability turns it into a label. The weights are fitted by gradient descent on the log loss
(binary cross-entropy), the mean of -(y * log(p) + (1 - y) * log(1 - p)) over the samples,
which punishes a confident wrong probability without bound. X carries no intercept of its
own: add a column of ones to X for one.
"""

import math

import numpy as np


def predict_proba(w, X):
    """Probability of class 1 for every row of X."""
    return sigmoid([row @ w for row in X])


def predict(w, X, threshold=0.5):
    """Label 1 if the probability is at least the threshold."""
    labels = []
    for p in predict_proba(w, X):
        labels.append(1 if p >= threshold else 0)
    return np.array(labels)


def sigmoid(z):
    """Numerically stable sigmoid, one score at a time."""
    out = []
    for value in z:
        # two formulas so that math.exp never gets a big positive number
        if value >= 0:
            out.append(1.0 / (1.0 + math.exp(-value)))
        else:
            e = math.exp(value)
            out.append(e / (1.0 + e))
    return np.array(out)


def gradient_step(w, X, y, learning_rate):
    """w minus learning_rate times the gradient (w itself is not modified)."""
    grad = log_loss_gradient(w, X, y)
    new_w = w.copy()
    for j in range(len(w)):
        new_w[j] = w[j] - learning_rate * grad[j]
    return new_w


def log_loss_gradient(w, X, y):
    """Gradient of the mean log loss, (1/n) X^T (sigmoid(Xw) - y)."""
    n, d = X.shape
    grad = np.zeros(d)
    for i in range(n):
        # score of sample i
        score = 0.0
        for j in range(d):
            score += X[i, j] * w[j]
        error = sigmoid([score])[0] - y[i]
        for j in range(d):
            grad[j] += error * X[i, j]
    return grad / n


def log_loss(y_true, y_prob):
    """Binary cross-entropy, probabilities clipped to [eps, 1 - eps]."""
    eps = np.finfo(float).eps
    total = 0.0
    for label, p in zip(y_true, y_prob):
        p = min(max(p, eps), 1 - eps)  # no log(0)
        if label == 1:
            total -= math.log(p)
        else:
            total -= math.log(1 - p)
    return total / len(y_true)
