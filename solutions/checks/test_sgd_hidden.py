"""Hidden checks for the sgd module: edge cases and larger inputs (instructors only)."""

import numpy as np

from grader.checks import check

# Inputs drawn from a seeded generator: every run makes the same calls (`grader validate`).
_rng = np.random.default_rng(20240521)
RANDOM_X = _rng.normal(size=(30, 3))
RANDOM_Y = RANDOM_X @ np.array([1.5, -2.0, 0.5]) + _rng.normal(0.0, 0.3, size=30)
RANDOM_W = _rng.normal(size=3)
LARGE_X = 1000.0 * _rng.normal(size=(12, 2))  # features of a thousand: tiny learning rates
LARGE_Y = LARGE_X @ np.array([0.3, -0.7]) + _rng.normal(0.0, 50.0, size=12)

SMALL_X = np.array([[1.0, 0.0], [0.0, 1.0], [1.0, 1.0], [2.0, 1.0], [-1.0, 0.5]])
SMALL_Y = np.array([1.0, -1.0, 2.0, 4.0, 0.5])
SMALL_W = np.array([0.5, -0.5])
FIT_W = np.array([2.0, -1.0])
FIT_Y = SMALL_X @ FIT_W  # targets these weights fit exactly

ORDER_HINT = ("Visit the samples in the order np.random.default_rng(seed).permutation(n), drawn "
              "once, and index X and y with the same positions (X[order], y[order]).")
SGD_HINT = ORDER_HINT + (" Each step is w - learning_rate * 2 * (X[i] @ w - y[i]) * X[i], from "
                         "the weights the previous step left.")
BATCH_HINT = ORDER_HINT + (" Cut the order into consecutive batches of batch_size; each step is "
                           "w - learning_rate * (2 / m) * X[B].T @ (X[B] @ w - y[B]), with m = "
                           "len(B).")
SHORT_BATCH_HINT = ("When batch_size does not divide n, the last batch is shorter: it still "
                    "takes its step, and its gradient is divided by its own size len(B), not "
                    "by batch_size.")


@check(points=1, hint="With one sample the epoch is one step: w - learning_rate * 2 * "
                      "(x @ w - y) * x.")
def test_sgd_epoch_over_a_single_sample(learner):
    """An SGD epoch over a single sample is one step"""
    X = np.array([[2.0, -1.0]])
    learner.sgd_epoch(np.array([1.0, 1.0]), X, np.array([3.0]), 0.05, 3) \
        .should_be_close([1.4, 0.8])


@check(points=1, hint="Where the weights fit every sample, every step is zero.")
def test_sgd_epoch_from_weights_that_fit_exactly_stays(learner):
    """An SGD epoch from weights that fit every sample stays put"""
    learner.sgd_epoch(FIT_W, SMALL_X, FIT_Y, 0.1, 5).should_be_close(FIT_W)


@check(points=2, hint=SGD_HINT)
def test_sgd_epoch_over_five_samples_of_both_signs(learner, reference):
    """An SGD epoch over five samples with features of both signs and seed 1"""
    expected = reference.sgd_epoch(SMALL_W, SMALL_X, SMALL_Y, 0.1, 1)
    learner.sgd_epoch(SMALL_W, SMALL_X, SMALL_Y, 0.1, 1).should_be_close(expected)


@check(points=2, hint=SGD_HINT)
def test_sgd_epoch_over_thirty_random_samples(learner, reference):
    """An SGD epoch over thirty random samples with seed 7"""
    expected = reference.sgd_epoch(RANDOM_W, RANDOM_X, RANDOM_Y, 0.05, 7)
    learner.sgd_epoch(RANDOM_W, RANDOM_X, RANDOM_Y, 0.05, 7).should_be_close(expected)


@check(points=2, hint=ORDER_HINT + " The seed is the one given, not a fixed one.")
def test_sgd_epoch_with_another_seed(learner, reference):
    """An SGD epoch over thirty random samples with seed 2024"""
    expected = reference.sgd_epoch(RANDOM_W, RANDOM_X, RANDOM_Y, 0.05, 2024)
    learner.sgd_epoch(RANDOM_W, RANDOM_X, RANDOM_Y, 0.05, 2024).should_be_close(expected)


