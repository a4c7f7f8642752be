"""Logistic regression: what this module teaches, in a paragraph learners read first.

Replace this text and the example function below with the module's own functions: each one
a contract (parameters, what it returns, what it must not change) and a worked example.
"""

import numpy as np  # noqa: F401 (your code and the examples use it)


def mean_absolute_error(y_true, y_pred):
    """The mean of the absolute differences between targets and predictions.

    Parameters:
        y_true: float array of shape (n,), n >= 1, the true targets (not changed).
        y_pred: float array of shape (n,), the predictions (not changed).

    Returns:
        A single number (a float, not an array of one element):
        (1/n) * sum(|y_true - y_pred|).

    >>> mean_absolute_error(np.array([3.0, -0.5, 2.0, 7.0]), np.array([2.5, 0.0, 2.0, 8.0]))
    0.5
    """
    raise NotImplementedError
