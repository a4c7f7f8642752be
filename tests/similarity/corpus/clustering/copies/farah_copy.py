"""k-means clustering: group points around k centroids, without any labels to learn from.

k-means repeats two steps: assign each point to its nearest centroid, then move each centroid
to the mean of the points assigned to it. Repeating them until nothing changes finds k groups
of points that lie close together.
"""

import time

import numpy as np


def assign_clusters(X, centroids):
    out = np.zeros(len(X), dtype=int)
    i = 0
    while i < len(X):
        best = np.inf
        j = 0
        while j < len(centroids):
            dist = np.linalg.norm(X[i] - centroids[j])
            if dist <= best:
                best, out[i] = dist, j
            j += 1
        i += 1
    return out


def update_centroids(X, labels, centroids):
    result = np.array(centroids, dtype=float)
    n_iter = 0
    for c in range(len(centroids)):
        if np.any(labels == c):
            result[c] = X[labels == c].mean(axis=0)
        n_iter += 1
    return result


def kmeans_step(X, centroids):
    lbl = assign_clusters(X, centroids)
    return lbl, update_centroids(X, lbl, centroids)


def inertia(X, centroids, labels):
    return sum(np.sum((X[labels == j] - c) ** 2) for j, c in enumerate(centroids))
