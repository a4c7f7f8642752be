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
    """Stochastic gradient descent, one epoch."""
    # one step per sample, in the shuffled order
    for k in np.random.default_rng(seed).permutation(len(y)):
        w -= learning_rate * 2 * (X[k] @ w - y[k]) * X[k]
    return w


def minibatch_epoch(w, X, y, learning_rate, batch_size, seed):
    """Mini-batch gradient descent, one epoch."""
    gen = np.random.default_rng(seed)
    perm = gen.permutation(len(y))
    count = -(-len(y) // batch_size)  # rounds up
    for b in range(count):
        # the last batch can be smaller
        idx = perm[b * batch_size:(b + 1) * batch_size]
        resid = X[idx] @ w - y[idx]
        w = w - learning_rate * (2 / len(idx)) * (X[idx].T @ resid)
    return w
