"""Public checks for the preprocessing module: run them with `grader check preprocessing.py`."""

import numpy as np

from grader.checks import check

NAN = np.nan


@check(points=1, hint="Subtract each column's mean and divide by its standard deviation "
                      "(X_train.mean(axis=0), X_train.std(axis=0)), for both sets of rows.")
def test_standardize_four_training_rows_and_two_test_rows(learner):
    """Standardise four training rows, and two test rows with the same statistics"""
    X_train = np.array([[0.0, 10.0], [0.0, 30.0], [6.0, 30.0], [6.0, 10.0]])
    X_test = np.array([[9.0, 0.0], [3.0, 40.0]])
    expected = ([[-1.0, -1.0], [-1.0, 1.0], [1.0, 1.0], [1.0, -1.0]], [[2.0, -2.0], [0.0, 2.0]])
    learner.standardize(X_train, X_test).should_be_close(expected)


@check(points=1, hint="Subtract each column's training minimum and divide by its training "
                      "range, max - min.")
def test_min_max_scale_three_training_rows_and_two_test_rows(learner):
    """Min-max scale three training rows, and two test rows with the same minimum and range"""
    X_train = np.array([[-2.0, 5.0], [0.0, 15.0], [6.0, 10.0]])
    X_test = np.array([[2.0, 20.0], [-4.0, 5.0]])
    expected = ([[0.0, 0.0], [0.25, 1.0], [1.0, 0.5]], [[0.5, 1.5], [-0.25, 0.0]])
    learner.min_max_scale(X_train, X_test).should_be_close(expected)


@check(points=1, hint="Fill each NaN with the mean of its column's training values that are "
                      "not missing (np.nanmean(X_train, axis=0)), in both sets of rows.")
def test_impute_with_the_mean(learner):
    """Fill in missing values with the training rows' column means"""
    X_train = np.array([[1.0, 2.0], [NAN, 4.0], [5.0, NAN], [6.0, 6.0]])
    X_test = np.array([[NAN, 1.0], [0.0, NAN]])
    expected = ([[1.0, 2.0], [4.0, 4.0], [5.0, 4.0], [6.0, 6.0]], [[4.0, 1.0], [0.0, 4.0]])
    learner.impute(X_train, X_test, "mean").should_be_close(expected)


@check(points=1, hint="One column per distinct training value, in sorted order "
                      "(sorted(set(train))), and 1.0 in the column of each row's value; a test "
                      "value the training rows do not have is a row of zeros.")
def test_one_hot_encode_three_animals_and_an_unseen_one(learner):
    """One-hot encode three animals, and a test animal the training rows do not have"""
    expected = ([[0.0, 1.0, 0.0], [0.0, 0.0, 1.0], [1.0, 0.0, 0.0], [0.0, 0.0, 1.0]],
                [[0.0, 0.0, 1.0], [0.0, 0.0, 0.0]])
    learner.one_hot_encode(["cat", "dog", "ant", "dog"], ["dog", "bee"]).should_be_close(expected)


@check(points=1, hint="order = np.random.default_rng(seed).permutation(n): the first "
                      "ceil(test_size * n) rows of that order are the test rows.")
def test_train_test_split_six_rows(learner):
    """Split six rows in half with the seed 42"""
    X = np.arange(12.0).reshape(6, 2)
    y = np.array([10, 11, 12, 13, 14, 15])
    expected = ([[8.0, 9.0], [2.0, 3.0], [0.0, 1.0]], [[6.0, 7.0], [4.0, 5.0], [10.0, 11.0]],
                [14, 11, 10], [13, 12, 15])
    learner.train_test_split(X, y, 0.5, 42).should_be_close(expected)
