import math

import numpy as np


def standardize(X_train, X_test):
    n, d = X_train.shape
    means = np.zeros(d)
    stds = np.ones(d)
    for j in range(d):
        column = X_train[:, j]
        means[j] = sum(column) / n
        if not np.all(column == column[0]):
            stds[j] = math.sqrt(sum((v - means[j]) ** 2 for v in column) / n)
    return (X_train - means) / stds, (X_test - means) / stds


def min_max_scale(X_train, X_test):
    lo = X_train.min(axis=0)
    hi = X_train.max(axis=0)
    rng = np.where(hi > lo, hi - lo, 1.0)
    return (X_train - lo) / rng, (X_test - lo) / rng


def impute(X_train, X_test, strategy="mean"):
    filled_train = X_train.copy()
    filled_test = X_test.copy()
    for j in range(X_train.shape[1]):
        known = X_train[~np.isnan(X_train[:, j]), j]
        value = np.mean(known) if strategy == "mean" else np.median(known)
        filled_train[np.isnan(filled_train[:, j]), j] = value
        filled_test[np.isnan(filled_test[:, j]), j] = value
    return filled_train, filled_test


def one_hot_encode(train, test):
    categories = np.unique(train)
    train_codes = np.array(train)[:, None] == categories[None, :]
    test_codes = np.array(test)[:, None] == categories[None, :]
    return train_codes.astype(float), test_codes.astype(float)


def train_test_split(X, y, test_size, seed):
    rng = np.random.default_rng(seed)
    idx = rng.permutation(len(X))
    n_test = math.ceil(test_size * len(X))
    return X[idx[n_test:]], X[idx[:n_test]], y[idx[n_test:]], y[idx[:n_test]]
