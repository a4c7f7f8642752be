# Correct, with scikit-learn: squared pairwise distances from sklearn.metrics.pairwise (exact
# ties stay ties for these small coordinates) and argmin, the first of equal distances; the
# means by hand, on a copy. (pairwise_distances_argmin would read /proc/self/maps through
# threadpoolctl, which the sandbox forbids.)
import numpy as np
from sklearn.metrics.pairwise import euclidean_distances


def assign_clusters(X, centroids):
    return np.argmin(euclidean_distances(X, centroids, squared=True), axis=1)


def update_centroids(X, labels, centroids):
    new = centroids.copy()
    for j in np.unique(labels):
        new[j] = X[labels == j].mean(axis=0)
    return new


def kmeans_step(X, centroids):
    labels = assign_clusters(X, centroids)
    return labels, update_centroids(X, labels, centroids)
