"""The files `grader new module` writes: one worked example function, the example a course
author replaces with the module's own functions ($name and $title are filled in)."""

from __future__ import annotations

__all__ = [
    "HIDDEN_CHECKS",
    "MISTAKE",
    "MISTAKE_FILE",
    "PUBLIC_CHECKS",
    "QUIZ",
    "REFERENCE",
    "STUB",
]

STUB = '''\
"""$title: what this module teaches, in a paragraph learners read first.

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
'''

REFERENCE = '''\
"""$title: the reference solution (instructors only)."""

import numpy as np


def mean_absolute_error(y_true, y_pred):
    errors = np.asarray(y_true, dtype=float) - np.asarray(y_pred, dtype=float)
    return float(np.mean(np.abs(errors)))
'''

PUBLIC_CHECKS = '''\
"""Public checks for the $name module: run them with `grader check $name.py`."""

import numpy as np

from grader.checks import check

Y_TRUE = np.array([3.0, -0.5, 2.0, 7.0])
Y_PRED = np.array([2.5, 0.0, 2.0, 8.0])


@check(points=1, hint="The MAE is the mean, not the sum, of the absolute differences.")
def test_mae_of_four_predictions(learner):
    """MAE of four predictions"""
    learner.mean_absolute_error(Y_TRUE, Y_PRED).should_be_close(0.5)
'''

HIDDEN_CHECKS = '''\
"""Hidden checks for the $name module: edge cases and larger inputs (instructors only)."""

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
'''

MISTAKE_FILE = "mae_without_the_absolute_value.py"

MISTAKE = '''\
"""Mistake: the MAE averages the signed differences, so errors of both signs cancel."""

import numpy as np

MISTAKE = "MAE averages the signed differences, not their absolute values"
HINT = ("your MAE lets errors above and below the targets cancel out: take the absolute "
        "value of each difference (np.abs) before averaging")
FUNCTION = "mean_absolute_error"


def mean_absolute_error(y_true, y_pred):
    return float(np.mean(y_true - y_pred))  # the mistake: no absolute value
'''

QUIZ = '''\
# The $name quiz: questions, choices, answer keys and feedback. INSTRUCTORS ONLY.
#
# This is the one file to edit. Learners receive exercises/quizzes/$name.toml, written
# from this one by `grader quiz build`; `grader quiz check` finds authoring mistakes.
# The format is described in the README ("Quizzes").
title = "$title"
intro = """
Replace this example question with the module's own questions.
"""

[[questions]]
id = "what_mae_measures"
title = "What the MAE measures"
type = "single"
points = 1
text = "What does the mean absolute error (MAE) of a model's predictions measure?"

[[questions.choices]]
text = "The average distance between the targets and the predictions"
correct = true
feedback = "Yes: MAE = (1/n) Σ |y_i − ŷ_i|, every error counted as positive."

[[questions.choices]]
text = "The average of the signed differences between targets and predictions"
feedback = "Signed differences of both signs cancel out: the MAE takes their absolute values."
'''
