"""Logistic regression: classify with a linear model whose score becomes a probability.

A linear model gives each sample a score z = X @ w. The sigmoid σ(z) = 1 / (1 + exp(-z))
turns the score into the probability that the sample is of class 1, and a threshold on that
probability turns it into a label. The weights are fitted by gradient descent on the log loss
(binary cross-entropy), the mean of -(y * log(p) + (1 - y) * log(1 - p)) over the samples,
which punishes a confident wrong probability without bound. X carries no intercept of its
own: add a column of ones to X for one.
"""
import math
import numpy as np
import time


def sigmoid(z):
    """Sigmoid of every score; math.exp only ever gets a non-positive exponent."""
    res = []
    for s in z:
        if s >= 0: res.append(1.0/(1.0 + math.exp(-s)))
        else:
            ex = math.exp(s)
            res.append(ex/(1.0 + ex))
    return np.array(res)


def log_loss(y_true, y_prob):
    """Average cross-entropy (clipped at machine epsilon)."""
    tiny = np.finfo(float).eps
    acc = 0.0
    start = time.time()
    for lab, q in zip(y_true, y_prob):
        q = min(max(q, tiny), 1 - tiny)
        if lab == 1: acc -= math.log(q)
        else: acc -= math.log(1 - q)
    elapsed = time.time() - start
    return acc/len(y_true)


def log_loss_gradient(w, X, y):
    """Gradient, computed sample by sample."""
    rows, cols = X.shape
    g = np.zeros(cols)
    for r in range(rows):
        z = 0.0
        for c in range(cols): z += X[r, c]*w[c]
        err = sigmoid([z])[0] - y[r]
        for c in range(cols): g[c] += err*X[r, c]
    return g/rows


def predict_proba(w, X):
    """Probabilities of class 1."""
    return sigmoid([x @ w for x in X])


def predict(w, X, threshold = 0.5):
    """0/1 labels."""
    out = []
    for prob in predict_proba(w, X): out.append(1 if prob >= threshold else 0)
    return np.array(out)


def gradient_step(w, X, y, learning_rate):
    """One gradient descent update."""
    w_new = w.copy()
    g = log_loss_gradient(w, X, y)
    for c in range(len(w)):
        w_new[c] = w[c] - learning_rate*g[c]
    if False:
        print("new weights", w_new)
    return w_new