@check(points=1, hint=SGD_HINT)
def test_sgd_epoch_with_features_of_a_thousand(learner, reference):
    """An SGD epoch over features of a thousand with learning rate 1e-7"""
    expected = reference.sgd_epoch(np.zeros(2), LARGE_X, LARGE_Y, 1e-7, 4)
    learner.sgd_epoch(np.zeros(2), LARGE_X, LARGE_Y, 1e-7, 4).should_be_close(expected)


@check(points=1, hint="A learning rate of 0 makes every step zero: the weights stay as they are.")
def test_minibatch_epoch_with_a_learning_rate_of_zero_keeps_the_weights(learner):
    """A mini-batch epoch with learning rate 0 leaves the weights where they are"""
    learner.minibatch_epoch(RANDOM_W, RANDOM_X, RANDOM_Y, 0.0, 4, 7).should_be_close(RANDOM_W)


@check(points=2, hint="With batches of one sample, mini-batch gradient descent is SGD: "
                      "m = 1 and the step is w - learning_rate * 2 * (X[i] @ w - y[i]) * X[i].")
def test_minibatch_epoch_with_batches_of_one_is_an_sgd_epoch(learner, reference):
    """A mini-batch epoch with batches of one sample is an SGD epoch"""
    expected = reference.sgd_epoch(SMALL_W, SMALL_X, SMALL_Y, 0.1, 1)
    learner.minibatch_epoch(SMALL_W, SMALL_X, SMALL_Y, 0.1, 1, 1).should_be_close(expected)


@check(points=2, hint=SHORT_BATCH_HINT + " With batch_size >= n the one batch holds every "
                      "sample: the epoch is one full gradient step.")
def test_minibatch_epoch_with_one_batch_larger_than_the_data(learner):
    """A mini-batch epoch whose batch size exceeds the number of samples is one full step"""
    learner.minibatch_epoch(SMALL_W, SMALL_X, SMALL_Y, 0.1, 8, 0).should_be_close([0.83, -0.275])


@check(points=2, hint=SHORT_BATCH_HINT)
def test_minibatch_epoch_ending_with_a_batch_of_one(learner, reference):
    """A mini-batch epoch over seven samples in batches of three, the last of one sample"""
    X, y = RANDOM_X[:7], RANDOM_Y[:7]
    expected = reference.minibatch_epoch(RANDOM_W, X, y, 0.1, 3, 2)
    learner.minibatch_epoch(RANDOM_W, X, y, 0.1, 3, 2).should_be_close(expected)


@check(points=2, hint=BATCH_HINT)
def test_minibatch_epoch_in_batches_that_divide_the_data(learner, reference):
    """A mini-batch epoch over thirty random samples in batches of five"""
    expected = reference.minibatch_epoch(RANDOM_W, RANDOM_X, RANDOM_Y, 0.1, 5, 11)
    learner.minibatch_epoch(RANDOM_W, RANDOM_X, RANDOM_Y, 0.1, 5, 11).should_be_close(expected)


@check(points=2, hint=BATCH_HINT + " " + SHORT_BATCH_HINT)
def test_minibatch_epoch_over_thirty_random_samples_with_a_short_last_batch(learner, reference):
    """A mini-batch epoch over thirty random samples in batches of four, the last of two"""
    expected = reference.minibatch_epoch(RANDOM_W, RANDOM_X, RANDOM_Y, 0.1, 4, 7)
    learner.minibatch_epoch(RANDOM_W, RANDOM_X, RANDOM_Y, 0.1, 4, 7).should_be_close(expected)


@check(points=1, hint=BATCH_HINT)
def test_minibatch_epoch_with_features_of_a_thousand(learner, reference):
    """A mini-batch epoch over features of a thousand with learning rate 1e-7"""
    expected = reference.minibatch_epoch(np.zeros(2), LARGE_X, LARGE_Y, 1e-7, 5, 4)
    learner.minibatch_epoch(np.zeros(2), LARGE_X, LARGE_Y, 1e-7, 5, 4).should_be_close(expected)
