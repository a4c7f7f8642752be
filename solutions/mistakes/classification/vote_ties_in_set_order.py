"""Mistake: the vote takes the most frequent label in the order of a set, max(set(l), key=count)."""

import numpy as np

MISTAKE = "tied vote goes to the first label in set order"
HINT = ("max(set(labels), key=labels.count) breaks a tie by the order in which the set holds "
        "the labels, which is not their order of size: return the smallest of the most "
        "frequent labels")
FUNCTION = "majority_vote"


def euclidean_distances(A, B):
    return np.sqrt(np.sum((A[:, None, :] - B[None, :, :]) ** 2, axis=2))


def majority_vote(labels):
    labels = labels.tolist()
    return max(set(labels), key=labels.count)  # the mistake: set order breaks the tie


def knn_predict(X_train, y_train, X_query, k):
    distances = euclidean_distances(X_query, X_train)
    nearest = np.argsort(distances, axis=1, kind="stable")[:, :k]
    return np.array([majority_vote(y_train[row]) for row in nearest])
