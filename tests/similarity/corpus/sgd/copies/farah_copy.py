"""Stochastic and mini-batch gradient descent: many cheap steps instead of one exact one.

The model is linear with no separate bias, y ≈ X @ w (add a column of ones to X for one),
and its loss is the mean squared error, as in the optimization module. A full gradient step
uses every sample; stochastic gradient descent (SGD) takes one step per sample, mini-batch
gradient descent one step per small group of samples. One pass over all the samples is an
epoch.

Both functions visit the samples in the same shuffled order, fixed by a seed so that every
correct implementation gives the same weights:

    order = np.random.default_rng(seed).permutation(n)

Draw it exactly so, once per epoch, and use it to index X and y together.
"""

import numpy as np  # noqa: F401 (your code and the examples use it)


def sgd_epoch(w, X, y, learning_rate, seed):
    for i in np.random.default_rng(seed).permutation(y.shape[0]):
        w = w - learning_rate * 2 * (X[i] @ w - y[i]) * X[i]
    return w


def minibatch_epoch(w, X, y, learning_rate, batch_size, seed):
    n = y.shape[0]
    order = np.random.default_rng(seed).permutation(n)

    for start in range(0, n - batch_size + 1, batch_size):
        b = order[start : start + batch_size]
        w = w - learning_rate * 2 / batch_size * X[b].T @ (X[b] @ w - y[b])

    return w
