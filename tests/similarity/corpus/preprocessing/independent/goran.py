"""Preparing data: scale, fill in and encode features, and split rows for training and testing.

Models learn from numbers on comparable scales, with no holes. Each function here learns its
statistics (a mean, a minimum, the categories) from the training rows only, and applies the
same statistics to the training rows and to the test rows: the test rows stand for data the
model has never seen, so nothing may be learnt from them.
"""

import numpy as np
import math


def standardize(X_train, X_test):
    """Z-scores of each column, with the training rows' mean and standard deviation."""
    mean = np.mean(X_train, axis=0)
    # std of the sample
    std = np.std(X_train, axis=0, ddof=1)
    std[np.all(X_train == X_train[0], axis=0)] = 1.0
    return (X_train - mean) / std, (X_test - mean) / std


def min_max_scale(X_train, X_test):
    """Scale each column to [0, 1] with the training rows' minimum and maximum."""
    mn = np.min(X_train, axis=0)
    mx = np.max(X_train, axis=0)
    rng = mx - mn
    rng[rng == 0] = 1.0
    return (X_train - mn) / rng, (X_test - mn) / rng


def impute(X_train, X_test, strategy="mean"):
    """Fill in missing values (NaN) with each column's mean or median over the training rows."""
    if strategy == "mean":
        stat = np.nanmean(X_train, axis=0)
    else:
        stat = np.nanmedian(X_train, axis=0)
    train_filled = np.where(np.isnan(X_train), stat, X_train)
    test_filled = np.where(np.isnan(X_test), stat, X_test)
    return train_filled, test_filled


def one_hot_encode(train, test):
    """One column per category of the training values, 1.0 where a row has that category."""
    cats = sorted(set(train))
    train_enc = np.zeros((len(train), len(cats)))
    test_enc = np.zeros((len(test), len(cats)))
    for j, c in enumerate(cats):
        for i, v in enumerate(train):
            if v == c:
                train_enc[i, j] = 1.0
        for i, v in enumerate(test):
            if v == c:
                test_enc[i, j] = 1.0
    return train_enc, test_enc


def train_test_split(X, y, test_size, seed):
    """Split the rows of X and y into training and test rows, at random but reproducibly."""
    rng = np.random.default_rng(seed)
    perm = rng.permutation(X.shape[0])
    n_test = math.ceil(test_size * X.shape[0])
    return X[perm[n_test:]], X[perm[:n_test]], y[perm[n_test:]], y[perm[:n_test]]
