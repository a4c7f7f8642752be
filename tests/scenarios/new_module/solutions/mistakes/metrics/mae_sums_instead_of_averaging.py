"""Mistake: the MAE sums the absolute errors instead of averaging them."""

import numpy as np

MISTAKE = "MAE is the sum, not the mean, of the absolute errors"
HINT = "divide by the number of samples (np.mean instead of np.sum)"
FUNCTION = "mean_absolute_error"


def mean_absolute_error(y_true, y_pred):
    return float(np.sum(np.abs(y_true - y_pred)))  # the mistake: sum, not mean


def max_error(y_true, y_pred):
    return float(np.max(np.abs(y_true - y_pred)))
