"""Mistake: the vote counts with np.bincount, which assumes labels 0..c-1 and fails on negatives."""

import numpy as np

MISTAKE = "vote with np.bincount (no negative labels)"
HINT = ("np.bincount only counts non-negative integers, so labels such as -1 make it fail: "
        "count with np.unique(labels, return_counts=True)")
FUNCTION = "majority_vote"


def euclidean_distances(A, B):
    return np.sqrt(np.sum((A[:, None, :] - B[None, :, :]) ** 2, axis=2))


def majority_vote(labels):
    return np.argmax(np.bincount(labels))  # the mistake: labels must be 0, 1, 2, ...


def knn_predict(X_train, y_train, X_query, k):
    distances = euclidean_distances(X_query, X_train)
    nearest = np.argsort(distances, axis=1, kind="stable")[:, :k]
    return np.array([majority_vote(y_train[row]) for row in nearest])
