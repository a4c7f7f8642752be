"""Public checks for the clustering module: run them with `grader check clustering.py`."""

import numpy as np

from grader.checks import check


@check(points=1, hint="For each point, compute its distance to every centroid and take the "
                      "index of the smallest (np.argmin along the centroid axis).")
def test_assign_five_points_to_two_centroids(learner):
    """Assign five points to two centroids"""
    X = np.array([[0.0, 0.0], [1.0, 1.0], [9.0, 8.0], [8.0, 9.0], [2.0, 0.0]])
    centroids = np.array([[0.0, 1.0], [9.0, 9.0]])
    learner.assign_clusters(X, centroids).should_equal([0, 0, 1, 1, 0])


@check(points=1, hint="Row j of the result is the mean of the points with label j: "
                      "X[labels == j].mean(axis=0).")
def test_update_two_centroids(learner):
    """Move two centroids to the means of their points"""
    X = np.array([[0.0, 0.0], [6.0, 6.0], [2.0, 4.0], [8.0, 6.0]])
    labels = np.array([0, 1, 0, 1])
    centroids = np.array([[0.0, 0.0], [0.0, 0.0]])
    learner.update_centroids(X, labels, centroids).should_be_close([[1.0, 2.0], [7.0, 6.0]])


@check(points=1, hint="Assign the points to the given centroids, then move the centroids; "
                      "return both as a tuple (labels, new_centroids).")
def test_one_kmeans_step(learner):
    """One k-means step on four points"""
    X = np.array([[0.0, 0.0], [0.0, 2.0], [10.0, 10.0], [10.0, 12.0]])
    centroids = np.array([[1.0, 0.0], [9.0, 9.0]])
    expected = (np.array([0, 0, 1, 1]), np.array([[0.0, 1.0], [10.0, 11.0]]))
    learner.kmeans_step(X, centroids).should_be_close(expected)
