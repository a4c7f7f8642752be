"""Hidden checks for the preprocessing module: edge cases and larger inputs (instructors only)."""

import numpy as np

from grader.checks import check

NAN = np.nan

# Inputs drawn from a seeded generator: every run makes the same calls (`grader validate`).
_rng = np.random.default_rng(20240521)
RANDOM_TRAIN = _rng.normal(3.0, 2.0, size=(30, 4))
RANDOM_TEST = _rng.normal(5.0, 4.0, size=(10, 4))
LARGE_TRAIN = 1e8 + _rng.normal(size=(20, 3))
LARGE_TEST = 1e8 + _rng.normal(size=(5, 3))
_holes = _rng.random(size=(40, 5)) < 0.2
_holes[0] = False  # every column keeps values that are not missing
HOLED_TRAIN = np.where(_holes, NAN, _rng.normal(size=(40, 5)))
HOLED_TEST = np.where(_rng.random(size=(12, 5)) < 0.3, NAN, _rng.normal(size=(12, 5)))
SPLIT_X = _rng.normal(size=(50, 3))
SPLIT_Y = np.arange(100, 150)

TRAIN_ONLY_HINT = ("Learn the statistics from the training rows only, and transform the test "
                   "rows with those same statistics: statistics of the test rows' own leak "
                   "what a model must not see.")
STD_HINT = ("The standard deviation divides by n, not n - 1 (np.std's default, ddof=0, as "
            "scikit-learn's StandardScaler), and each column has its own mean and std.")
CONSTANT_HINT = ("A column whose training values are all equal becomes zeros: its std counts as "
                 "1. Tell it by its values (np.all(X == X[0], axis=0)): the std of equal "
                 "decimals can be 1e-17, not 0.")
RANGE_HINT = ("Subtract the training minimum and divide by the training range (max - min) of "
              "each column; a constant column's range counts as 1; do not clip the test rows.")
IMPUTE_HINT = ("Fill each NaN with its column's mean (or median) over the training values that "
               "are not missing (np.nanmean, np.nanmedian); keep every other value as it is.")
ONE_HOT_HINT = ("One column per distinct training value, in sorted order (sorted(set(train))); "
                "a test value the training rows lack is a row of zeros.")
SPLIT_HINT = ("order = np.random.default_rng(seed).permutation(n); n_test = "
              "math.ceil(test_size * n); the test rows are order[:n_test], the training rows "
              "order[n_test:], for X and y alike.")


@check(points=2, hint=TRAIN_ONLY_HINT)
def test_standardize_test_rows_far_from_the_training_rows(learner):
    """Standardise test rows far from the training rows with the training statistics"""
    X_train = np.array([[1.0], [3.0]])
    X_test = np.array([[101.0], [103.0], [105.0]])
    expected = ([[-1.0], [1.0]], [[99.0], [101.0], [103.0]])
    learner.standardize(X_train, X_test).should_be_close(expected)


@check(points=2, hint=STD_HINT)
def test_standardize_thirty_random_rows(learner, reference):
    """Standardise thirty random rows of four columns and ten test rows"""
    expected = reference.standardize(RANDOM_TRAIN, RANDOM_TEST)
    learner.standardize(RANDOM_TRAIN, RANDOM_TEST).should_be_close(expected)


@check(points=1, hint=CONSTANT_HINT)
def test_standardize_a_single_training_row(learner):
    """Standardise with a single training row: every column is constant"""
    X_train = np.array([[2.0, -3.0]])
    X_test = np.array([[4.0, -3.0], [0.0, 1.0]])
    learner.standardize(X_train, X_test).should_be_close(([[0.0, 0.0]], [[2.0, 0.0], [-2.0, 4.0]]))


