"""Regression metrics: how far predictions are from the truth."""

import numpy as np


def mean_squared_error(y_true, y_pred):
    """Mean of the squared differences between targets and predictions.

    >>> mean_squared_error(np.array([3.0, -0.5, 2.0, 7.0]), np.array([2.5, 0.0, 2.0, 8.0]))
    0.375
    """
    raise NotImplementedError


def r2_score(y_true, y_pred):
    """Coefficient of determination R² = 1 - SS_res / SS_tot.

    >>> r2_score(np.array([3.0, -0.5, 2.0, 7.0]), np.array([2.5, 0.0, 2.0, 8.0]))
    0.9486081370449679
    """
    raise NotImplementedError
