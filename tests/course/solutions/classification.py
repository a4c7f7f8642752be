"""Reference solution of the classification module."""

import numpy as np


def euclidean_distances(A, B):
    differences = A[:, np.newaxis, :] - B[np.newaxis, :, :]  # shape (m, n, d)
    return np.sqrt(np.sum(differences**2, axis=2))


def majority_vote(labels):
    values, counts = np.unique(labels, return_counts=True)  # values in ascending order
    return int(values[np.argmax(counts)])  # argmax takes the first, so smallest, of the ties


def knn_predict(X_train, y_train, X_query, k):
    distances = euclidean_distances(X_query, X_train)  # shape (m, n)
    nearest = np.argsort(distances, axis=1, kind="stable")[:, :k]  # equal distances keep order
    votes = [majority_vote(y_train[neighbours]) for neighbours in nearest]
    return np.array(votes, dtype=y_train.dtype)
