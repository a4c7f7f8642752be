"""Mistake: the MAE averages the signed differences, so errors of both signs cancel."""

import numpy as np

MISTAKE = "MAE averages the signed differences, not their absolute values"
HINT = ("your MAE lets errors above and below the targets cancel out: take the absolute "
        "value of each difference (np.abs) before averaging")
FUNCTION = "mean_absolute_error"


def mean_absolute_error(y_true, y_pred):
    return float(np.mean(y_true - y_pred))  # the mistake: no absolute value
