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

import numpy as np


def minibatch_epoch(w, X, y, learning_rate, batch_size, seed):
    """One epoch of mini-batch gradient descent: one step per batch of shuffled samples.

    The samples are put in the order np.random.default_rng(seed).permutation(n), then cut
    into consecutive batches of batch_size samples: order[0:batch_size],
    order[batch_size:2 * batch_size], and so on. The last batch holds what is left, and is
    shorter when batch_size does not divide n; it still takes its step. For each batch B of
    m samples, in that order, the weights take a step against the gradient of the batch's
    mean squared error (1/m) * sum((X[B] @ w - y[B]) ** 2):

        w = w - learning_rate * (2 / m) * X[B].T @ (X[B] @ w - y[B])

    with m the batch's own size (len(B), smaller for a short last batch). Each step starts
    from the weights the previous step left. With batch_size 1 this is sgd_epoch; with
    batch_size >= n it is one full gradient step.

    Parameters:
        w, X, y, learning_rate, seed: as in sgd_epoch.
        batch_size: int >= 1, the number of samples per batch.

    Returns:
        A new float array of shape (d,), the weights after the epoch's ceil(n / batch_size)
        steps. `w`, `X` and `y` are not changed.

    >>> X = np.array([[1.0, 0.0], [0.0, 1.0], [1.0, 1.0]])
    >>> minibatch_epoch(np.zeros(2), X, np.array([1.0, 2.0, 3.0]), 0.25, 2, 0)
    array([1.   , 1.375])
    """
    # shuffle rows and targets together, then walk through them batch by batch
    idx = np.arange(len(y))
    np.random.default_rng(seed).shuffle(idx)
    X_shuffled, y_shuffled = X[idx], y[idx]
    theta = w.copy()
    cuts = range(batch_size, len(y), batch_size)
    for X_batch, y_batch in zip(np.array_split(X_shuffled, cuts), np.array_split(y_shuffled, cuts),
                                strict=True):
        errors = X_batch.dot(theta) - y_batch
        theta = theta - learning_rate * 2 * np.mean(errors[:, None] * X_batch, axis=0)
    return theta


def sgd_epoch(w, X, y, learning_rate, seed):
    """One epoch of stochastic gradient descent: one step per sample, in a shuffled order.

    The samples are visited in the order np.random.default_rng(seed).permutation(n). For
    each sample i in that order, the weights take a step against the gradient of that
    sample's squared error (x_i @ w - y_i) ** 2, which is 2 * (x_i @ w - y_i) * x_i (with
    the factor 2, no 1/2 in the loss):

        w = w - learning_rate * 2 * (X[i] @ w - y[i]) * X[i]

    Each step starts from the weights the previous step left.

    Parameters:
        w: float array of shape (d,), the weights at the start of the epoch.
        X: float array of shape (n, d), one sample per row, n >= 1.
        y: float array of shape (n,), the targets.
        learning_rate: float >= 0, the size of each step.
        seed: int, the seed of the shuffle.

    Returns:
        A new float array of shape (d,), the weights after the n steps. With a learning
        rate of 0 the weights stay as they are. `w`, `X` and `y` are not changed.

    >>> np.random.default_rng(0).permutation(3)
    array([2, 0, 1])
    >>> X = np.array([[1.0, 0.0], [0.0, 1.0], [1.0, 1.0]])
    >>> sgd_epoch(np.zeros(2), X, np.array([1.0, 2.0, 3.0]), 0.25, 0)
    array([1.25, 1.75])
    """
    return minibatch_epoch(w, X, y, learning_rate, 1, seed)  # SGD is mini-batch with batches of 1
