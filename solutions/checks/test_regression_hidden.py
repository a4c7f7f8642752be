"""Hidden checks for the regression module: edge cases and larger inputs (instructors only)."""

import numpy as np

from grader.checks import check

_rng = np.random.default_rng(20240501)
RANDOM_TRUE = _rng.normal(10.0, 3.0, size=50)
RANDOM_PRED = RANDOM_TRUE + _rng.normal(0.0, 1.5, size=50)

CONSTANT = np.array([4.0, 4.0, 4.0, 4.0])
FAR_FROM_ZERO = np.array([101.0, 99.0, 104.0, 96.0])

CONSTANT_HINT = ("When y_true is constant, SS_tot is 0 and 1 - SS_res / SS_tot divides by "
                 "zero: check for SS_tot == 0 first, and return 1.0 for a perfect prediction, "
                 "0.0 otherwise.")


@check(points=1, hint="With one sample the MSE is the squared difference of that sample.")
def test_mse_of_a_single_prediction(learner):
    """MSE of a single prediction"""
    learner.mean_squared_error(np.array([2.0]), np.array([5.0])).should_be_close(9.0)


@check(points=1, hint="A prediction equal to the targets has no error at all.")
def test_mse_of_a_perfect_prediction_is_zero(learner):
    """MSE of a perfect prediction is 0"""
    learner.mean_squared_error(FAR_FROM_ZERO, FAR_FROM_ZERO.copy()).should_be_close(0.0)


@check(points=2, hint="Square each difference, then average: np.mean((y_true - y_pred) ** 2), "
                      "returned as a single float.")
def test_mse_of_fifty_random_predictions(learner, reference):
    """MSE of fifty random predictions"""
    expected = reference.mean_squared_error(RANDOM_TRUE, RANDOM_PRED)
    learner.mean_squared_error(RANDOM_TRUE, RANDOM_PRED).should_be_close(expected)


@check(points=1, hint="SS_res is 0 for a perfect prediction, so R² is 1.")
def test_r2_of_a_perfect_prediction_is_one(learner):
    """R² of a perfect prediction is 1"""
    learner.r2_score(FAR_FROM_ZERO, FAR_FROM_ZERO.copy()).should_be_close(1.0)


@check(points=1, hint="Predicting the mean of y_true everywhere makes SS_res equal SS_tot.")
def test_r2_of_predicting_the_mean_is_zero(learner):
    """R² of predicting the mean is 0"""
    learner.r2_score(FAR_FROM_ZERO, np.full(4, 100.0)).should_be_close(0.0)


@check(points=1, hint="R² has no lower bound: predictions worse than the mean give R² < 0. "
                      "Do not clip it at 0.")
def test_r2_worse_than_the_mean_is_negative(learner):
    """R² of predictions worse than the mean is negative"""
    y_pred = np.array([96.0, 104.0, 99.0, 101.0])
    learner.r2_score(FAR_FROM_ZERO, y_pred).should_be_close(-1.9411764705882355)


@check(points=1, hint="SS_tot measures the spread of y_true around its mean, not around 0: "
                      "use (y_true - y_true.mean()) ** 2.")
def test_r2_of_targets_far_from_zero(learner):
    """R² of targets far from zero"""
    y_pred = np.array([100.0, 100.0, 103.0, 97.0])
    learner.r2_score(FAR_FROM_ZERO, y_pred).should_be_close(0.8823529411764706)


@check(points=2, hint=CONSTANT_HINT)
def test_r2_of_constant_targets_predicted_exactly_is_one(learner):
    """R² of constant targets predicted exactly is 1"""
    learner.r2_score(CONSTANT, CONSTANT.copy()).should_be_close(1.0)


@check(points=2, hint=CONSTANT_HINT)
def test_r2_of_constant_targets_predicted_wrongly_is_zero(learner):
    """R² of constant targets predicted wrongly is 0"""
    learner.r2_score(CONSTANT, np.array([3.0, 4.0, 5.0, 4.0])).should_be_close(0.0)


@check(points=1, hint="Predictions all off by the same amount correlate perfectly with the "
                      "targets, yet they are wrong: R² is 1 - SS_res / SS_tot, not the square of "
                      "the correlation (np.corrcoef).")
def test_r2_of_predictions_off_by_a_constant_is_below_one(learner):
    """R² of predictions all off by the same amount"""
    learner.r2_score(FAR_FROM_ZERO, FAR_FROM_ZERO + 2.0).should_be_close(0.5294117647058824)


@check(points=1, hint="Square each difference, then average: the MSE of errors of a "
                      "thousandth is a millionth, not zero.")
def test_mse_of_tiny_errors(learner):
    """MSE of errors a thousand times smaller than the targets"""
    y_true = np.array([0.002, -0.001, 0.004])
    y_pred = np.array([0.001, 0.001, 0.004])
    learner.mean_squared_error(y_true, y_pred).should_be_close(1.6666666666666667e-06, atol=0.0)


@check(points=2, hint="R² = 1 - SS_res / SS_tot, both sums (not means) of squared differences.")
def test_r2_of_fifty_random_predictions(learner, reference):
    """R² of fifty random predictions"""
    expected = reference.r2_score(RANDOM_TRUE, RANDOM_PRED)
    learner.r2_score(RANDOM_TRUE, RANDOM_PRED).should_be_close(expected)
