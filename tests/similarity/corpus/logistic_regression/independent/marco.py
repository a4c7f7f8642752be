"""Logistic regression: classify with a linear model whose score becomes a probability.

A linear model gives each sample a score z = X @ w. The sigmoid σ(z) = 1 / (1 + exp(-z))
turns the score into the probability that the sample is of class 1, and a threshold on that
probability turns it into a label. The weights are fitted by gradient descent on the log loss
(binary cross-entropy), the mean of -(y * log(p) + (1 - y) * log(1 - p)) over the samples,
which punishes a confident wrong probability without bound. X carries no intercept of its
own: add a column of ones to X for one.
"""

import numpy as np


def sigmoid(z):
    """The sigmoid 1 / (1 + exp(-z)) of each score, finite and accurate for every score."""
    # overflow warnings for very negative z, but 1 / inf is 0 as it should be
    return 1 / (1 + np.exp(-z))


def log_loss(y_true, y_prob):
    """The log loss (binary cross-entropy) of predicted probabilities, as scikit-learn's."""
    eps = np.finfo(float).eps
    p = np.clip(y_prob, eps, 1 - eps)
    losses = np.where(y_true == 1, -np.log(p), -np.log(1 - p))
    return losses.mean().item()


def log_loss_gradient(w, X, y):
    """The gradient of the log loss of the model's probabilities with respect to w."""
    n = len(y)
    return (1 / n) * np.dot(X.T, sigmoid(np.dot(X, w)) - y)


def predict_proba(w, X):
    """Each sample's probability of class 1: the sigmoid of its score X @ w."""
    return sigmoid(np.dot(X, w))


def predict(w, X, threshold=0.5):
    """Each sample's label: 1 when its probability of class 1 reaches the threshold, else 0."""
    return (predict_proba(w, X) >= threshold).astype(int)


def gradient_step(w, X, y, learning_rate):
    """One step of gradient descent on the log loss: the weights moved against its gradient."""
    grad = log_loss_gradient(w, X, y)
    return w - learning_rate * grad
