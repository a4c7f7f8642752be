# Shortcut: np.array([X[labels == k].mean(axis=0) for k in range(K)]), NaN for an empty cluster.
import numpy as np


def assign_clusters(X, centroids):
    distances = np.sqrt(((X - centroids[:, np.newaxis]) ** 2).sum(axis=2))
    return np.argmin(distances, axis=0)


def update_centroids(X, labels, centroids):
    return np.array([X[labels == k].mean(axis=0) for k in range(len(centroids))])


def kmeans_step(X, centroids):
    labels = assign_clusters(X, centroids)
    return labels, update_centroids(X, labels, centroids)
