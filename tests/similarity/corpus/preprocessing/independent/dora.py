import numpy as np
import math


def standardize(X_train, X_test):
    m = X_train.mean(0)
    s = X_train.std(0)
    s[(X_train == X_train[0]).all(0)] = 1
    return (X_train - m) / s, (X_test - m) / s


def min_max_scale(X_train, X_test):
    a, b = X_train.min(0), X_train.max(0)
    r = b - a
    r[r == 0] = 1
    return (X_train - a) / r, (X_test - a) / r


def impute(X_train, X_test, strategy="mean"):
    f = np.nanmedian(X_train, 0) if strategy == "median" else np.nanmean(X_train, 0)
    A, B = X_train.copy(), X_test.copy()
    i, j = np.where(np.isnan(A))
    A[i, j] = f[j]
    i, j = np.where(np.isnan(B))
    B[i, j] = f[j]
    return A, B


def one_hot_encode(train, test):
    cats = sorted(set(train))
    pos = {c: k for k, c in enumerate(cats)}
    A = np.zeros((len(train), len(cats)))
    B = np.zeros((len(test), len(cats)))
    for i, v in enumerate(train):
        A[i, pos[v]] = 1
    for i, v in enumerate(test):
        if v in pos:
            B[i, pos[v]] = 1
    return A, B


def train_test_split(X, y, test_size, seed):
    p = np.random.default_rng(seed).permutation(len(y))
    k = math.ceil(test_size * len(y))
    return X[p[k:]], X[p[:k]], y[p[k:]], y[p[:k]]
