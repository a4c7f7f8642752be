"""Mistake: the MSE sums the squared errors instead of averaging them."""

import numpy as np

MISTAKE = "MSE is the sum, not the mean, of the squared errors"
HINT = ("your MSE equals the sum of the squared errors: divide by the number of samples "
        "(np.mean instead of np.sum)")
FUNCTION = "mean_squared_error"


def mean_squared_error(y_true, y_pred):
    return float(np.sum((y_true - y_pred) ** 2))  # the mistake: sum, not mean


def r2_score(y_true, y_pred):
    ss_res = np.sum((y_true - y_pred) ** 2)
    ss_tot = np.sum((y_true - y_true.mean()) ** 2)
    if ss_tot == 0:
        return 1.0 if ss_res == 0 else 0.0
    return float(1 - ss_res / ss_tot)
