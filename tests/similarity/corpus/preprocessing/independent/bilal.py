"""Preparing data: scale, fill in and encode features, and split rows for training and testing.

Models learn from numbers on comparable scales, with no holes. Each function here learns its
statistics (a mean, a minimum, the categories) from the training rows only, and applies the
same statistics to the training rows and to the test rows: the test rows stand for data the
model has never seen, so nothing may be learnt from them.
"""

import numpy as np
from sklearn.preprocessing import StandardScaler, MinMaxScaler, OneHotEncoder
from sklearn.impute import SimpleImputer
import math


def standardize(X_train, X_test):
    """Z-scores of each column, with the training rows' mean and standard deviation."""
    s = StandardScaler().fit(X_train)
    return s.transform(X_train), s.transform(X_test)


def min_max_scale(X_train, X_test):
    """Scale each column to [0, 1] with the training rows' minimum and maximum."""
    s = MinMaxScaler().fit(X_train)
    return s.transform(X_train), s.transform(X_test)


def impute(X_train, X_test, strategy="mean"):
    """Fill in missing values (NaN) with each column's mean or median over the training rows."""
    s = SimpleImputer(strategy=strategy).fit(X_train)
    return s.transform(X_train), s.transform(X_test)


def one_hot_encode(train, test):
    """One column per category of the training values, 1.0 where a row has that category."""
    e = OneHotEncoder(handle_unknown="ignore", sparse_output=False).fit(np.array(train).reshape(-1, 1))
    return e.transform(np.array(train).reshape(-1, 1)), e.transform(np.array(test).reshape(-1, 1))


def train_test_split(X, y, test_size, seed):
    """Split the rows of X and y into training and test rows, at random but reproducibly."""
    order = np.random.default_rng(seed).permutation(len(X))
    k = math.ceil(test_size * len(X))
    return X[order[k:]], X[order[:k]], y[order[k:]], y[order[:k]]
