"""Mistake: the k-means step assigns the points but returns the centroids it was given."""

import numpy as np

MISTAKE = "k-means step returns the centroids unmoved"
HINT = ("your k-means step returns the centroids it was given: move them first, "
        "new_centroids = update_centroids(X, labels, centroids), and return those")
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
    update_centroids(X, labels, centroids)
    return labels, centroids  # the mistake: the old centroids, not the moved ones
