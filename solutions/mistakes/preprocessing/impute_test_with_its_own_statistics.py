"""Mistake: the test rows filled in with their own statistics."""

import math

import numpy as np

MISTAKE = 'the test rows filled in with their own statistics'
HINT = ("the fill values come from the training rows only: fill the test rows' holes with the "
        "training rows' means (or medians), never with their own")
FUNCTION = "impute"


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
    statistic = np.nanmean if strategy == "mean" else np.nanmedian

    def fill(X):
        X = np.array(X, dtype=float)
        with np.errstate(all="ignore"):
            values = statistic(X, axis=0)
        rows, columns = np.nonzero(np.isnan(X))
        X[rows, columns] = values[columns]
        return X

    return fill(X_train), fill(X_test)  # the mistake: the test rows' own statistics


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
    n_test = math.ceil(test_size * len(X))
    test, train = order[:n_test], order[n_test:]
    return X[train], X[test], y[train], y[test]
