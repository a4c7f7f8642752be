"""Mistake: a centroid with no points becomes the mean of nothing, NaN."""

import numpy as np

MISTAKE = "empty cluster becomes NaN"
HINT = ("a centroid with no points gets the mean of an empty array, which is NaN: when no "
        "point has label j, keep centroids[j] where it was")
FUNCTION = "update_centroids"


def assign_clusters(X, centroids):
    distances = np.sum((X[:, None, :] - centroids[None, :, :]) ** 2, axis=2)
    return np.argmin(distances, axis=1)


def update_centroids(X, labels, centroids):
    # the mistake: the mean of no points is NaN
    return np.array([X[labels == j].mean(axis=0) for j in range(len(centroids))])


def kmeans_step(X, centroids):
    labels = assign_clusters(X, centroids)
    return labels, update_centroids(X, labels, centroids)
