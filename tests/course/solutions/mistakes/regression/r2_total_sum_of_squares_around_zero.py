"""Mistake: R²'s SS_tot sums the squared targets (spread around 0) instead of around their mean."""

import numpy as np

MISTAKE = "R² denominator taken around 0 instead of around the mean"
HINT = ("your SS_tot is sum(y_true ** 2): measure the spread around the mean of y_true, "
        "sum((y_true - y_true.mean()) ** 2)")
FUNCTION = "r2_score"


def mean_squared_error(y_true, y_pred):
    return float(np.mean((y_true - y_pred) ** 2))


def r2_score(y_true, y_pred):
    ss_res = np.sum((y_true - y_pred) ** 2)
    ss_tot = np.sum(y_true**2)  # the mistake: around 0, not around the mean
    if ss_tot == 0:
        return 1.0 if ss_res == 0 else 0.0
    return float(1 - ss_res / ss_tot)
