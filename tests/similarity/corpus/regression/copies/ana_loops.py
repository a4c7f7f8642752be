"""Regression metrics: how far a model's predictions are from the true targets.

A regression model predicts a number for each sample. The mean squared error (MSE) averages
the squared differences between targets and predictions; R² compares that error with the
error of always predicting the mean of the targets: 1 is perfect, 0 is no better than the
mean, and a negative R² is worse than the mean.
"""

import numpy as np  # noqa: F401 (your code and the examples use it)


def r2_score(y_true, y_pred):
    """R squared = 1 - SS_res / SS_tot (1.0 or 0.0 when the targets are all equal)."""
    mean = sum(y_true) / len(y_true)
    ss_tot = 0
    for t in y_true:
        ss_tot += (t - mean) ** 2
    ss_res = 0
    for t, p in zip(y_true, y_pred):
        ss_res += (t - p) ** 2
    if ss_tot == 0:  # every target the same
        return 1.0 if ss_res == 0 else 0.0
    return 1 - ss_res / ss_tot


def mean_squared_error(y_true, y_pred):
    """Mean squared error: average of (y_true - y_pred) squared, returned as a float."""
    # add up the squared errors and take the average
    total = sum((t - p) ** 2 for t, p in zip(y_true, y_pred))
    return total / len(y_true)
