# Shortcut: the centroids are updated in place, C[i] = mean, and returned (seen in from-scratch
# k-means code): right values, but the caller's centroids are changed.
import numpy as np


def assign_clusters(X, centroids):
    return np.argmin(((X[:, None, :] - centroids[None, :, :]) ** 2).sum(axis=2), axis=1)


def update_centroids(X, labels, centroids):
    for i in range(len(centroids)):
        members = X[labels == i]
        if len(members):
            centroids[i] = members.mean(axis=0)
    return centroids


def kmeans_step(X, centroids):
    labels = assign_clusters(X, centroids)
    return labels, update_centroids(X, labels, centroids)
