"""Public checks for the capstone: run them with `grader check capstone.py`.

Your pipeline is fitted on data/weather/train.csv and predicts data/weather/validation.csv,
whose answers you have. Each metric's check gives points by bands of the way your best model
went from the naive baseline to the reference pipeline (REFERENCE below): a third of its
points at 25 %, 50 % and 80 % of the way. When you are graded, the same bands are measured on
the private test set (worth more), and these checks count too.
"""

from pathlib import Path

import numpy as np

from grader.checks import check
from grader.predictions import HeldOut, Pipeline, Task, quality_check, read_table
from grader.predictions.comparison import agrees_with
from grader.predictions.probes import (
    deterministic,
    features_from_training_rows_only,
    learns_from_training_rows_only,
    needs_no_target,
    predicts_rows_with_gaps,
)

DATA = Path(__file__).resolve().parent.parent / "data" / "weather"
RAINFALL = Task("rainfall tomorrow", "rainfall_tomorrow", "regression", ("linear_regression",))
RAIN = Task(
    "rain tomorrow",
    "rain_tomorrow",
    "classification",
    ("knn", "decision_tree", "logistic_regression"),
    positive="Yes",
    smooth=("logistic_regression",),
)
WEATHER = Pipeline("fit_and_predict", read_table(DATA / "train.csv"), (RAINFALL, RAIN))

# The reference pipeline's scores on the validation set.
REFERENCE = {
    "linear_regression": {"mae": 3.9578472804, "mse": 169.3260904849, "r2": 0.1280249351},
    "knn": {"accuracy": 0.8458904110, "jaccard": 0.3617021277, "f1": 0.5312500000, "log_loss": 0.6247299374},
    "decision_tree": {"accuracy": 0.8476027397, "jaccard": 0.3257575758, "f1": 0.4914285714, "log_loss": 0.5366426876},
    "logistic_regression": {"accuracy": 0.8304794521, "jaccard": 0.3400000000, "f1": 0.5074626866, "log_loss": 0.3685561729},
}
VALIDATION = HeldOut("validation", read_table(DATA / "validation.csv"), "public", REFERENCE)


@check(points=2, hint="Learn medians, means, scales and categories from `train` alone, then "
                      "transform `test` with them: a row's features must not depend on the "
                      "other rows to predict.")
def test_features_of_the_validation_days(learner):
    """prepare_features gives finite features for every day, learnt from the training days"""
    features_from_training_rows_only(learner, WEATHER, VALIDATION)


@check(points=1, hint="Return a dict with an array of predictions per model, one per row of "
                      "`test`, in its order: rainfall in mm, probabilities of rain.")
def test_predictions_for_every_validation_day(project):
    """fit_and_predict gives each model's predictions for every validation day"""
    needs_no_target(project, WEATHER, VALIDATION)
    project.predictions(WEATHER, VALIDATION)


@check(points=1, hint="Fit scalers, imputers and encoders on the training rows only.")
def test_predictions_do_not_depend_on_the_other_rows_to_predict(project):
    """The same validation days get the same predictions, with or without the other days"""
    learns_from_training_rows_only(project, WEATHER, VALIDATION)


@check(points=1, hint="Pass `seed` as `random_state` to every model that draws at random.")
def test_the_same_seed_gives_the_same_predictions(project):
    """Called twice with the same seed, fit_and_predict predicts the same"""
    deterministic(project, WEATHER, VALIDATION)


@check(points=1, hint="Fill missing values with statistics of the training rows, in every "
                      "column: the days to predict may miss values the training days never miss.")
def test_days_with_missing_values_are_predicted(project):
    """Days with missing values in any column are predicted too"""
    predicts_rows_with_gaps(project, WEATHER, VALIDATION)


test_rainfall_mae_on_the_validation_set = quality_check(WEATHER, VALIDATION, "mae", points=1)
test_rainfall_mse_on_the_validation_set = quality_check(WEATHER, VALIDATION, "mse", points=1)
test_rainfall_r2_on_the_validation_set = quality_check(WEATHER, VALIDATION, "r2", points=1)
test_rain_accuracy_on_the_validation_set = quality_check(WEATHER, VALIDATION, "accuracy", points=1)
test_rain_jaccard_on_the_validation_set = quality_check(WEATHER, VALIDATION, "jaccard", points=1)
test_rain_f1_on_the_validation_set = quality_check(WEATHER, VALIDATION, "f1", points=1)
test_rain_log_loss_on_the_validation_set = quality_check(WEATHER, VALIDATION, "log_loss", points=1)


@check(points=2, hint="Compare with sklearn.metrics: mean_absolute_error, mean_squared_error, "
                      "r2_score, accuracy_score, jaccard_score, f1_score and log_loss.")
def test_the_comparison_agrees_with_scikit_learn(learner, project):
    """compare_models of your validation predictions agrees with scikit-learn's metrics"""
    _, predicted = project.predictions(WEATHER, VALIDATION)
    truth = {task.target: task.truth(VALIDATION.table) for task in WEATHER.tasks}
    expected = project.evaluations["validation"].learner
    agrees_with(learner.compare_models(truth, predicted), expected)


@check(points=1, hint="A classifier that never predicts rain has a Jaccard and an F1 score "
                      "of 0.0 (scikit-learn's zero_division); probabilities of exactly 0 or 1 "
                      "are clipped before the log loss.")
def test_the_comparison_of_a_model_that_never_predicts_rain(learner):
    """compare_models of a classifier sure it never rains, on four days with rain on one"""
    truth = {"rainfall_tomorrow": np.array([0.0, 5.0, 0.0, 0.0]),
             "rain_tomorrow": np.array([0, 1, 0, 0])}
    predictions = {"linear_regression": np.array([0.5, 2.0, 0.0, 1.5]),
                   "knn": np.array([0.0, 0.0, 0.0, 0.0])}
    agrees_with(learner.compare_models(truth, predictions), {
        "linear_regression": {"mae": 1.25, "mse": 2.875, "r2": 0.3866666666666667},
        "knn": {"accuracy": 0.75, "jaccard": 0.0, "f1": 0.0, "log_loss": 9.010913347279288},
    })
