"""Mistake: a centroid with no points moves to the origin (a sum of nothing divided by 1)."""

import numpy as np

MISTAKE = "empty cluster moves to the origin"
HINT = ("a centroid with no points ends at 0 (a sum of nothing divided by max(count, 1)): "
        "when no point has label j, keep centroids[j] where it was")
FUNCTION = "update_centroids"


def assign_clusters(X, centroids):
    distances = np.sum((X[:, None, :] - centroids[None, :, :]) ** 2, axis=2)
    return np.argmin(distances, axis=1)


def update_centroids(X, labels, centroids):
    sums = np.zeros_like(centroids)
    counts = np.zeros(len(centroids))
    for point, label in zip(X, labels, strict=True):
        sums[label] += point
        counts[label] += 1
    return sums / np.maximum(counts, 1)[:, None]  # the mistake: 0 / 1 for an empty cluster


def kmeans_step(X, centroids):
    labels = assign_clusters(X, centroids)
    return labels, update_centroids(X, labels, centroids)
