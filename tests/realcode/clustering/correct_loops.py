# Correct, written with loops: strict < keeps the first centroid on a tie; a new list of
# centroids, the old one kept for an empty cluster.
import numpy as np


def assign_clusters(X, centroids):
    labels = []
    for x in X:
        best, best_distance = 0, float("inf")
        for j, c in enumerate(centroids):
            d = sum((a - b) ** 2 for a, b in zip(x, c))
            if d < best_distance:
                best, best_distance = j, d
        labels.append(best)
    return np.array(labels)


def update_centroids(X, labels, centroids):
    new = []
    for j in range(len(centroids)):
        members = [x for x, label in zip(X, labels) if label == j]
        new.append(np.mean(members, axis=0) if members else np.array(centroids[j], dtype=float))
    return np.array(new)


def kmeans_step(X, centroids):
    labels = assign_clusters(X, centroids)
    return labels, update_centroids(X, labels, centroids)
