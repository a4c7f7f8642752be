"""Mistake: k-NN ignores k and predicts the label of the single nearest training point."""

import numpy as np

MISTAKE = "k ignored: the nearest neighbour alone decides"
HINT = ("your k-NN gives every query the label of its nearest training point alone: let the "
        "k nearest neighbours vote (the first k of np.argsort, then their majority vote)")
FUNCTION = "knn_predict"


def euclidean_distances(A, B):
    return np.sqrt(np.sum((A[:, None, :] - B[None, :, :]) ** 2, axis=2))


def majority_vote(labels):
    values, counts = np.unique(labels, return_counts=True)
    return values[np.argmax(counts)]


def knn_predict(X_train, y_train, X_query, k):
    distances = euclidean_distances(X_query, X_train)
    return y_train[np.argmin(distances, axis=1)]  # the mistake: 1-NN whatever k is
