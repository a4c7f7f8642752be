"""The classic mistakes of a prediction project, as the checks recognise them from what the
learner's pipeline does (grader.predictions.probes): each is named only when the behaviour
that gives it away was seen, never guessed from a low score."""

from __future__ import annotations

from grader.results import Misconception

__all__ = [
    "CONSTANT_REGRESSION",
    "FITTED_ON_TEST_ROWS",
    "LABELS_AS_PROBABILITIES",
    "MAJORITY_CLASS_ONLY",
    "NOT_SEEDED",
    "TARGET_AS_FEATURE",
    "TARGET_LEAKS_THROUGH_COLUMN",
    "TEST_ROWS_DROPPED",
]


def _mistake(id: str, name: str, hint: str, function: str = "fit_and_predict") -> Misconception:
    return Misconception(id, name, hint, function)


FITTED_ON_TEST_ROWS = _mistake(
    "fitted_on_test_rows",
    "scaling (or imputing, encoding, the model) fitted on the rows to predict",
    "The predictions for the same rows changed when other rows were added to the set to "
    "predict: something learnt from them. Fit every scaler, imputer, encoder and model on "
    "the training rows only, then use it as it is to transform and predict the others.",
)
NOT_SEEDED = _mistake(
    "not_seeded",
    "a random step that does not use the seed",
    "Called twice with the same seed, the pipeline predicted differently. Pass `seed` as "
    "`random_state` to every model and split that draws at random.",
)
MAJORITY_CLASS_ONLY = _mistake(
    "majority_class_only",
    "predicting the majority class only",
    "Every classifier predicts the same class for every day, as the naive baseline does: "
    "check that the classifiers are fitted on the features, and that your probabilities "
    "are those of rain (class 1), not of no rain.",
)
CONSTANT_REGRESSION = _mistake(
    "constant_regression",
    "predicting the same rainfall for every day",
    "The regression predicts one value for every row, as the mean-rainfall baseline does: "
    "fit it on the features, and return its predictions for the rows asked.",
)
LABELS_AS_PROBABILITIES = _mistake(
    "labels_as_probabilities",
    "labels returned as probabilities",
    "The logistic regression's 'probabilities' are all exactly 0 or 1: those are labels "
    "(`predict`). Return `predict_proba(X)[:, 1]`, the probability of rain, so that the log "
    "loss can judge how sure the model is.",
)
TARGET_AS_FEATURE = _mistake(
    "target_as_feature",
    "forgetting to drop the target",
    "The pipeline predicts only when it is given the column it must predict: the target "
    "was left among the features. Drop both target columns before fitting.",
)
TARGET_LEAKS_THROUGH_COLUMN = _mistake(
    "target_leaks_through_column",
    "label leakage through a column",
    "The pipeline predicts only when it is given tomorrow's rainfall, which is what rain "
    "tomorrow is made of: that column leaks the label. A feature must be known the day "
    "before: drop every column about tomorrow.",
)
TEST_ROWS_DROPPED = _mistake(
    "test_rows_dropped",
    "dropping the rows with missing values from the set to predict",
    "Fewer predictions came back than rows were given: rows with missing values were "
    "dropped. Every row needs a prediction: fill missing values (with statistics of the "
    "training rows) instead of dropping rows you must predict.",
)
