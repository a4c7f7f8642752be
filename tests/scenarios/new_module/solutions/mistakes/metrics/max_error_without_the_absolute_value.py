"""Mistake: the max error keeps the largest signed difference."""

import numpy as np

MISTAKE = "max error of signed differences: predictions too high are missed"
HINT = "take the absolute value of each difference (np.abs) before the maximum"
FUNCTION = "max_error"


def mean_absolute_error(y_true, y_pred):
    return float(np.mean(np.abs(y_true - y_pred)))


def max_error(y_true, y_pred):
    return float(np.max(y_true - y_pred))  # the mistake: no absolute value
