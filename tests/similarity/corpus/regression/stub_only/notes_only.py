# Week 2 - regression metrics (started, not done yet)
"""Regression metrics: how far a model's predictions are from the true targets.

A regression model predicts a number for each sample. The mean squared error (MSE) averages
the squared differences between targets and predictions; R² compares that error with the
error of always predicting the mean of the targets: 1 is perfect, 0 is no better than the
mean, and a negative R² is worse than the mean.
"""

import numpy as np  # noqa: F401 (your code and the examples use it)


def mean_squared_error(y_true, y_pred):
    """MSE = (1/n) * sum of squared differences. TODO: use numpy

    Should return a float, not an array! Example gives 0.375.
    """
    raise NotImplementedError


def r2_score(y_true, y_pred):
    """R^2. Careful with SS_tot = 0 (constant y_true) -> 1.0 or 0.0.

        >>> r2_score(np.array([4.0, 4.0, 4.0]), np.array([4.0, 4.0, 4.0]))
        1.0
    """
    raise NotImplementedError
