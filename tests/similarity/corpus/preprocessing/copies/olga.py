"""Preparing data: scale, fill in and encode features, and split rows for training and testing.

Models learn from numbers on comparable scales, with no holes. Each function here learns its
statistics (a mean, a minimum, the categories) from the training rows only, and applies the
same statistics to the training rows and to the test rows: the test rows stand for data the
model has never seen, so nothing may be learnt from them.
"""

import math
import os
import sys

import numpy as np  # noqa: F401 (your code and the examples use it)

DEBUG = False


def column_stats(X):
    """mean and standard deviation of every column (my helper)"""
    n = X.shape[0]
    means = X.sum(axis=0) / n
    variances = ((X - means) ** 2).sum(axis=0) / (n - 1)
    if DEBUG:
        print("stats", means, variances)
    return means, np.sqrt(variances)


def column_ranges(X):
    return X.max(axis=0) - X.min(axis=0)


def standardize(X_train, X_test):
    """Z-scores of each column, with the training rows' mean and standard deviation.

    Parameters:
        X_train: float array of shape (n, d), the training rows (n >= 1).
        X_test: float array of shape (m, d), the test rows.

    Returns:
        A tuple (Z_train, Z_test) of new float arrays of shapes (n, d) and (m, d):
        (X - mean) / std for both, where mean and std are each column's mean and standard
        deviation over X_train (the population std, np.std's default: divide by n, not
        n - 1). A column whose training values are all equal has no spread: its std counts
        as 1, so that it becomes zeros in Z_train, as scikit-learn's StandardScaler does
        (tell such a column by its values: the std computed of equal decimals can be a
        rounding error such as 1e-17 rather than 0).
        `X_train` and `X_test` are not changed.

    >>> Z_train, Z_test = standardize(np.array([[1.0, 10.0], [3.0, 10.0], [5.0, 10.0]]),
    ...                               np.array([[7.0, 4.0]]))
    >>> Z_train
    array([[-1.22474487,  0.        ],
           [ 0.        ,  0.        ],
           [ 1.22474487,  0.        ]])
    >>> Z_test
    array([[ 2.44948974, -6.        ]])
    """
    means, stds = column_stats(X_train)
    n_features = X_train.shape[1]
    for j in range(X_train.shape[1]):
        if len(set(X_train[:, j])) == 1:
            stds[j] = 1.0
    Z_train = (X_train - means) / stds
    Z_test = (X_test - means) / stds
    if DEBUG:
        print(Z_train.shape, Z_test.shape, n_features)
    return Z_train, Z_test


def min_max_scale(X_train, X_test):
    """Scale each column to [0, 1] with the training rows' minimum and maximum.

    Parameters:
        X_train: float array of shape (n, d), the training rows (n >= 1).
        X_test: float array of shape (m, d), the test rows.

    Returns:
        A tuple (S_train, S_test) of new float arrays of shapes (n, d) and (m, d):
        (X - min) / (max - min) for both, where min and max are each column's over X_train.
        Test values outside the training range stay outside [0, 1] (they are not clipped).
        A column whose training values are all equal has range 0: it counts as 1, so that
        the column becomes zeros in S_train, as scikit-learn's MinMaxScaler does.
        `X_train` and `X_test` are not changed.

    >>> S_train, S_test = min_max_scale(np.array([[1.0, 10.0], [3.0, 10.0], [5.0, 10.0]]),
    ...                                 np.array([[7.0, 4.0]]))
    >>> S_train
    array([[0. , 0. ],
           [0.5, 0. ],
           [1. , 0. ]])
    >>> S_test
    array([[ 1.5, -6. ]])
    """
    lowest = X_train.min(axis=0)
    highest = X_train.max(axis=0)
    ranges = X_train.max(axis=0) - lowest
    for j in range(len(ranges)):
        if ranges[j] == 0:
            ranges[j] = 1
    return (X_train - lowest) / ranges, (X_test - lowest) / ranges


