"""Mistake: the MSE is returned as a one-element array [x] instead of a number."""

import numpy as np

MISTAKE = "MSE returned as a one-element array"
HINT = ("your MSE is right but comes back as an array of one element: return the number "
        "itself (np.mean(...) without keepdims, or .item())")
FUNCTION = "mean_squared_error"


def mean_squared_error(y_true, y_pred):
    return np.mean((y_true - y_pred) ** 2, keepdims=True)  # the mistake: an array, not a float


def r2_score(y_true, y_pred):
    ss_res = np.sum((y_true - y_pred) ** 2)
    ss_tot = np.sum((y_true - y_true.mean()) ** 2)
    if ss_tot == 0:
        return 1.0 if ss_res == 0 else 0.0
    return float(1 - ss_res / ss_tot)
