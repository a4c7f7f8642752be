"""Public checks of logistic_regression: run them with `grader check logistic_regression.py`."""

import numpy as np

from grader.checks import check

X = np.array([[1.0, 1.0], [1.0, -2.0], [1.0, 0.5], [1.0, -0.5]])  # a column of ones first
Y = np.array([1, 0, 0, 1])
W = np.array([0.5, -1.0])  # the scores X @ W are -0.5, 2.5, 0.0 and 1.0


@check(points=1, hint="σ(z) = 1 / (1 + exp(-z)); for z < 0 compute exp(z) / (1 + exp(z)), "
                      "so that no exp overflows and no inf / inf makes NaN.")
def test_sigmoid_of_five_scores(learner):
    """Sigmoid of five scores, two of them huge"""
    learner.sigmoid(np.array([0.0, 3.0, -3.0, 800.0, -800.0])) \
        .should_be_close([0.5, 0.9525741268224334, 0.04742587317756679, 1.0, 0.0])


@check(points=1, hint="Clip the probabilities to [eps, 1 - eps] first, then average "
                      "-(y * log(p) + (1 - y) * log(1 - p)) over the samples.")
def test_log_loss_of_five_predictions(learner):
    """Log loss of five predicted probabilities"""
    learner.log_loss(np.array([1, 1, 0, 0, 1]), np.array([0.8, 0.4, 0.3, 0.1, 0.95])) \
        .should_be_close(0.3305526074344948)


@check(points=1, hint="The probability is sigmoid(X @ w), one per sample; the label is 1 "
                      "where that probability is at least the threshold.")
def test_probabilities_and_labels_of_four_samples(learner):
    """Probabilities of four samples, and their labels at threshold 0.6"""
    learner.predict_proba(W, X) \
        .should_be_close([0.37754066879814546, 0.9241418199787566, 0.5, 0.7310585786300049])
    learner.predict(W, X, 0.6).should_equal([0, 1, 0, 1])


@check(points=1, hint="The gradient is (1/n) * X.T @ (sigmoid(X @ w) - y), and a step is "
                      "w - learning_rate * gradient.")
def test_gradient_and_one_step_for_four_samples(learner):
    """Gradient of the log loss for four samples, and one step with learning rate 0.5"""
    learner.log_loss_gradient(W, X, Y).should_be_close([0.13318526685172674, -0.5215680651185925])
    learner.gradient_step(W, X, Y, 0.5).should_be_close([0.43340736657413664, -0.7392159674407037])
