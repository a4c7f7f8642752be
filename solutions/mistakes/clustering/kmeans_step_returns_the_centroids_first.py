"""Mistake: the k-means step returns (centroids, labels), the tuple in the wrong order."""

import numpy as np

MISTAKE = "k-means step returns (centroids, labels)"
HINT = ("your k-means step returns the new centroids first: return the tuple "
        "(labels, new_centroids), labels first")
FUNCTION = "kmeans_step"


def assign_clusters(X, centroids):
    distances = np.sum((X[:, None, :] - centroids[None, :, :]) ** 2, axis=2)
    return np.argmin(distances, axis=1)


def update_centroids(X, labels, centroids):
    new_centroids = centroids.copy()
    for j in range(len(centroids)):
        if np.any(labels == j):
            new_centroids[j] = X[labels == j].mean(axis=0)
    return new_centroids


def kmeans_step(X, centroids):
    labels = assign_clusters(X, centroids)
    return update_centroids(X, labels, centroids), labels  # the mistake: the wrong order
