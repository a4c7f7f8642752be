"""Mistake: the distance loops use len(A) for both A and B, so only works when they match."""

import numpy as np

MISTAKE = "distances assume len(A) == len(B)"
HINT = ("your distance matrix has len(A) columns: it needs one column per row of B, "
        "shape (len(A), len(B))")
FUNCTION = "euclidean_distances"


def euclidean_distances(A, B):
    D = np.zeros((len(A), len(A)))  # the mistake: len(A) twice
    for i in range(len(A)):
        for j in range(len(A)):
            D[i, j] = np.sqrt(np.sum((A[i] - B[j]) ** 2))
    return D


def majority_vote(labels):
    values, counts = np.unique(labels, return_counts=True)
    return values[np.argmax(counts)]


def knn_predict(X_train, y_train, X_query, k):
    distances = euclidean_distances(X_query, X_train)
    nearest = np.argsort(distances, axis=1, kind="stable")[:, :k]
    return np.array([majority_vote(y_train[row]) for row in nearest])
