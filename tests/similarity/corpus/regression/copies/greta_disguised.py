"""Regression metrics: how far a model's predictions are from the true targets.

A regression model predicts a number for each sample. The mean squared error (MSE) averages
the squared differences between targets and predictions; R² compares that error with the
error of always predicting the mean of the targets: 1 is perfect, 0 is no better than the
mean, and a negative R² is worse than the mean.
"""

from __future__ import annotations
import numpy as np
from numpy.typing import NDArray


def r2_score(y_true, y_pred):
    """Computes R^2 (coefficient of determination).

    Returns 1 for a perfect fit, 0 if constant targets are mispredicted.
    """
    diff = _difference(y_true, y_pred)
    sum_sq_residual = float( np.dot( diff, diff ) )
    centred = np.asarray(y_true, dtype = float) - np.mean(y_true)
    sum_sq_total = float( np.dot( centred, centred ) )

    if sum_sq_total == 0.0:   # all targets equal -> no variance to explain
        if sum_sq_residual == 0.0:
            return 1.0
        return 0.0

    return 1.0 - sum_sq_residual / sum_sq_total


def mean_squared_error(y_true, y_pred):
    """The mean of the squared differences between targets and predictions.

    Parameters:
        y_true: float array of shape (n,), n >= 1, the true targets.
        y_pred: float array of shape (n,), the predictions.

    Returns:
        A single number (a float, not an array of one element):
        (1/n) * sum((y_true - y_pred) ** 2).

    >>> mean_squared_error(np.array([3.0, -0.5, 2.0, 7.0]), np.array([2.5, 0.0, 2.0, 8.0]))
    0.375
    """
    diff = _difference(y_true, y_pred)
    return float(
        np.dot(diff, diff) / diff.size
    )


def _difference(a: NDArray[np.float64], b: NDArray[np.float64]) -> NDArray[np.float64]:
    # both as float arrays, then subtract
    return np.asarray(a, dtype = float) - np.asarray(b, dtype = float)
