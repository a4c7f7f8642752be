"""Mistake: the MAE averages the squared errors (that is the MSE)."""

import numpy as np

MISTAKE = "MAE averages squared errors instead of absolute errors"
HINT = "take the absolute value of each difference (np.abs) instead of squaring it"
FUNCTION = "mean_absolute_error"


def mean_absolute_error(y_true, y_pred):
    return float(np.mean((y_true - y_pred) ** 2))  # the mistake: squared, not absolute


def max_error(y_true, y_pred):
    return float(np.max(np.abs(y_true - y_pred)))
