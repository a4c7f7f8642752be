"""Hidden checks for the capstone: the pipeline judged on the private test set.

The test set's rows are sent to the learner's process without their targets, which stay
here; a few of their values are missing besides those the data already misses (0.5 % of each
numeric column, as a station's outage would leave), and each prediction is measured against
the targets in this process. The bands are the public checks' (see the stub), on this set.
"""

from pathlib import Path

from grader.checks import check
from grader.predictions import METRICS, HeldOut, Pipeline, Task, read_table, stated, without
from grader.predictions.probes import needs_no_target, with_gaps

HERE = Path(__file__).resolve().parent
TRAIN = HERE.parent.parent / "exercises" / "data" / "weather" / "train.csv"
RAINFALL = Task("rainfall tomorrow", "rainfall_tomorrow", "regression", ("linear_regression",))
RAIN = Task(
    "rain tomorrow",
    "rain_tomorrow",
    "classification",
    ("knn", "decision_tree", "logistic_regression"),
    positive="Yes",
    smooth=("logistic_regression",),
)
WEATHER = Pipeline("fit_and_predict", read_table(TRAIN), (RAINFALL, RAIN))


def _private_set():
    table = read_table(HERE.parent / "data" / "weather_test.csv")
    features = with_gaps(without(table, WEATHER.targets), share=0.005, seed=19)
    return {**features, **{target: table[target] for target in WEATHER.targets}}


# The reference pipeline's scores on the private test set (its gaps included).
REFERENCE = {
    "linear_regression": {"mae": 3.3272819668, "mse": 90.3754248302, "r2": 0.1815926539},
    "knn": {"accuracy": 0.8339041096, "jaccard": 0.2814814815, "f1": 0.4393063584, "log_loss": 0.8707222261},
    "decision_tree": {"accuracy": 0.8047945205, "jaccard": 0.2191780822, "f1": 0.3595505618, "log_loss": 0.8848750610},
    "logistic_regression": {"accuracy": 0.8321917808, "jaccard": 0.2794117647, "f1": 0.4367816092, "log_loss": 0.3637877402},
}
TEST = HeldOut("test", _private_set(), "hidden", REFERENCE)


@check(points=2, hint="Every day of the test set needs a prediction from each model, whatever "
                      "values it misses, from the features alone.")
def test_predictions_for_every_test_day(project):
    """fit_and_predict predicts every day of the private test set"""
    needs_no_target(project, WEATHER, TEST)
    project.predictions(WEATHER, TEST)


def _quality_check(metric):
    @check(points=3, title=f"{METRICS[metric].title} of your best model, on the test set",
           hint=stated(METRICS[metric]))
    def test(project):
        project.meets(WEATHER, TEST, metric)

    return test


test_rainfall_mae_on_the_test_set = _quality_check("mae")
test_rainfall_mse_on_the_test_set = _quality_check("mse")
test_rainfall_r2_on_the_test_set = _quality_check("r2")
test_rain_accuracy_on_the_test_set = _quality_check("accuracy")
test_rain_jaccard_on_the_test_set = _quality_check("jaccard")
test_rain_f1_on_the_test_set = _quality_check("f1")
test_rain_log_loss_on_the_test_set = _quality_check("log_loss")
