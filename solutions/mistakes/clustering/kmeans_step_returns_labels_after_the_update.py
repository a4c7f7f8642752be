"""Mistake: the k-means step moves the centroids first and returns the labels of the moved ones."""

import numpy as np

MISTAKE = "k-means step returns the labels after the update"
HINT = ("your k-means step returns the assignment to the moved centroids: the labels "
        "returned are the ones the centroids were updated with, assigned to the centroids given")
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
    new_centroids = update_centroids(X, assign_clusters(X, centroids), centroids)
    return assign_clusters(X, new_centroids), new_centroids  # the mistake: labels after moving
