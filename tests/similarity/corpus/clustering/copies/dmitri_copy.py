"""k-means clustering: group points around k centroids, without any labels to learn from.

k-means repeats two steps: assign each point to its nearest centroid, then move each centroid
to the mean of the points assigned to it. Repeating them until nothing changes finds k groups
of points that lie close together.
"""

import numpy as np  # noqa: F401 (your code and the examples use it)


def kmeans_step(X, centroids):
    """Assign every point, then recompute the centroids; returns (labels, centroids)."""
    assigned = assign_clusters(X, centroids)
    return assigned, update_centroids(X, assigned, centroids)


def update_centroids(X, labels, centroids):
    """New centroid = average of its points."""
    # mean of the points in each cluster
    return np.array([X[labels == c].mean(axis=0) for c in range(len(centroids))])


def assign_clusters(X, centroids):
    """Index of the closest centroid for each point."""
    # distance of every point to every centroid, shape (k, n)
    dist = np.sqrt(((X - centroids[:, np.newaxis]) ** 2).sum(axis=2))
    return np.argmin(dist, axis=0)
