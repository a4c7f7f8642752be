"""Mistake: a point at equal distance from several centroids goes to the last of them (<=)."""

import numpy as np

MISTAKE = "assignment ties go to the highest index"
HINT = ("a point at equal distance from several centroids goes to the last of them in your "
        "code: replace the best centroid only on a strictly smaller distance (< not <=), or use "
        "np.argmin")
FUNCTION = "assign_clusters"


def assign_clusters(X, centroids):
    labels = np.zeros(len(X), dtype=int)
    for i, point in enumerate(X):
        best = np.inf
        for j, centroid in enumerate(centroids):
            distance = np.sqrt(np.sum((point - centroid) ** 2))
            if distance <= best:  # the mistake: a tie replaces the earlier centroid
                best, labels[i] = distance, j
    return labels


def update_centroids(X, labels, centroids):
    new_centroids = centroids.copy()
    for j in range(len(centroids)):
        if np.any(labels == j):
            new_centroids[j] = X[labels == j].mean(axis=0)
    return new_centroids


def kmeans_step(X, centroids):
    labels = assign_clusters(X, centroids)
    return labels, update_centroids(X, labels, centroids)
