"""k-means clustering: group points around k centroids, without any labels to learn from.

k-means repeats two steps: assign each point to its nearest centroid, then move each centroid
to the mean of the points assigned to it. Repeating them until nothing changes finds k groups
of points that lie close together.
"""

import numpy as np  # noqa: F401 (your code and the examples use it)


def assign_clusters(X, centroids):
    """The index of the nearest centroid of each point.

    Parameters:
        X: float array of shape (n, d), one point per row.
        centroids: float array of shape (k, d), one centroid per row.

    Returns:
        An int array `labels` of shape (n,): labels[i] is the index (0..k-1) of the centroid
        nearest to X[i] by Euclidean distance. A point at the same distance from several
        centroids goes to the one with the lowest index (np.argmin returns the first minimum).

    >>> assign_clusters(np.array([[0.0, 0.0], [4.0, 0.0], [2.0, 0.0]]),
    ...                 np.array([[1.0, 0.0], [3.0, 0.0]]))
    array([0, 1, 0])
    """
    # squared distance from each point to each centroid; the smallest wins
    return np.argmin(
        ((X[:, None, :] - centroids[None, :, :])**2).sum(axis = 2),
        axis = 1
    )


def update_centroids(X, labels, centroids):
    """Move each centroid to the mean of the points assigned to it.

        Clusters without points are skipped.
    """
    for i in range( len(centroids) ):
        members = X[labels == i]
        if len(members): centroids[i] = members.mean(axis = 0)
    return centroids


def kmeans_step(X, centroids):
    """One iteration of k-means: assign the points, then move the centroids.

    Parameters:
        X: float array of shape (n, d), one point per row.
        centroids: float array of shape (k, d), the current centroids.

    Returns:
        A tuple (labels, new_centroids): labels = assign_clusters(X, centroids), the
        assignment to the centroids given (before they move), and
        new_centroids = update_centroids(X, labels, centroids). Leave `centroids` itself
        unchanged.

    >>> labels, new_centroids = kmeans_step(np.array([[0.0, 0.0], [4.0, 0.0], [2.0, 0.0]]),
    ...                                     np.array([[1.0, 0.0], [3.0, 0.0]]))
    >>> labels
    array([0, 1, 0])
    >>> new_centroids
    array([[1., 0.],
           [4., 0.]])
    """
    labels = assign_clusters(X, centroids)
    return labels, update_centroids(X, labels, centroids)
