"""Public checks for the logistic_regression module: run them with `grader check logistic_regression.py`."""

import numpy as np

from grader.checks import check

Y_TRUE = np.array([3.0, -0.5, 2.0, 7.0])
Y_PRED = np.array([2.5, 0.0, 2.0, 8.0])


@check(points=1, hint="The MAE is the mean, not the sum, of the absolute differences.")
def test_mae_of_four_predictions(learner):
    """MAE of four predictions"""
    learner.mean_absolute_error(Y_TRUE, Y_PRED).should_be_close(0.5)
