"""Public checks for the optimization module: run them with `grader check optimization.py`."""

import numpy as np

from grader.checks import check

X = np.array([[1.0, 0.0], [0.0, 1.0], [1.0, 1.0], [2.0, 1.0]])
Y = np.array([0.0, 0.0, 0.0, 1.0])
W = np.array([1.0, 1.0])


@check(points=1, hint="The gradient is (2/n) * X.T @ (X @ w - y), with n the number of samples.")
def test_gradient_for_four_samples_and_two_features(learner):
    """Gradient for four samples with two features"""
    learner.mse_gradient(W, X, Y).should_be_close([3.5, 2.5])


@check(points=1, hint="A step goes against the gradient: w - learning_rate * gradient.")
def test_one_gradient_step(learner):
    """One gradient step with learning rate 0.1"""
    learner.gradient_step(W, X, Y, 0.1).should_be_close([0.65, 0.75])
