"""Hidden checks for the capstone: the pipeline judged on the private test set.

The test set's rows are sent to the learner's process without their targets, which stay
here; a few of their values are missing besides those the data already misses (0.5 % of each
numeric column, as a station's outage would leave), and each prediction is measured against
the targets in this process. The bands are the public checks' (see the stub), on this set.
"""

from pathlib import Path

import numpy as np

from grader.checks import check
from grader.checks.collect import load_trusted_module
from grader.predictions import HeldOut, quality_check, read_table, without
from grader.predictions.comparison import agrees_with
from grader.predictions.probes import features_from_training_rows_only, needs_no_target, with_gaps

HERE = Path(__file__).resolve().parent
# The pipeline as the public checks describe it (its tasks, models and training table).
WEATHER = load_trusted_module(
    HERE.parent.parent / "exercises" / "checks" / "test_capstone.py", "grader_capstone_public"
).WEATHER


def _private_set():
    table = read_table(HERE.parent / "data" / "weather_test.csv")
    features = with_gaps(without(table, WEATHER.targets), share=0.005, seed=19)
    return {**features, **{target: table[target] for target in WEATHER.targets}}


# The reference pipeline's scores on the private test set (its gaps included).
REFERENCE = {
    "linear_regression": {"mae": 3.5774183481, "mse": 75.7272341384, "r2": 0.2504301930},
    "knn": {"accuracy": 0.8520547945, "jaccard": 0.3250000000, "f1": 0.4905660377, "log_loss": 0.5940259167},
    "decision_tree": {"accuracy": 0.8301369863, "jaccard": 0.2530120482, "f1": 0.4038461538, "log_loss": 1.1200641595},
    "logistic_regression": {"accuracy": 0.8602739726, "jaccard": 0.3544303797, "f1": 0.5233644860, "log_loss": 0.3331816058},
}
TEST = HeldOut("test", _private_set(), "hidden", REFERENCE)


@check(points=2, hint="Every day of the test set needs a prediction from each model, whatever "
                      "values it misses, from the features alone.")
def test_predictions_for_every_test_day(project):
    """fit_and_predict predicts every day of the private test set"""
    needs_no_target(project, WEATHER, TEST)
    project.predictions(WEATHER, TEST)


@check(points=2, hint="Fill, encode and scale the test days with what the training days "
                      "taught: every test day, gaps and all, becomes finite features.")
def test_features_of_the_test_days(learner):
    """prepare_features gives finite features for every test day, learnt from the training days"""
    features_from_training_rows_only(learner, WEATHER, TEST)


@check(points=2, hint="A label is rain where the probability is above 0.5: 0.5 itself is no "
                      "rain. R² of a perfect regression is 1.")
def test_the_comparison_of_a_perfect_and_a_hesitant_model(learner):
    """compare_models of a perfect regression and a classifier that is never sure"""
    truth = {"rainfall_tomorrow": np.array([0.0, 12.5, 0.3, 0.0, 4.0]),
             "rain_tomorrow": np.array([0, 1, 1, 0, 1])}
    predictions = {"linear_regression": np.array([0.0, 12.5, 0.3, 0.0, 4.0]),
                   "logistic_regression": np.array([0.5, 0.51, 0.49, 0.2, 0.9])}
    agrees_with(learner.compare_models(truth, predictions), {
        "linear_regression": {"mae": 0.0, "mse": 0.0, "r2": 1.0},
        "logistic_regression": {"accuracy": 0.8, "jaccard": 2 / 3, "f1": 0.8,
                                "log_loss": 0.48166913773464237},
    })


test_rainfall_mae_on_the_test_set = quality_check(WEATHER, TEST, "mae", points=3)
test_rainfall_mse_on_the_test_set = quality_check(WEATHER, TEST, "mse", points=3)
test_rainfall_r2_on_the_test_set = quality_check(WEATHER, TEST, "r2", points=3)
test_rain_accuracy_on_the_test_set = quality_check(WEATHER, TEST, "accuracy", points=3)
test_rain_jaccard_on_the_test_set = quality_check(WEATHER, TEST, "jaccard", points=3)
test_rain_f1_on_the_test_set = quality_check(WEATHER, TEST, "f1", points=3)
test_rain_log_loss_on_the_test_set = quality_check(WEATHER, TEST, "log_loss", points=3)
