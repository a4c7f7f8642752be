"""Mistake: R² computed as the square of the correlation between targets and predictions."""

import numpy as np

MISTAKE = "R² as the squared correlation"
HINT = ("your R² is the square of the correlation of y_true and y_pred (np.corrcoef), which "
        "is 1 for predictions all off by the same amount and never negative: compute "
        "1 - SS_res / SS_tot")
FUNCTION = "r2_score"


def mean_squared_error(y_true, y_pred):
    return float(np.mean((y_true - y_pred) ** 2))


def r2_score(y_true, y_pred):
    return float(np.corrcoef(y_true, y_pred)[0, 1] ** 2)  # the mistake: correlation squared
