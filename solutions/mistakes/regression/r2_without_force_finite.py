"""Mistake: R² divides by SS_tot even when the targets are constant, giving NaN or -inf."""

import numpy as np

MISTAKE = "R² is NaN or -inf on constant targets"
HINT = ("when y_true is constant SS_tot is 0 and your R² divides by zero (NaN or -inf): "
        "test for SS_tot == 0 and return 1.0 for a perfect prediction, else 0.0")
FUNCTION = "r2_score"


def mean_squared_error(y_true, y_pred):
    return float(np.mean((y_true - y_pred) ** 2))


def r2_score(y_true, y_pred):
    ss_res = np.sum((y_true - y_pred) ** 2)
    ss_tot = np.sum((y_true - y_true.mean()) ** 2)
    return float(1 - ss_res / ss_tot)  # the mistake: no case for ss_tot == 0
