"""Regression metrics: how far a model's predictions are from the true targets.

A regression model predicts a number for each sample. The mean squared error (MSE) averages
the squared differences between targets and predictions; R² compares that error with the
error of always predicting the mean of the targets: 1 is perfect, 0 is no better than the
mean, and a negative R² is worse than the mean.
"""

import numpy as np  # noqa: F401 (your code and the examples use it)


def mean_squared_error(y_true, y_pred):
    """The mean of the squared differences between targets and predictions.

    Parameters:
        y_true: float array of shape (n,), n >= 1, the true targets.
        y_pred: float array of shape (n,), the predictions.

    Returns:
        A single number (a float, not an array of one element):
        (1/n) * sum((y_true - y_pred) ** 2).

    >>> mean_squared_error(np.array([3.0, -0.5, 2.0, 7.0]), np.array([2.5, 0.0, 2.0, 8.0]))
    0.375
    """
    squared_error = 0
    for k in range(len(y_true)):
        error = y_true[k] - y_pred[k]
        squared_error = squared_error + error * error
    return squared_error


def r2_score(y_true, y_pred):
    """The coefficient of determination R² = 1 - SS_res / SS_tot.

    SS_res = sum((y_true - y_pred) ** 2) is the squared error of the predictions, and
    SS_tot = sum((y_true - mean(y_true)) ** 2) the squared error of predicting the mean.

    Parameters:
        y_true: float array of shape (n,), n >= 2, the true targets.
        y_pred: float array of shape (n,), the predictions.

    Returns:
        A single number (a float): 1.0 for a perfect prediction, negative when the
        predictions are worse than the mean. When y_true is constant, SS_tot is 0 and the
        formula divides by zero: return 1.0 if the prediction is perfect and 0.0 otherwise,
        as scikit-learn's r2_score does.

    >>> r2_score(np.array([3.0, -0.5, 2.0, 7.0]), np.array([2.5, 0.0, 2.0, 8.0]))
    0.9486081370449679
    >>> r2_score(np.array([4.0, 4.0, 4.0]), np.array([4.0, 4.0, 4.0]))
    1.0
    >>> r2_score(np.array([4.0, 4.0, 4.0]), np.array([3.0, 4.0, 5.0]))
    0.0
    """
    avg = np.average(y_true)
    top = 0
    bottom = 0
    for k in range(len(y_true)):
        top = top + (y_true[k] - y_pred[k]) * (y_true[k] - y_pred[k])
        bottom = bottom + (y_true[k] - avg) * (y_true[k] - avg)
    if bottom == 0:
        if top == 0:
            return 1.0
        else:
            return 0.0
    return 1 - top / bottom