@check(points=1, hint=CONSTANT_HINT)
def test_standardize_a_constant_column_of_decimals(learner):
    """Standardise a constant column of 0.1s, whose computed std is not exactly 0"""
    X_train = np.array([[0.1, 1.0], [0.1, 2.0], [0.1, 3.0]])
    X_test = np.array([[0.1, 2.0]])
    expected = ([[0.0, -1.22474487], [0.0, 0.0], [0.0, 1.22474487]], [[0.0, 0.0]])
    learner.standardize(X_train, X_test).should_be_close(expected, atol=1e-6)


@check(points=1, hint="Compute the std as the root of the mean squared deviation from the mean, "
                      "not as mean(x²) - mean(x)², which loses every digit at 1e8 (np.std does "
                      "it right).")
def test_standardize_values_near_a_hundred_million(learner, reference):
    """Standardise values near a hundred million"""
    expected = reference.standardize(LARGE_TRAIN, LARGE_TEST)
    learner.standardize(LARGE_TRAIN, LARGE_TEST).should_be_close(expected, atol=1e-6)


@check(points=2, hint=TRAIN_ONLY_HINT)
def test_min_max_scale_test_rows_outside_the_training_range(learner):
    """Min-max scale test rows below and above the training range, unclipped"""
    X_train = np.array([[-4.0, 10.0], [-2.0, 30.0], [0.0, 20.0]])
    X_test = np.array([[-8.0, 50.0], [2.0, 0.0]])
    expected = ([[0.0, 0.0], [0.5, 1.0], [1.0, 0.5]], [[-1.0, 2.0], [1.5, -0.5]])
    learner.min_max_scale(X_train, X_test).should_be_close(expected)


@check(points=1, hint=RANGE_HINT)
def test_min_max_scale_a_constant_column(learner):
    """Min-max scale a column whose training values are all equal"""
    X_train = np.array([[5.0, 1.0], [5.0, 3.0]])
    X_test = np.array([[7.0, 2.0]])
    learner.min_max_scale(X_train, X_test).should_be_close(([[0.0, 0.0], [0.0, 1.0]], [[2.0, 0.5]]))


@check(points=2, hint=RANGE_HINT)
def test_min_max_scale_thirty_random_rows(learner, reference):
    """Min-max scale thirty random rows of four columns and ten test rows"""
    expected = reference.min_max_scale(RANDOM_TRAIN, RANDOM_TEST)
    learner.min_max_scale(RANDOM_TRAIN, RANDOM_TEST).should_be_close(expected)


@check(points=2, hint=TRAIN_ONLY_HINT)
def test_impute_test_rows_with_the_training_means(learner):
    """Fill in test rows whose own means differ, with the training means"""
    X_train = np.array([[1.0, 2.0], [3.0, NAN], [NAN, 4.0]])
    X_test = np.array([[NAN, 100.0], [50.0, NAN], [10.0, 20.0]])
    expected = ([[1.0, 2.0], [3.0, 3.0], [2.0, 4.0]], [[2.0, 100.0], [50.0, 3.0], [10.0, 20.0]])
    learner.impute(X_train, X_test, "mean").should_be_close(expected)


@check(points=1, hint=IMPUTE_HINT)
def test_impute_leaves_columns_without_missing_values_alone(learner):
    """Fill in a column with missing values beside two without"""
    X_train = np.array([[1.0, -5.0, 7.0], [2.0, NAN, 8.0], [3.0, 5.0, 9.0], [4.0, 9.0, 10.0]])
    X_test = np.array([[0.5, NAN, -1.0]])
    expected = ([[1.0, -5.0, 7.0], [2.0, 3.0, 8.0], [3.0, 5.0, 9.0], [4.0, 9.0, 10.0]],
                [[0.5, 3.0, -1.0]])
    learner.impute(X_train, X_test, "mean").should_be_close(expected)


@check(points=1, hint=IMPUTE_HINT + " The median of an even number of values is the mean of "
                                     "the two middle ones.")
