"""Mistake: sqrt(|a|² + |b|² - 2a·b) without clipping, NaN at some coincident points."""

import numpy as np

MISTAKE = "NaN for coincident points (unclipped |a|² + |b|² - 2a·b)"
HINT = ("expanding |a - b|² as |a|² + |b|² - 2a·b rounds slightly below 0 for some coincident "
        "points, and the square root gives NaN: compute the differences and square them, or "
        "clip at 0 first (np.maximum(squared, 0))")
FUNCTION = "euclidean_distances"


def euclidean_distances(A, B):
    squared = np.sum(A**2, axis=1)[:, None] + np.sum(B**2, axis=1)[None, :] - 2 * A @ B.T
    return np.sqrt(squared)  # the mistake: nothing keeps `squared` from going below 0


def majority_vote(labels):
    values, counts = np.unique(labels, return_counts=True)
    return values[np.argmax(counts)]


def knn_predict(X_train, y_train, X_query, k):
    distances = euclidean_distances(X_query, X_train)
    nearest = np.argsort(distances, axis=1, kind="stable")[:, :k]
    return np.array([majority_vote(y_train[row]) for row in nearest])
