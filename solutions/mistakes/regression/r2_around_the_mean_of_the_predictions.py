"""Mistake: R²'s SS_tot is taken around the mean of the predictions instead of the targets."""

import numpy as np

MISTAKE = "R² denominator around the mean of y_pred"
HINT = ("your SS_tot uses the mean of y_pred: it measures the spread of y_true around the "
        "mean of y_true, sum((y_true - y_true.mean()) ** 2)")
FUNCTION = "r2_score"


def mean_squared_error(y_true, y_pred):
    return float(np.mean((y_true - y_pred) ** 2))


def r2_score(y_true, y_pred):
    ss_res = np.sum((y_true - y_pred) ** 2)
    ss_tot = np.sum((y_true - y_pred.mean()) ** 2)  # the mistake: mean of y_pred
    if ss_tot == 0:
        return 1.0 if ss_res == 0 else 0.0
    return float(1 - ss_res / ss_tot)