def test_impute_with_the_median_of_an_even_count(learner):
    """Fill in with the median of four values, skewed by a large one"""
    X_train = np.array([[1.0], [NAN], [2.0], [4.0], [100.0]])
    X_test = np.array([[NAN], [0.0]])
    expected = ([[1.0], [3.0], [2.0], [4.0], [100.0]], [[3.0], [0.0]])
    learner.impute(X_train, X_test, "median").should_be_close(expected)


@check(points=2, hint=IMPUTE_HINT)
def test_impute_forty_random_rows_with_the_mean(learner, reference):
    """Fill in forty random rows with a fifth of their values missing, with the mean"""
    expected = reference.impute(HOLED_TRAIN, HOLED_TEST, "mean")
    learner.impute(HOLED_TRAIN, HOLED_TEST, "mean").should_be_close(expected)


@check(points=2, hint=IMPUTE_HINT)
def test_impute_forty_random_rows_with_the_median(learner, reference):
    """Fill in forty random rows with a fifth of their values missing, with the median"""
    expected = reference.impute(HOLED_TRAIN, HOLED_TEST, "median")
    learner.impute(HOLED_TRAIN, HOLED_TEST, "median").should_be_close(expected)


@check(points=2, hint=ONE_HOT_HINT + " Sort the values themselves: -1 < 3 < 10 as numbers.")
def test_one_hot_encode_negative_and_unsorted_integers(learner):
    """One-hot encode integer categories, negative and out of order"""
    expected = ([[0.0, 1.0, 0.0], [1.0, 0.0, 0.0], [0.0, 0.0, 1.0], [0.0, 1.0, 0.0]],
                [[0.0, 0.0, 1.0], [1.0, 0.0, 0.0]])
    learner.one_hot_encode([3, -1, 10, 3], [10, -1]).should_be_close(expected)


@check(points=2, hint=ONE_HOT_HINT)
def test_one_hot_encode_unseen_values_on_both_sides(learner):
    """One-hot encode unseen test values smaller, between and larger than the training ones"""
    expected = ([[0.0, 1.0], [1.0, 0.0], [0.0, 1.0]],
                [[0.0, 0.0], [0.0, 0.0], [0.0, 0.0], [0.0, 1.0]])
    learner.one_hot_encode(["lion", "bear", "lion"], ["ant", "cat", "zebra", "lion"]) \
        .should_be_close(expected)


@check(points=1, hint=ONE_HOT_HINT)
def test_one_hot_encode_a_single_category(learner):
    """One-hot encode training rows that all have the same value"""
    learner.one_hot_encode(["b", "b"], ["b", "a"]).should_be_close(([[1.0], [1.0]], [[1.0], [0.0]]))


@check(points=2, hint=SPLIT_HINT + " Round the number of test rows up: 2.5 rows make 3.")
def test_train_test_split_rounds_the_test_rows_up(learner, reference):
    """Split ten rows with a quarter for testing: three test rows"""
    X, y = SPLIT_X[:10], SPLIT_Y[:10]
    expected = reference.train_test_split(X, y, 0.25, 7)
    learner.train_test_split(X, y, 0.25, 7).should_be_close(expected)


@check(points=2, hint=SPLIT_HINT)
def test_train_test_split_fifty_rows(learner, reference):
    """Split fifty rows with a fifth for testing and the seed 2024"""
    expected = reference.train_test_split(SPLIT_X, SPLIT_Y, 0.2, 2024)
    learner.train_test_split(SPLIT_X, SPLIT_Y, 0.2, 2024).should_be_close(expected)


@check(points=1, hint=SPLIT_HINT + " Each row keeps its own target: index X and y with the "
                                    "same order.")
def test_train_test_split_keeps_each_row_with_its_target(learner):
    """Each row of a split keeps its own target"""
    X = np.array([[0.0], [1.0], [2.0], [3.0], [4.0]])
    y = np.array([0, 10, 20, 30, 40])
    expected = ([[1.0], [3.0], [0.0]], [[4.0], [2.0]], [10, 30, 0], [40, 20])
    learner.train_test_split(X, y, 0.4, 3).should_be_close(expected)
