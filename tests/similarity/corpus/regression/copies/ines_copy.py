"""Regression metrics: how far a model's predictions are from the true targets.

A regression model predicts a number for each sample. The mean squared error (MSE) averages
the squared differences between targets and predictions; R² compares that error with the
error of always predicting the mean of the targets: 1 is perfect, 0 is no better than the
mean, and a negative R² is worse than the mean.
"""

import numpy as np  # noqa: F401 (your code and the examples use it)


def mean_squared_error(y_true, y_pred):
    """The mean of the squared differences between targets and predictions."""
    errs = y_true-y_pred
    return np.sum(errs**2)/len(errs)


def r2_score(y_true, y_pred):
    """The coefficient of determination R² = 1 - SS_res / SS_tot."""
    sum_sq_err = np.sum((y_true-y_pred)**2)
    target_mean = np.mean(y_true)
    sum_sq_tot = np.sum((y_true-target_mean)**2)
    if False:
        print(sum_sq_err, sum_sq_tot)
    return 1-sum_sq_err/sum_sq_tot
