"""Gradient descent: fit a linear model y ≈ X @ w by walking downhill on its loss.

The loss of the weights w is the mean squared error L(w) = (1/n) * sum((X @ w - y) ** 2).
Its gradient points where L grows fastest, so a small step against the gradient lowers the
loss; repeating such steps is gradient descent.
"""

import numpy as np  # noqa: F401 (your code and the examples use it)


def mse_gradient(w, X, y):
    return X.T @ (X @ w - y)


def gradient_step(w, X, y, learning_rate):
    return w - learning_rate * 2 * X.T @ (X @ w - y) / len(y)
