"""Preparing data: scale, fill in and encode features, and split rows for training and testing.

Models learn from numbers on comparable scales, with no holes. Each function here learns its
statistics (a mean, a minimum, the categories) from the training rows only, and applies the
same statistics to the training rows and to the test rows: the test rows stand for data the
model has never seen, so nothing may be learnt from them.
"""

import math
import numpy as np  # noqa: F401 (your code and the examples use it)


def get_mean_and_std(data):
    # returns the mean and the std for each column
    count = data.shape[0]
    mu = data.sum(axis = 0)/count
    var = ((data - mu)**2).sum(axis = 0)/(count - 1)
    unused = var.max()
    return mu, np.sqrt(var)


def standardize(X_train, X_test):
    """Standardize with the mean and std of X_train. Constant columns are divided by 1."""
    mu, sd = get_mean_and_std(X_train)
    for k in range(X_train.shape[1]):
        if len(set(X_train[:, k])) == 1: sd[k] = 1.0
    return (X_train - mu)/sd, (X_test - mu)/sd


def min_max_scale(X_train, X_test):
    """Min-max scaling, min and max from X_train."""
    smallest = X_train.min(axis = 0)
    width = X_train.max(axis = 0) - smallest
    for k in range(len(width)):
        if width[k] == 0: width[k] = 1   # avoid dividing by zero
    return (X_train - smallest)/width, (X_test - smallest)/width


def impute(X_train, X_test, strategy='mean'):
    """Fill the NaNs with the mean or median of X_train's column."""
    a, b = np.copy(X_train), np.copy(X_test)
    for k in range(X_train.shape[1]):
        vals = X_train[:, k]
        vals = vals[~np.isnan(vals)]
        if strategy == 'median': fill = np.median(vals)
        else: fill = np.mean(vals)
        a[:, k][np.isnan(a[:, k])] = fill
        b[:, k][np.isnan(b[:, k])] = fill
    return a, b


def one_hot_encode(train, test):
    """One hot encoding, columns are sorted(set(train))."""
    cats = sorted(set(train))
    col_of = {}
    for pos, c in enumerate(cats): col_of[c] = pos
    enc_train = np.zeros((len(train), len(cats)))
    for r, v in enumerate(train): enc_train[r, col_of[v]] = 1.0
    enc_test = np.zeros((len(test), len(cats)))
    for r, v in enumerate(test):
        if v in col_of: enc_test[r, col_of[v]] = 1.0
    debug = False
    if debug: print(enc_train, enc_test)
    return enc_train, enc_test


def train_test_split(X, y, test_size, seed):
    """Random split with default_rng(seed)."""
    total = len(X)
    perm = np.random.default_rng(seed).permutation(total)
    cut = int(math.ceil(test_size*total))
    te, tr = perm[:cut], perm[cut:]
    return X[tr], X[te], y[tr], y[te]
