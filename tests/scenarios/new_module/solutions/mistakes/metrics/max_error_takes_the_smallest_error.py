"""Mistake: the max error keeps the smallest absolute difference."""

import numpy as np

MISTAKE = "max error takes the smallest error, not the largest"
HINT = "keep the largest absolute difference (np.max, not np.min)"
FUNCTION = "max_error"


def mean_absolute_error(y_true, y_pred):
    return float(np.mean(np.abs(y_true - y_pred)))


def max_error(y_true, y_pred):
    return float(np.min(np.abs(y_true - y_pred)))  # the mistake: min, not max
