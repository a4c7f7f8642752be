"""Preparing data: scale, fill in and encode features, and split rows for training and testing.

Models learn from numbers on comparable scales, with no holes. Each function here learns its
statistics (a mean, a minimum, the categories) from the training rows only, and applies the
same statistics to the training rows and to the test rows: the test rows stand for data the
model has never seen, so nothing may be learnt from them.
"""

import numpy as np  # noqa: F401 (your code and the examples use it)
import math


def standardize(X_train, X_test):
    """Z-scores of each column, with the training rows' mean and standard deviation."""
    avg = X_train.mean(axis=0)
    dev = X_train.std(axis=0)
    same = np.all(X_train == X_train[0, :], axis=0)
    dev[same] = 1.0
    return (X_train - avg) / dev, (X_test - avg) / dev


def min_max_scale(X_train, X_test):
    """Scale each column to [0, 1] with the training rows' minimum and maximum."""
    low = X_train.min(axis=0)
    high = X_train.max(axis=0)
    spread = np.where(high == low, 1.0, high - low)
    return (X_train - low) / spread, (X_test - low) / spread


def fill_nans(X, strategy):
    X = X.copy()
    for j in range(X.shape[1]):
        missing = np.isnan(X[:, j])
        if strategy == "mean":
            X[missing, j] = np.nanmean(X[:, j])
        else:
            X[missing, j] = np.nanmedian(X[:, j])
    return X


def impute(X_train, X_test, strategy="mean"):
    """Fill in missing values (NaN) with each column's mean or median over the training rows."""
    # each set filled with its own column statistics
    return fill_nans(X_train, strategy), fill_nans(X_test, strategy)


def one_hot_encode(train, test):
    """One column per category of the training values, 1.0 where a row has that category."""
    cats = sorted(set(train))
    train_arr = np.array([[float(t == c) for c in cats] for t in train])
    test_arr = np.array([[float(t == c) for c in cats] for t in test])
    return train_arr, test_arr.reshape(len(test), len(cats))


def train_test_split(X, y, test_size, seed):
    """Split the rows of X and y into training and test rows, at random but reproducibly."""
    order = np.random.default_rng(seed).permutation(len(X))
    n_test = math.ceil(test_size * len(X))
    test_part, train_part = order[:n_test], order[n_test:]
    return X[train_part], X[test_part], y[train_part], y[test_part]
