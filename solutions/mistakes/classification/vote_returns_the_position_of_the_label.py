"""Mistake: the vote returns the position of the winning label among the labels, not the label."""

import numpy as np

MISTAKE = "vote returns the index of the label, not the label"
HINT = ("your vote returns the position of the winning label among the distinct labels (0, 1, "
        "...), which is the label only when the labels are 0..c-1: return values[position]")
FUNCTION = "majority_vote"


def euclidean_distances(A, B):
    return np.sqrt(np.sum((A[:, None, :] - B[None, :, :]) ** 2, axis=2))


def majority_vote(labels):
    values, counts = np.unique(labels, return_counts=True)
    return np.argmax(counts)  # the mistake: a position in values, not values[position]


def knn_predict(X_train, y_train, X_query, k):
    distances = euclidean_distances(X_query, X_train)
    nearest = np.argsort(distances, axis=1, kind="stable")[:, :k]
    return np.array([majority_vote(y_train[row]) for row in nearest])
