import numpy as np  # noqa: F401 (your code and the examples use it)


def assign_clusters(X, centroids):
    return ((X[:, None] - centroids) ** 2).sum(-1).argmin(1)


def update_centroids(X, labels, centroids):
    return np.array([X[labels == j].mean(0) if (labels == j).any() else c
                     for j, c in enumerate(centroids)], dtype=float)


def kmeans_step(X, centroids):
    lab = assign_clusters(X, centroids)
    return lab, update_centroids(X, lab, centroids)
