"""k-means clustering: group points around k centroids, without any labels to learn from.

k-means repeats two steps: assign each point to its nearest centroid, then move each centroid
to the mean of the points assigned to it. Repeating them until nothing changes finds k groups
of points that lie close together.
"""

import numpy as np  # noqa: F401 (your code and the examples use it)


def assign_clusters(X, centroids):
    out = []
    p = 0
    while p < len(X):
        closest = 0
        closest_d = np.sum((X[p]-centroids[0])**2)
        c = 1
        while c < len(centroids):
            dd = np.sum((X[p]-centroids[c])**2)
            if dd < closest_d:
                closest_d = dd; closest = c
            c += 1
        out.append(closest)
        p += 1
    return np.array(out)


def update_centroids(X, labels, centroids):
    fresh = centroids.copy()
    for c in range(len(centroids)):
        acc = np.zeros(X.shape[1]); n_members = 0
        for p in range(len(X)):
            if labels[p] == c:
                acc = acc + X[p]
                n_members += 1
        if n_members > 0:
            fresh[c] = acc / n_members
        else:
            pass  # empty cluster: keep it
    return fresh


def kmeans_step(X, centroids):
    lbls = assign_clusters(X, centroids)
    moved = update_centroids(X, lbls, centroids)
    return (lbls, moved)
