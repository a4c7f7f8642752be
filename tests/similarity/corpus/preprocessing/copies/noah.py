"""Preparing data: scale, fill in and encode features, and split rows for training and testing.

Models learn from numbers on comparable scales, with no holes. Each function here learns its
statistics (a mean, a minimum, the categories) from the training rows only, and applies the
same statistics to the training rows and to the test rows: the test rows stand for data the
model has never seen, so nothing may be learnt from them.
"""

import math
import numpy as np  # noqa: F401 (your code and the examples use it)


def train_test_split(X, y, test_size, seed):
    """Shuffle the rows with the seed, the first ceil(test_size * n) are the test rows."""
    how_many = math.ceil(test_size * X.shape[0])
    generator = np.random.default_rng(seed)
    order = generator.permutation(X.shape[0])
    return (X[order[how_many:]], X[order[:how_many]],
            y[order[how_many:]], y[order[:how_many]])


def one_hot_encode(train, test):
    """One column per training category (sorted), unseen test values get all zeros."""
    categories = sorted(set(train))
    eye = np.eye(len(categories))
    blank = np.zeros(len(categories))
    lookup = dict(zip(categories, eye))  # category -> its row of the identity
    E_test = np.array([lookup.get(v, blank) for v in test]).reshape(len(test), len(categories))
    E_train = np.array([lookup[v] for v in train])
    return E_train, E_test


def impute(X_train, X_test, strategy="mean"):
    """Replace NaNs by the column mean/median of the training rows."""
    reducer = {"mean": np.nanmean, "median": np.nanmedian}[strategy]
    values = reducer(X_train, axis=0)
    return (np.where(np.isnan(X_train), values[np.newaxis, :], X_train),
            np.where(np.isnan(X_test), values[np.newaxis, :], X_test))


def standardize(X_train, X_test):
    """z = (x - mean) / std, with mean and std from the training rows only."""
    Z_test = np.empty_like(X_test, dtype=float)
    Z_train = np.empty_like(X_train, dtype=float)
    for j, column in enumerate(X_train.T):
        # constant column: nothing to divide by, it just gets centred
        if np.ptp(column) == 0:
            Z_train[:, j] = column - column.mean()
            Z_test[:, j] = X_test[:, j] - column.mean()
            continue
        Z_train[:, j] = (column - column.mean()) / column.std()
        Z_test[:, j] = (X_test[:, j] - column.mean()) / column.std()
    return Z_train, Z_test


def min_max_scale(X_train, X_test):
    """(x - min) / (max - min) per column, min and max of the training rows."""
    S_test = np.empty_like(X_test, dtype=float)
    S_train = np.empty_like(X_train, dtype=float)
    for j, column in enumerate(X_train.T):
        low, span = column.min(), np.ptp(column)
        if span == 0:
            span = 1.0  # like sklearn
        S_train[:, j] = (column - low) / span
        S_test[:, j] = (X_test[:, j] - low) / span
    return S_train, S_test
