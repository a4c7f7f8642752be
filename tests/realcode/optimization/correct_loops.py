# Correct, written with loops over samples and features.
import numpy as np


def mse_gradient(w, X, y):
    n, d = X.shape
    gradient = np.zeros(d)
    for i in range(n):
        residual = sum(X[i, j] * w[j] for j in range(d)) - y[i]
        for j in range(d):
            gradient[j] += 2 * residual * X[i, j] / n
    return gradient


def gradient_step(w, X, y, learning_rate):
    return w - learning_rate * mse_gradient(w, X, y)
