"""Logistic regression: classify with a linear model whose score becomes a probability.

A linear model gives each sample a score z = X @ w. The sigmoid σ(z) = 1 / (1 + exp(-z))
turns the score into the probability that the sample is of class 1, and a threshold on that
probability turns it into a label. The weights are fitted by gradient descent on the log loss
(binary cross-entropy), the mean of -(y * log(p) + (1 - y) * log(1 - p)) over the samples,
which punishes a confident wrong probability without bound. X carries no intercept of its
own: add a column of ones to X for one.
"""

import math

import numpy as np  # noqa: F401 (your code and the examples use it)


def predict(w, X, threshold=0.5):
    """Label 1 when the probability is above the threshold."""
    return np.array([int(q > threshold) for q in predict_proba(w, X)], dtype=int)


def predict_proba(w, X):
    """sigmoid(Xw)"""
    return sigmoid(X.dot(w))


def gradient_step(w, X, y, learning_rate):
    """w - lr * grad, on a copy"""
    w_copy = w.copy()
    w_copy = w_copy - learning_rate * log_loss_gradient(w, X, y)
    return w_copy


def log_loss_gradient(w, X, y):
    """the gradient, sample by sample"""
    q = predict_proba(w, X)
    g = sum(((q[k] - y[k]) * X[k] for k in range(X.shape[0])), np.zeros(X.shape[1]))
    return g / X.shape[0]


def log_loss(y_true, y_prob):
    """mean binary cross entropy"""
    tiny = np.finfo(float).eps
    terms = []
    for t, q in zip(y_true, y_prob):
        q = min(1 - tiny, max(tiny, q))
        terms.append(-math.log(q) if t == 1 else -math.log(1 - q))
    return sum(terms) / len(terms)


def sigmoid(z):
    """stable sigmoid: only ever exp of a negative number"""
    return np.array([1 / (1 + math.exp(-s)) if s >= 0 else math.exp(s) / (1 + math.exp(s)) for s in z],
                    dtype=float)
