"""Gradient descent: fit a linear model y ≈ X @ w by walking downhill on its loss.

The loss of the weights w is the mean squared error L(w) = (1/n) * sum((X @ w - y) ** 2).
Its gradient points where L grows fastest, so a small step against the gradient lowers the
loss; repeating such steps is gradient descent.
"""

import numpy as np  # noqa: F401 (your code and the examples use it)


def mse_gradient(w, X, y):
    """The gradient of the loss L(w) = (1/n) * sum((X @ w - y) ** 2) with respect to w.

    Parameters:
        w: float array of shape (d,), the weights.
        X: float array of shape (n, d), one sample per row; n may differ from d.
        y: float array of shape (n,), the targets.

    Returns:
        A float array of shape (d,): (2/n) * X.T @ (X @ w - y).

    >>> X = np.array([[1.0, 2.0], [3.0, 4.0], [5.0, 6.0]])
    >>> mse_gradient(np.array([1.0, 0.0]), X, np.array([-2.0, 3.0, 5.0]))
    array([2., 4.])
    """
    n = X.shape[0]
    d = X.shape[1]
    errors = np.dot(X, w) - y
    grad = np.zeros(d)
    for j in range(d):
        grad[j] = 2 * np.dot(errors, X[:, j]) / n
    return grad


def gradient_step(w, X, y, learning_rate):
    """One step of gradient descent: the weights moved against the gradient of the loss.

    Parameters:
        w, X, y: as in mse_gradient.
        learning_rate: float >= 0, the size of the step.

    Returns:
        A new float array of shape (d,): w - learning_rate * mse_gradient(w, X, y).
        With a learning rate of 0 the weights stay as they are. Leave `w` itself unchanged.

    >>> X = np.array([[1.0, 2.0], [3.0, 4.0], [5.0, 6.0]])
    >>> gradient_step(np.array([1.0, 0.0]), X, np.array([-2.0, 3.0, 5.0]), 0.25)
    array([ 0.5, -1. ])
    """
    grad = mse_gradient(w, X, y)
    new_weights = np.zeros(len(w))
    for j in range(len(w)):
        new_weights[j] = w[j] - learning_rate * grad[j]
    return new_weights
