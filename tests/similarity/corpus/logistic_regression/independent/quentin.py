"""Logistic regression: classify with a linear model whose score becomes a probability.

A linear model gives each sample a score z = X @ w. The sigmoid σ(z) = 1 / (1 + exp(-z))
turns the score into the probability that the sample is of class 1, and a threshold on that
probability turns it into a label. The weights are fitted by gradient descent on the log loss
(binary cross-entropy), the mean of -(y * log(p) + (1 - y) * log(1 - p)) over the samples,
which punishes a confident wrong probability without bound. X carries no intercept of its
own: add a column of ones to X for one.
"""

import numpy as np  # noqa: F401 (your code and the examples use it)


def sigmoid(z):
    """The sigmoid 1 / (1 + exp(-z)) of each score, finite and accurate for every score."""
    s = np.zeros_like(z, dtype=float)
    pos = z >= 0
    neg = ~pos
    s[pos] = 1 / (1 + np.exp(-z[pos]))
    s[neg] = np.exp(z[neg]) / (1 + np.exp(z[neg]))
    return s


def log_loss(y_true, y_prob):
    """The log loss (binary cross-entropy) of predicted probabilities, as scikit-learn's."""
    eps = np.finfo(float).eps
    y_prob = np.clip(y_prob, eps, 1 - eps)
    return float(-np.mean(y_true * np.log(y_prob) + (1 - y_true) * np.log(1 - y_prob)))


def log_loss_gradient(w, X, y):
    """The gradient of the log loss of the model's probabilities with respect to w."""
    return X.T @ (sigmoid(X @ w) - y) / X.shape[0]


def predict_proba(w, X):
    """Each sample's probability of class 1: the sigmoid of its score X @ w."""
    return sigmoid(X @ w)


def predict(w, X, threshold=0.5):
    """Each sample's label: 1 when its probability of class 1 reaches the threshold, else 0."""
    return (predict_proba(w, X) > threshold).astype(int)


def gradient_step(w, X, y, learning_rate):
    """One step of gradient descent on the log loss: the weights moved against its gradient."""
    return w - learning_rate * log_loss_gradient(w, X, y)
