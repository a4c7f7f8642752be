"""Preparing data: scale, fill in and encode features, and split rows for training and testing.

Models learn from numbers on comparable scales, with no holes. Each function here learns its
statistics (a mean, a minimum, the categories) from the training rows only, and applies the
same statistics to the training rows and to the test rows: the test rows stand for data the
model has never seen, so nothing may be learnt from them.
"""

import numpy as np  # noqa: F401 (your code and the examples use it)
import math


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
    n_rows = len(X_train)
    n_cols = len(X_train[0])
    Z_train = np.zeros((n_rows, n_cols))
    Z_test = np.zeros((len(X_test), n_cols))
    col = 0
    while col < n_cols:
        values = X_train[:, col]
        mean = values.mean()
        std = values.std()
        # all values the same -> no spread, use 1
        if values.min() == values.max():
            std = 1.0
        Z_train[:, col] = [(X_train[row, col] - mean) / std for row in range(n_rows)]
        Z_test[:, col] = [(X_test[row, col] - mean) / std for row in range(len(X_test))]
        col += 1
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
    S_train = np.zeros(X_train.shape)
    S_test = np.zeros(X_test.shape)
    for col in range(X_train.shape[1]):
        smallest = X_train[:, col].min()
        largest = X_train[:, col].max()
        width = largest - smallest
        if width == 0:
            width = 1.0
        S_train[:, col] = (X_train[:, col] - smallest) / width
        S_test[:, col] = (X_test[:, col] - smallest) / width
    return S_train, S_test


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
    F_train = X_train.copy()
    F_test = X_test.copy()
    for col in range(X_train.shape[1]):
        present = [value for value in X_train[:, col] if not math.isnan(value)]
        fill = np.mean(present) if strategy == "mean" else np.median(present)
        F_train[:, col] = [fill if math.isnan(v) else v for v in F_train[:, col]]
        F_test[:, col] = [fill if math.isnan(v) else v for v in F_test[:, col]]
    return F_train, F_test


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
    E_train = [[1.0 if value == category else 0.0 for category in categories] for value in train]
    E_test = [[1.0 if value == category else 0.0 for category in categories] for value in test]
    return np.array(E_train), np.array(E_test).reshape(len(test), len(categories))


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
    n_test = math.ceil(test_size * n)
    X_test = [X[row] for row in order[:n_test]]
    y_test = [y[row] for row in order[:n_test]]
    X_train = [X[row] for row in order[n_test:]]
    y_train = [y[row] for row in order[n_test:]]
    return np.array(X_train), np.array(X_test), np.array(y_train), np.array(y_test)
