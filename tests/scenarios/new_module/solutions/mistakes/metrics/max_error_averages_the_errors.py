"""Mistake: the max error averages the absolute differences (that is the MAE)."""

import numpy as np

MISTAKE = "max error is the mean, not the largest, of the absolute errors"
HINT = "keep the largest absolute difference (np.max), do not average them"
FUNCTION = "max_error"


def mean_absolute_error(y_true, y_pred):
    return float(np.mean(np.abs(y_true - y_pred)))


def max_error(y_true, y_pred):
    return float(np.mean(np.abs(y_true - y_pred)))  # the mistake: mean, not max
