"""k-means clustering: group points around k centroids, without any labels to learn from.

k-means repeats two steps: assign each point to its nearest centroid, then move each centroid
to the mean of the points assigned to it. Repeating them until nothing changes finds k groups
of points that lie close together.
"""

import numpy as np  # noqa: F401 (your code and the examples use it)


def assign_clusters(X, centroids):
    labels = np.zeros(len(X), dtype=int)
    for i, x in enumerate(X):
        smallest = np.inf
        for j, c in enumerate(centroids):
            d = np.linalg.norm(x - c)
            if d <= smallest:
                smallest, labels[i] = d, j
    return labels


def update_centroids(X, labels, centroids):
    new = np.array(centroids, dtype=float)
    for j in range(len(centroids)):
        if np.any(labels == j):
            new[j] = X[labels == j].mean(axis=0)
    return new


def kmeans_step(X, centroids):
    labels = assign_clusters(X, centroids)
    return labels, update_centroids(X, labels, centroids)
