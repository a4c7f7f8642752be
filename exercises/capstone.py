"""Capstone: will it rain tomorrow, and how much? A whole pipeline, on real weather data.

The data are daily weather summaries of four cities (Beijing, Chicago, Mumbai, San Diego,
2016-2017): see data/weather/README.md for every column. Each row is one day in one city.
Two things are predicted for the next day: its rainfall in mm (`rainfall_tomorrow`, a
regression) and whether it rains (`rain_tomorrow`, "Yes" or "No", a classification).

You receive two tables, data/weather/train.csv and data/weather/validation.csv. The grader
keeps a third, the test set, whose answers you never see: your pipeline is fitted on the
training table and judged on its predictions for the test set's days, against the reference
pipeline and a naive baseline (the mean rainfall; the majority class, "No"). `grader check`
does the same with the validation set, whose answers you have.

A table, as your functions receive it, is a dict of columns: `table["avg_temp"]` is a float
array (a missing value is NaN) and a text column such as `table["city"]` is a list of
strings (a missing value is None). `pandas.DataFrame(table)` makes a DataFrame of it, and
`grader.predictions.read_table("data/weather/train.csv")` reads a file into one, as the
grader does, for your own experiments.

scikit-learn may be used here: this is where the course's models meet real data.
"""

import numpy as np  # noqa: F401 (your code and the examples use it)

TARGETS = ("rainfall_tomorrow", "rain_tomorrow")


def prepare_features(train, test):
    """Turn the training table and a table to predict into numeric feature matrices.

    Parameters:
        train: a table with every column of data/weather/train.csv, targets included.
        test: a table of days to predict: the same columns but the two targets. Any column
            may have missing values, even one that has none in `train`.

    Returns:
        A tuple (X_train, X_test) of 2-D float arrays with the same columns, one row per row
        of `train` and of `test`, in their order, and no NaN: missing values filled, text
        columns encoded as numbers (one column per category, say), numbers scaled. The
        targets are not features.

    Everything the preparation learns (medians to fill gaps, means and scales, categories)
    is learnt from `train` alone and then applied, unchanged, to `test`: a row of `test`
    must become the same features whichever other rows come with it.

    >>> X_train, X_test = prepare_features(train, validation_without_targets)
    >>> X_train.shape[0] == len(train["city"]), X_test.shape[1] == X_train.shape[1]
    (True, True)
    """
    raise NotImplementedError


def fit_and_predict(train, test, seed=0):
    """Fit the course's models on `train` and predict every row of `test`.

    Parameters:
        train: a table with every column of data/weather/train.csv, targets included.
        test: a table of days to predict, without the targets (see prepare_features).
        seed: an int; pass it as `random_state` to everything that draws at random, so that
            the same call always gives the same predictions.

    Returns:
        A dict with one float array of len(test's rows) per model:
        - "linear_regression": the rainfall tomorrow, in mm, a linear regression predicts;
        - "knn", "decision_tree", "logistic_regression": the probability of rain tomorrow
          (of "Yes") each classifier gives, between 0 and 1: `predict_proba(X)[:, 1]`.
        A classifier's label is "Yes" where its probability is above 0.5.

    Your models are judged by the bands between the naive baseline and the reference that
    the checks state, on the validation set when you self-check and on the private test set
    when you are graded. They learn from `train` only.

    >>> predictions = fit_and_predict(train, validation_without_targets, seed=0)
    >>> sorted(predictions)
    ['decision_tree', 'knn', 'linear_regression', 'logistic_regression']
    """
    raise NotImplementedError


def compare_models(truth, predictions):
    """The comparison the course asks for: each model's metrics on days whose answers are known.

    Parameters:
        truth: {"rainfall_tomorrow": float array of mm, "rain_tomorrow": int array of 0 and 1
            (1 for rain)}, the answers for the days predicted.
        predictions: a dict as fit_and_predict returns it.

    Returns:
        A dict per model name of dicts of floats:
        - "linear_regression": {"mae": ..., "mse": ..., "r2": ...};
        - each classifier: {"accuracy": ..., "jaccard": ..., "f1": ..., "log_loss": ...},
          the first three of its labels (probability above 0.5) with rain as the positive
          class, and the log loss of its probabilities.
        As scikit-learn's metrics give them: a Jaccard or F1 score that divides by zero is
        0.0, and the log loss clips probabilities as scikit-learn's log_loss does. Your own
        implementations from earlier modules are welcome: they are checked against
        scikit-learn's on the same predictions.

    >>> table = compare_models(validation_truth, predictions)
    >>> sorted(table["knn"])
    ['accuracy', 'f1', 'jaccard', 'log_loss']
    """
    raise NotImplementedError
