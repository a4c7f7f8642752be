import numpy as np


def _zscore(X):
    std = X.std(axis=0)
    std[(X == X[0]).all(axis=0)] = 1
    return (X - X.mean(axis=0)) / std


def standardize(X_train, X_test):
    # scale both sets the same way
    return _zscore(X_train), _zscore(X_test)


def min_max_scale(X_train, X_test):
    mn, mx = X_train.min(axis=0), X_train.max(axis=0)
    rng = mx - mn
    rng[rng == 0] = 1
    return (X_train - mn) / rng, (X_test - mn) / rng


def impute(X_train, X_test, strategy="mean"):
    if strategy == "mean":
        fill = np.nanmean(X_train, axis=0)
    else:
        fill = np.nanmedian(X_train, axis=0)
    return np.where(np.isnan(X_train), fill, X_train), np.where(np.isnan(X_test), fill, X_test)


def one_hot_encode(train, test):
    cats = sorted(set(train))
    out_train = np.array([[1.0 if v == c else 0.0 for c in cats] for v in train])
    out_test = np.array([[1.0 if v == c else 0.0 for c in cats] for v in test])
    return out_train, out_test


def train_test_split(X, y, test_size, seed):
    order = np.random.default_rng(seed).permutation(len(X))
    n_test = int(np.ceil(test_size * len(X)))
    return X[order[n_test:]], X[order[:n_test]], y[order[n_test:]], y[order[:n_test]]
