# Correct, as many tutorials write it: dw = -(2 / m) * X.T.dot(y - y_pred).
import numpy as np


def mse_gradient(w, X, y):
    m = X.shape[0]
    y_pred = X.dot(w)
    return -(2 / m) * X.T.dot(y - y_pred)


def gradient_step(w, X, y, learning_rate):
    dw = mse_gradient(w, X, y)
    return w - learning_rate * dw
