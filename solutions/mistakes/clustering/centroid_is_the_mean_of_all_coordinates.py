"""Mistake: a centroid becomes the mean of all its points' coordinates together (no axis=0)."""

import numpy as np

MISTAKE = "mean over all coordinates, not per coordinate"
HINT = ("X[labels == j].mean() averages every coordinate of every point into one number: "
        "average the points coordinate by coordinate with .mean(axis=0)")
FUNCTION = "update_centroids"


def assign_clusters(X, centroids):
    distances = np.sum((X[:, None, :] - centroids[None, :, :]) ** 2, axis=2)
    return np.argmin(distances, axis=1)


def update_centroids(X, labels, centroids):
    new_centroids = centroids.copy()
    for j in range(len(centroids)):
        if np.any(labels == j):
            new_centroids[j] = X[labels == j].mean()  # the mistake: no axis=0
    return new_centroids


def kmeans_step(X, centroids):
    labels = assign_clusters(X, centroids)
    return labels, update_centroids(X, labels, centroids)
