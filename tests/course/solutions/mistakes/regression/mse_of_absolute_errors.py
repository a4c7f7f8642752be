"""Mistake: the MSE averages the absolute errors (that is the MAE) instead of their squares."""

import numpy as np

MISTAKE = "MSE averages absolute errors instead of squared errors"
HINT = ("your MSE is the mean absolute error: square the differences "
        "((y_true - y_pred) ** 2) instead of taking their absolute value")
FUNCTION = "mean_squared_error"


def mean_squared_error(y_true, y_pred):
    return float(np.mean(np.abs(y_true - y_pred)))  # the mistake: abs, not square


def r2_score(y_true, y_pred):
    ss_res = np.sum((y_true - y_pred) ** 2)
    ss_tot = np.sum((y_true - y_true.mean()) ** 2)
    if ss_tot == 0:
        return 1.0 if ss_res == 0 else 0.0
    return float(1 - ss_res / ss_tot)
