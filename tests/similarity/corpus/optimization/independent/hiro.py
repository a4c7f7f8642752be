import numpy as np  # noqa: F401 (your code and the examples use it)


def mse_gradient(w, X, y):
    return 2 * X.T.dot(X.dot(w) - y) / len(y)


def gradient_step(w, X, y, learning_rate):
    return w - learning_rate * mse_gradient(w, X, y)
