"""Hidden checks for the logistic_regression module: edge cases and larger inputs (instructors only)."""

import numpy as np

from grader.checks import check

# Inputs drawn from a seeded generator: every run makes the same calls (`grader validate`).
_rng = np.random.default_rng(20240501)
RANDOM_TRUE = _rng.normal(10.0, 3.0, size=50)
RANDOM_PRED = RANDOM_TRUE + _rng.normal(0.0, 1.5, size=50)


@check(points=1, hint="Predictions above and below the targets both count as errors.")
def test_mae_of_errors_of_both_signs(learner):
    """MAE of errors of both signs"""
    learner.mean_absolute_error(np.array([1.0, 1.0]), np.array([0.0, 2.0])).should_be_close(1.0)


@check(points=2, hint="Average over all the samples.")
def test_mae_of_fifty_random_predictions(learner, reference):
    """MAE of fifty random predictions"""
    expected = reference.mean_absolute_error(RANDOM_TRUE, RANDOM_PRED)
    learner.mean_absolute_error(RANDOM_TRUE, RANDOM_PRED).should_be_close(expected)
