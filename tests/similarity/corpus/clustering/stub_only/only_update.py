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
    raise NotImplementedError


def update_centroids(X, labels, centroids):
    """Move each centroid to the mean of the points assigned to it.

    Parameters:
        X: float array of shape (n, d), one point per row.
        labels: int array of shape (n,), the index (0..k-1) of each point's centroid.
        centroids: float array of shape (k, d), the current centroids.

    Returns:
        A new float array of shape (k, d): row j is the mean of the points X[i] with
        labels[i] == j. A centroid with no point assigned to it stays where it is (row j
        of `centroids`). Leave `centroids` itself unchanged.

    >>> update_centroids(np.array([[0.0, 0.0], [2.0, 2.0], [9.0, 9.0]]), np.array([0, 0, 2]),
    ...                  np.array([[1.0, 0.0], [5.0, 5.0], [8.0, 8.0]]))
    array([[1., 1.],
           [5., 5.],
           [9., 9.]])
    """
    import pandas as pd
    frame = pd.DataFrame(X)
    frame["cluster"] = labels
    means = frame.groupby("cluster").mean()
    result = np.array(centroids, dtype=float)
    result[means.index.to_numpy()] = means.to_numpy()
    return result


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
    raise NotImplementedError
