"""Public checks for the classification module: run them with `grader check classification.py`."""

import numpy as np

from grader.checks import check

X_TRAIN = np.array([[0.0, 0.0], [1.0, 0.0], [0.0, 1.0], [5.0, 5.0], [6.0, 5.0], [5.0, 6.0]])
Y_TRAIN = np.array([0, 0, 0, 1, 1, 1])


@check(points=1, hint="D[i, j] = sqrt(sum((A[i] - B[j]) ** 2)): square the differences of the "
                      "coordinates, add them up, then take the square root.")
def test_distances_between_two_pairs_of_points(learner):
    """Distances between two pairs of points"""
    A = np.array([[0.0, 0.0], [1.0, 2.0]])
    B = np.array([[3.0, 4.0], [1.0, 0.0]])
    learner.euclidean_distances(A, B).should_be_close([[5.0, 1.0], [2.8284271247461903, 2.0]])


@check(points=1, hint="Count how often each label occurs and return the label with the "
                      "largest count (np.unique(labels, return_counts=True) does the counting).")
def test_majority_of_five_labels(learner):
    """Majority of five labels"""
    learner.majority_vote(np.array([2, 1, 2, 0, 2])).should_equal(2)


@check(points=1, hint="For each query point: the distances to all training points, the "
                      "indices of the k smallest (np.argsort), then the vote of their labels.")
def test_knn_predicts_two_queries(learner):
    """k-NN predicts two query points with k = 3"""
    X_query = np.array([[0.2, 0.6], [5.6, 4.1]])
    learner.knn_predict(X_TRAIN, Y_TRAIN, X_query, 3).should_equal([0, 1])
