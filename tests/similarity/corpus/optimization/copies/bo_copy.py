"""Gradient descent: fit a linear model y ≈ X @ w by walking downhill on its loss.

The loss of the weights w is the mean squared error L(w) = (1/n) * sum((X @ w - y) ** 2).
Its gradient points where L grows fastest, so a small step against the gradient lowers the
loss; repeating such steps is gradient descent.
"""

import numpy as np  # noqa: F401 (your code and the examples use it)


def mse_gradient(w, X, y):
    """Gradient of the MSE loss w.r.t. the weights, shape (d,)."""
    m = X.shape[0]

    # predictions
    y_pred = X.dot( w )

    # gradient of the MSE: -(2/m) X^T (y - y_hat)
    return -( 2/m ) * X.T.dot( y-y_pred )


def gradient_step(w, X, y, learning_rate):
    """Returns the new weights after one gradient descent step."""
    dw = mse_gradient( w, X, y )
    return w - learning_rate*dw
