import numpy as np
from sklearn.preprocessing import StandardScaler, MinMaxScaler, OneHotEncoder
from sklearn.impute import SimpleImputer
import math


def standardize(X_train, X_test):
    s = StandardScaler().fit(X_train)
    return s.transform(X_train), s.transform(X_test)


def min_max_scale(X_train, X_test):
    s = MinMaxScaler().fit(X_train)
    return s.transform(X_train), s.transform(X_test)


def impute(X_train, X_test, strategy="mean"):
    s = SimpleImputer(strategy=strategy).fit(X_train)
    return s.transform(X_train), s.transform(X_test)


def one_hot_encode(train, test):
    e = OneHotEncoder(handle_unknown="ignore", sparse_output=False).fit(np.array(train).reshape(-1, 1))
    return e.transform(np.array(train).reshape(-1, 1)), e.transform(np.array(test).reshape(-1, 1))


def train_test_split(X, y, test_size, seed):
    order = np.random.default_rng(seed).permutation(len(X))
    k = math.ceil(test_size * len(X))
    return X[order[k:]], X[order[:k]], y[order[k:]], y[order[:k]]
