"""Mistake: test rows taken from the end of the order."""

import math

import numpy as np

MISTAKE = 'test rows taken from the end of the order'
HINT = ('the test rows are the first n_test of the order (order[:n_test]) and the training '
        'rows the rest')
FUNCTION = "train_test_split"


def standardize(X_train, X_test):
    X_train = np.asarray(X_train, dtype=float)
    X_test = np.asarray(X_test, dtype=float)
    mean = X_train.mean(axis=0)
    scale = X_train.std(axis=0)
    # Compared, not tested for a zero std: the std of equal decimals can round to 1e-17.
    scale[np.all(X_train == X_train[0], axis=0)] = 1.0
    return (X_train - mean) / scale, (X_test - mean) / scale


def min_max_scale(X_train, X_test):
    X_train = np.asarray(X_train, dtype=float)
    X_test = np.asarray(X_test, dtype=float)
    low = X_train.min(axis=0)
    span = X_train.max(axis=0) - low
    span[span == 0] = 1.0
    return (X_train - low) / span, (X_test - low) / span


def impute(X_train, X_test, strategy="mean"):
    X_train = np.array(X_train, dtype=float)
    X_test = np.array(X_test, dtype=float)
    statistic = np.nanmean if strategy == "mean" else np.nanmedian
    fill = statistic(X_train, axis=0)
    for X in (X_train, X_test):
        rows, columns = np.nonzero(np.isnan(X))
        X[rows, columns] = fill[columns]
    return X_train, X_test


def one_hot_encode(train, test):
    categories = sorted(set(train))
    column = {category: j for j, category in enumerate(categories)}

    def encode(values):
        encoded = np.zeros((len(values), len(categories)))
        for i, value in enumerate(values):
            if value in column:
                encoded[i, column[value]] = 1.0
        return encoded

    return encode(train), encode(test)


def train_test_split(X, y, test_size, seed):
    X = np.asarray(X)
    y = np.asarray(y)
    order = np.random.default_rng(seed).permutation(len(X))
    n_train = len(X) - math.ceil(test_size * len(X))
    train, test = order[:n_train], order[n_train:]  # the mistake: training rows first
    return X[train], X[test], y[train], y[test]
