import numpy as np


def standardize(X_train, X_test):
    mu = np.mean(X_train, axis=0)
    sigma = np.std(X_train, axis=0)
    sigma[np.all(X_train == X_train[0], axis=0)] = 1.0
    return (X_train - mu) / sigma, (X_test - mu) / sigma


def min_max_scale(X_train, X_test):
    low = np.min(X_train, axis=0)
    width = np.ptp(X_train, axis=0)
    width[width == 0] = 1.0
    return (X_train - low) / width, (X_test - low) / width


def impute(X_train, X_test, strategy="mean"):
    stat = np.nanmean(X_train, axis=0) if strategy == "mean" else np.nanmedian(X_train, axis=0)
    # fill the holes
    for X in (X_train, X_test):
        rows, cols = np.where(np.isnan(X))
        X[rows, cols] = stat[cols]
    return X_train, X_test


def one_hot_encode(train, test):
    categories = sorted(set(train))
    index = {c: i for i, c in enumerate(categories)}
    E_train = np.zeros((len(train), len(categories)))
    E_test = np.zeros((len(test), len(categories)))
    for i, c in enumerate(train):
        E_train[i, index[c]] = 1
    for i, c in enumerate(test):
        if c in index:
            E_test[i, index[c]] = 1
    return E_train, E_test


def train_test_split(X, y, test_size, seed):
    np.random.seed(seed)
    perm = np.random.permutation(len(X))
    n_test = int(np.ceil(test_size * len(X)))
    return X[perm[n_test:]], X[perm[:n_test]], y[perm[n_test:]], y[perm[:n_test]]
