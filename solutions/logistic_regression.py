"""Logistic regression: the reference solution (instructors only)."""

import numpy as np


def mean_absolute_error(y_true, y_pred):
    errors = np.asarray(y_true, dtype=float) - np.asarray(y_pred, dtype=float)
    return float(np.mean(np.abs(errors)))
