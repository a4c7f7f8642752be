"""Mistake: the assignment returns each point's smallest distance, not its centroid's index."""

import numpy as np

MISTAKE = "min instead of argmin: distances, not centroid indices"
HINT = ("your assignment returns the distance to the nearest centroid: return its index, "
        "np.argmin (the position of the smallest), not np.min (the smallest itself)")
FUNCTION = "assign_clusters"


def assign_clusters(X, centroids):
    distances = np.sum((X[:, None, :] - centroids[None, :, :]) ** 2, axis=2)
    return np.min(distances, axis=1)  # the mistake: min, not argmin


def update_centroids(X, labels, centroids):
    new_centroids = centroids.copy()
    for j in range(len(centroids)):
        if np.any(labels == j):
            new_centroids[j] = X[labels == j].mean(axis=0)
    return new_centroids


def kmeans_step(X, centroids):
    distances = np.sum((X[:, None, :] - centroids[None, :, :]) ** 2, axis=2)
    labels = np.argmin(distances, axis=1)
    return labels, update_centroids(X, labels, centroids)
