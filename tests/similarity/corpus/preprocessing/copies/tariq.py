"""Preparing data: scale, fill in and encode features, and split rows for training and testing.

Models learn from numbers on comparable scales, with no holes. Each function here learns its
statistics (a mean, a minimum, the categories) from the training rows only, and applies the
same statistics to the training rows and to the test rows: the test rows stand for data the
model has never seen, so nothing may be learnt from them.
"""

from __future__ import annotations
import math
import numpy as np


def train_test_split(X: np.ndarray, y: np.ndarray, test_size: float, seed: int) -> tuple:
    """Split the rows of X and y into training and test rows, at random but reproducibly."""
    rows = X.shape[0]
    perm = np.random.default_rng(seed).permutation(rows)
    cut = math.ceil(test_size * rows)
    te_rows = perm[:cut]
    tr_rows = perm[cut:]
    return (X[tr_rows], X[te_rows], y[tr_rows], y[te_rows])


def min_max_scale(X_train: np.ndarray, X_test: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Scale each column to [0, 1] with the training rows' minimum and maximum."""
    lo = np.min(X_train, axis=0)
    hi = np.max(X_train, axis=0)
    span = hi - lo
    span = np.where(span == 0, 1.0, span)  # no division by 0
    return (X_train - lo) / span, (X_test - lo) / span


def standardize(X_train: np.ndarray, X_test: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Z-scores of each column, with the training rows' mean and standard deviation."""
    centre = np.mean(X_train, axis=0)
    spread = np.std(X_train, axis=0)
    # compare values to find flat columns (std can be 1e-17 and not 0)
    flat = (X_train == X_train[0, :]).all(axis=0)
    spread = np.where(flat, 1.0, spread)
    return (X_train - centre) / spread, (X_test - centre) / spread


def impute(X_train: np.ndarray, X_test: np.ndarray, strategy: str = "mean") -> tuple[np.ndarray, np.ndarray]:
    """Fill in missing values (NaN) with each column's mean or median over the training rows."""
    if strategy == "mean":
        fills = np.nanmean(X_train, axis=0)
    elif strategy == "median":
        fills = np.nanmedian(X_train, axis=0)
    else:
        raise ValueError(f"unknown strategy {strategy!r}")
    return np.where(np.isnan(X_train), fills, X_train), np.where(np.isnan(X_test), fills, X_test)


def one_hot_encode(train: list, test: list) -> tuple[np.ndarray, np.ndarray]:
    """One column per category of the training values, 1.0 where a row has that category."""
    cats = sorted(set(train))
    a = np.array([[1.0 if v == c else 0.0 for c in cats] for v in train])
    b = np.array([[1.0 if v == c else 0.0 for c in cats] for v in test])
    return a.reshape(len(train), len(cats)), b.reshape(len(test), len(cats))
