"""Mistake: points are assigned with argmax, to the farthest centroid instead of the nearest."""

import numpy as np

MISTAKE = "argmax instead of argmin"
HINT = ("your points go to the farthest centroid: take the index of the smallest distance "
        "(np.argmin), not the largest")
FUNCTION = "assign_clusters"


def assign_clusters(X, centroids):
    distances = np.sum((X[:, None, :] - centroids[None, :, :]) ** 2, axis=2)
    return np.argmax(distances, axis=1)  # the mistake: argmax


def update_centroids(X, labels, centroids):
    new_centroids = centroids.copy()
    for j in range(len(centroids)):
        if np.any(labels == j):
            new_centroids[j] = X[labels == j].mean(axis=0)
    return new_centroids


def kmeans_step(X, centroids):
    labels = assign_clusters(X, centroids)
    return labels, update_centroids(X, labels, centroids)
