"""Mistake: the neighbours are sorted with NumPy's default sort, which reorders equal distances."""

import numpy as np

MISTAKE = "unstable sort of the distances"
HINT = ("np.argsort without kind=\"stable\" may reorder training points at equal distance, so "
        "a later one is taken for nearer: sort with np.argsort(distances, kind=\"stable\")")
FUNCTION = "knn_predict"


def euclidean_distances(A, B):
    return np.sqrt(np.sum((A[:, None, :] - B[None, :, :]) ** 2, axis=2))


def majority_vote(labels):
    values, counts = np.unique(labels, return_counts=True)
    return values[np.argmax(counts)]


def knn_predict(X_train, y_train, X_query, k):
    distances = euclidean_distances(X_query, X_train)
    nearest = np.argsort(distances, axis=1)[:, :k]  # the mistake: the default sort is unstable
    return np.array([majority_vote(y_train[row]) for row in nearest])
