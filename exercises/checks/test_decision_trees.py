"""Public checks for the decision_trees module: run them with `grader check decision_trees.py`."""

import numpy as np

from grader.checks import check

LABELS = np.array([0, 1, 1, 0, 1, 1])  # two 0s and four 1s


@check(points=1, hint="p_k is the share of the samples with label k (np.unique(y, "
                      "return_counts=True) counts them): Gini is 1 - sum(p_k ** 2), the entropy "
                      "-sum(p_k * np.log2(p_k)).")
def test_gini_impurity_and_entropy_of_six_labels(learner):
    """Gini impurity and entropy of six labels"""
    learner.gini(LABELS).should_be_close(4 / 9)
    learner.entropy(LABELS).should_be_close(0.918295834054489)


@check(points=1, hint="The parent's impurity minus the children's, each child weighted by its "
                      "share of the samples: n_left / n and n_right / n.")
def test_information_gain_of_a_split_of_six_labels(learner):
    """Information gain of a split of six labels"""
    left = np.array([True, False, False, True, False, True])  # labels 0, 0, 1 go left
    learner.information_gain(LABELS, left).should_be_close(2 / 9)


@check(points=1, hint="Sort the distinct values of x (np.unique), take the midpoints between "
                      "neighbours, and keep the one whose split x <= t has the largest gain.")
def test_best_threshold_on_one_feature(learner):
    """Best threshold on one feature"""
    x = np.array([2.0, 5.0, 7.0, 1.0, 3.0, 6.0])  # the two 0s have the smallest values
    learner.best_threshold(x, LABELS).should_be_close((2.5, 4 / 9))


@check(points=1, hint="Try every column with best_threshold and keep the largest gain; a leaf "
                      "predicts the most frequent label of its samples.")
def test_a_stump_on_six_samples(learner):
    """A stump on six samples: the best split, and the label of each leaf"""
    X = np.array([[0.5, 2.0], [0.2, 1.5], [0.9, 7.0], [0.1, 1.0], [0.4, 3.0], [0.3, 6.0]])
    learner.best_split(X, LABELS).should_be_close((1, 2.5, 2 / 9))
    learner.leaf_prediction(np.array([0, 1, 0])).should_equal(0)  # the samples with x1 <= 2.5
    learner.leaf_prediction(np.array([1, 1, 1])).should_equal(1)  # the others
