"""Hidden checks for the optimization module: edge cases and larger inputs (instructors only)."""

import numpy as np

from grader.checks import check

_rng = np.random.default_rng(20240504)
RANDOM_X = _rng.normal(size=(20, 3))
RANDOM_Y = _rng.normal(size=20)
RANDOM_W = _rng.normal(size=3)

SINGLE_X = np.array([[2.0, 3.0]])
SINGLE_Y = np.array([1.0])
WIDE_X = np.array([[1.0, 0.0, 2.0, 1.0], [0.0, 1.0, 1.0, 3.0]])  # more features than samples
WIDE_Y = np.array([1.0, 1.0])
WIDE_W = np.array([1.0, 0.0, 0.0, 1.0])
FIT_X = np.array([[1.0, 2.0], [0.0, 1.0], [3.0, 0.0]])
FIT_W = np.array([2.0, -1.0])
FIT_Y = FIT_X @ FIT_W  # targets the weights fit exactly

GRADIENT_HINT = ("The gradient is (2/n) * X.T @ (X @ w - y): the factor 2 from the square, "
                 "divided once by the number of samples n = len(y).")
TRANSPOSE_HINT = ("X has shape (n, d) and the residuals X @ w - y shape (n,): the gradient, "
                  "of shape (d,), is X.T @ residuals, not X @ residuals.")
STEP_HINT = "A step goes against the gradient: w - learning_rate * gradient."


@check(points=1, hint=GRADIENT_HINT)
def test_gradient_with_a_single_sample(learner):
    """Gradient for a single sample"""
    learner.mse_gradient(np.array([1.0, 1.0]), SINGLE_X, SINGLE_Y).should_be_close([16.0, 24.0])


@check(points=1, hint="When X @ w equals y every residual is 0, and so is the gradient.")
def test_gradient_is_zero_at_a_perfect_fit(learner):
    """Gradient is zero where the weights fit the targets exactly"""
    learner.mse_gradient(FIT_W, FIT_X, FIT_Y).should_be_close([0.0, 0.0])


@check(points=2, hint=TRANSPOSE_HINT)
def test_gradient_with_more_features_than_samples(learner):
    """Gradient for two samples with four features"""
    learner.mse_gradient(WIDE_W, WIDE_X, WIDE_Y).should_be_close([1.0, 2.0, 4.0, 7.0])


@check(points=1, hint=GRADIENT_HINT + " With one feature, X has shape (n, 1) and w shape (1,).")
def test_gradient_with_one_feature(learner):
    """Gradient for four samples with a single feature"""
    X = np.array([[1.0], [2.0], [3.0], [4.0]])
    learner.mse_gradient(np.array([0.5]), X, np.ones(4)).should_be_close([2.5])


@check(points=1, hint="At w = 0 the residuals are -y, so the gradient is -(2/n) * X.T @ y: "
                      "compute the residuals as X @ w - y, in that order.")
def test_gradient_at_zero_weights(learner):
    """Gradient at zero weights"""
    y = np.array([1.0, 2.0, 3.0])
    learner.mse_gradient(np.zeros(2), FIT_X, y) \
        .should_be_close([-6.666666666666667, -2.6666666666666665])


@check(points=2, hint=GRADIENT_HINT)
def test_gradient_on_random_data(learner, reference):
    """Gradient for twenty random samples with three features"""
    expected = reference.mse_gradient(RANDOM_W, RANDOM_X, RANDOM_Y)
    learner.mse_gradient(RANDOM_W, RANDOM_X, RANDOM_Y).should_be_close(expected)


@check(points=2, hint="The learning rate scales the step: with a learning rate of 0 the "
                      "weights do not move.")
def test_step_with_a_learning_rate_of_zero_keeps_the_weights(learner):
    """A step with learning rate 0 leaves the weights unchanged"""
    learner.gradient_step(RANDOM_W, RANDOM_X, RANDOM_Y, 0.0).should_be_close(RANDOM_W)


@check(points=1, hint=STEP_HINT)
def test_step_with_a_single_sample(learner):
    """A gradient step for a single sample"""
    learner.gradient_step(np.array([1.0, 1.0]), SINGLE_X, SINGLE_Y, 0.01) \
        .should_be_close([0.84, 0.76])


@check(points=1, hint="Where the gradient is zero, a step leaves the weights where they are.")
def test_step_at_a_perfect_fit_stays(learner):
    """A step from weights that fit exactly stays put"""
    learner.gradient_step(FIT_W, FIT_X, FIT_Y, 0.1).should_be_close(FIT_W)


@check(points=1, hint=STEP_HINT + " " + TRANSPOSE_HINT)
def test_step_with_more_features_than_samples(learner):
    """A gradient step for two samples with four features"""
    learner.gradient_step(WIDE_W, WIDE_X, WIDE_Y, 0.5).should_be_close([0.5, -1.0, -2.0, -2.5])


@check(points=2, hint=STEP_HINT)
def test_step_on_random_data(learner, reference):
    """A gradient step for twenty random samples with learning rate 0.05"""
    expected = reference.gradient_step(RANDOM_W, RANDOM_X, RANDOM_Y, 0.05)
    learner.gradient_step(RANDOM_W, RANDOM_X, RANDOM_Y, 0.05).should_be_close(expected)