def impute(X_train, X_test, strategy="mean"):
    """Fill in missing values (NaN) with each column's mean or median over the training rows.

    Parameters:
        X_train: float array of shape (n, d), the training rows, with np.nan where a value
            is missing. Every column has at least one value that is not missing.
        X_test: float array of shape (m, d), the test rows, with np.nan where a value is
            missing.
        strategy: "mean" or "median".

    Returns:
        A tuple (F_train, F_test) of new float arrays of shapes (n, d) and (m, d): X_train
        and X_test with every NaN in column j replaced by the mean (or the median) of the
        values of column j of X_train that are not missing, as scikit-learn's SimpleImputer
        does. Values that are not missing are kept as they are. The median of an even number
        of values is the mean of the two middle ones. `X_train` and `X_test` are not changed.

    >>> F_train, F_test = impute(np.array([[1.0, np.nan], [3.0, 4.0], [np.nan, 8.0]]),
    ...                          np.array([[np.nan, np.nan]]))
    >>> F_train
    array([[1., 6.],
           [3., 4.],
           [2., 8.]])
    >>> F_test
    array([[2., 6.]])
    >>> impute(np.array([[1.0], [2.0], [9.0]]), np.array([[np.nan]]), "median")[1]
    array([[2.]])
    """
    train_out, test_out = np.copy(X_train), np.copy(X_test)
    for j in range(X_train.shape[1]):
        col = X_train[:, j]
        col = col[~np.isnan(col)]
        if strategy == "median":
            value = np.median(col)
        elif strategy == "mean":
            value = np.mean(col)
        else:
            value = np.mean(col)
        train_out[:, j][np.isnan(train_out[:, j])] = value
        test_out[:, j][np.isnan(test_out[:, j])] = value
    return train_out, test_out


def one_hot_encode(train, test):
    """One column per category of the training values, 1.0 where a row has that category.

    Parameters:
        train: list of n category values (all texts, or all ints), the training rows.
        test: list of m category values of the same kind, the test rows.

    Returns:
        A tuple (E_train, E_test) of float arrays of shapes (n, k) and (m, k), where k is
        the number of distinct values in `train`. The columns are the distinct training
        values in sorted order (sorted(set(train))); row i has 1.0 in the column of its
        value and 0.0 elsewhere. A test value that is not among the training values (an
        unseen category) is a row of zeros, as scikit-learn's
        OneHotEncoder(handle_unknown="ignore") does.

    >>> E_train, E_test = one_hot_encode(["red", "blue", "red", "green"], ["green", "pink"])
    >>> E_train
    array([[0., 0., 1.],
           [1., 0., 0.],
           [0., 0., 1.],
           [0., 1., 0.]])
    >>> E_test
    array([[0., 1., 0.],
           [0., 0., 0.]])
    """
    categories = sorted(set(train))
    index_of = {}
    for i, cat in enumerate(categories):
        index_of[cat] = i
    E_train = np.zeros((len(train), len(categories)))
    for row, value in enumerate(train):
        E_train[row, index_of[value]] = 1.0
    E_test = np.zeros((len(test), len(categories)))
    for row, value in enumerate(test):
        if value in index_of:
            E_test[row, index_of[value]] = 1.0
        else:
            pass  # unseen category stays all zeros
    return E_train, E_test


def train_test_split(X, y, test_size, seed):
    """Split the rows of X and y into training and test rows, at random but reproducibly.

    Parameters:
        X: array of shape (n, d), one sample per row.
        y: array of shape (n,), the target of each row.
        test_size: float between 0 and 1, the share of the rows that go to the test set.
        seed: int, the seed of the random order.

    Returns:
        A tuple (X_train, X_test, y_train, y_test), scikit-learn's order. The order of the
        rows is order = np.random.default_rng(seed).permutation(n); the first
        n_test = math.ceil(test_size * n) of them are the test rows and the rest the training
        rows, each in that order: X_test = X[order[:n_test]], X_train = X[order[n_test:]],
        and y the same, so that each row keeps its target. `X` and `y` are not changed.

    >>> X_train, X_test, y_train, y_test = train_test_split(
    ...     np.arange(10.0).reshape(5, 2), np.array([0, 1, 0, 1, 1]), 0.4, 0)
    >>> X_test
    array([[4., 5.],
           [8., 9.]])
    >>> y_test
    array([0, 1])
    >>> X_train
    array([[6., 7.],
           [0., 1.],
           [2., 3.]])
    >>> y_train
    array([1, 0, 1])
    """
    n = len(X)
    order = np.random.default_rng(seed).permutation(n)
    n_test = int(math.ceil(test_size * n))
    if n_test > n:
        print("test_size too large?")
    test_rows = order[:n_test]
    train_rows = order[n_test:]
    return X[train_rows], X[test_rows], y[train_rows], y[test_rows]
    print("done")
