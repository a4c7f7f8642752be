"""Public checks for the regression module: run them with `grader check regression.py`."""

import numpy as np

from grader.checks import check

Y_TRUE = np.array([3.0, -0.5, 2.0, 7.0])
Y_PRED = np.array([2.5, 0.0, 2.0, 8.0])


@check(points=1, hint="The MSE is the mean, not the sum, of the squared differences.")
def test_mse_of_four_predictions(learner):
    """MSE of four predictions"""
    learner.mean_squared_error(Y_TRUE, Y_PRED).should_be_close(0.375)


@check(points=1, hint="R² = 1 - SS_res / SS_tot, with SS_tot the sum of the squared "
                      "differences between y_true and the mean of y_true.")
def test_r2_of_four_predictions(learner):
    """R² of four predictions"""
    learner.r2_score(Y_TRUE, Y_PRED).should_be_close(0.9486081370449679)
