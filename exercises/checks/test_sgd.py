"""Public checks for the sgd module: run them with `grader check sgd.py`."""

import numpy as np

from grader.checks import check

X = np.array([[1.0, 0.0], [0.0, 1.0], [1.0, 1.0], [2.0, 1.0]])
Y = np.array([1.0, -1.0, 2.0, 4.0])
W = np.array([0.5, -0.5])

ORDER_HINT = ("Visit the samples in the order np.random.default_rng(seed).permutation(n), "
              "and index X and y with the same positions.")


@check(points=1, hint=ORDER_HINT + " Each step is w - learning_rate * 2 * (X[i] @ w - y[i]) "
                                   "* X[i], from the weights the previous step left.")
def test_one_sgd_epoch_over_four_samples(learner):
    """One SGD epoch over four samples with learning rate 0.1 and seed 0"""
    learner.sgd_epoch(W, X, Y, 0.1, 0).should_be_close([1.896, 0.208])


@check(points=1, hint="A learning rate of 0 makes every step zero: the weights stay as they are.")
def test_an_sgd_epoch_with_a_learning_rate_of_zero_keeps_the_weights(learner):
    """An SGD epoch with learning rate 0 leaves the weights where they are"""
    learner.sgd_epoch(W, X, Y, 0.0, 0).should_be_close(W)


@check(points=1, hint=ORDER_HINT + " Cut the order into batches of batch_size samples; each "
                                   "step is w - learning_rate * (2 / m) * X[B].T @ (X[B] @ w - "
                                   "y[B]), with m the batch's size.")
def test_one_minibatch_epoch_of_two_batches_of_two(learner):
    """One mini-batch epoch of two batches of two samples"""
    learner.minibatch_epoch(W, X, Y, 0.1, 2, 0).should_be_close([1.31, -0.09])


@check(points=1, hint="With 4 samples and batches of 3 the last batch holds one sample: it "
                      "still takes its step, with m = 1 in (2 / m).")
def test_a_minibatch_epoch_ends_with_a_short_batch(learner):
    """A mini-batch epoch of batches of three, the last one short"""
    learner.minibatch_epoch(W, X, Y, 0.1, 3, 0) \
        .should_be_close([1.8933333333333333, 0.21333333333333335])
