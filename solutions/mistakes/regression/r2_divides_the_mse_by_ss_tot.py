"""Mistake: R² divides the MSE (SS_res divided by n) by SS_tot, a sum: one side divided by n."""

import numpy as np

MISTAKE = "R² mixes a mean (MSE) and a sum (SS_tot)"
HINT = ("your R² is 1 - MSE / SS_tot: the MSE is divided by n but SS_tot is not. Use "
        "SS_res = sum((y_true - y_pred) ** 2), a sum like SS_tot")
FUNCTION = "r2_score"


def mean_squared_error(y_true, y_pred):
    return float(np.mean((y_true - y_pred) ** 2))


def r2_score(y_true, y_pred):
    ss_res = np.mean((y_true - y_pred) ** 2)  # the mistake: a mean over a sum
    ss_tot = np.sum((y_true - y_true.mean()) ** 2)
    if ss_tot == 0:
        return 1.0 if ss_res == 0 else 0.0
    return float(1 - ss_res / ss_tot)
