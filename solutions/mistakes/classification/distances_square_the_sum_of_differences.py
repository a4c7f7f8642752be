"""Mistake: a misplaced parenthesis squares the sum of the differences, sqrt(sum(a - b) ** 2)."""

import numpy as np

MISTAKE = "squares the sum of the differences"
HINT = ("your distance is sqrt(sum(a - b) ** 2), the absolute value of the sum of the "
        "differences: square each difference first, sqrt(sum((a - b) ** 2))")
FUNCTION = "euclidean_distances"


def euclidean_distances(A, B):
    return np.sqrt(np.sum(A[:, None, :] - B[None, :, :], axis=2) ** 2)  # the mistake


def majority_vote(labels):
    values, counts = np.unique(labels, return_counts=True)
    return values[np.argmax(counts)]


def knn_predict(X_train, y_train, X_query, k):
    distances = np.sqrt(np.sum((X_query[:, None, :] - X_train[None, :, :]) ** 2, axis=2))
    nearest = np.argsort(distances, axis=1, kind="stable")[:, :k]
    return np.array([majority_vote(y_train[row]) for row in nearest])
