import numpy as np


def assign_clusters(X, centroids):
    d = ((X[:, None, :] - centroids[None, :, :]) ** 2).sum(axis=2)
    return d.argmin(axis=1)


def update_centroids(X, labels, centroids):
    # mean of the points of each cluster
    return np.array([X[labels == j].mean(axis=0) for j in range(len(centroids))])


def kmeans_step(X, centroids):
    labels = assign_clusters(X, centroids)
    return labels, update_centroids(X, labels, centroids)
