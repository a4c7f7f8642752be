# Correct, vectorised: np.linalg.norm over a broadcast difference, np.unique for the vote and a
# stable argsort.
import numpy as np


def euclidean_distances(A, B):
    return np.linalg.norm(A[:, np.newaxis, :] - B[np.newaxis, :, :], axis=-1)


def majority_vote(labels):
    values, counts = np.unique(labels, return_counts=True)
    return int(values[counts == counts.max()].min())


def knn_predict(X_train, y_train, X_query, k):
    order = np.argsort(euclidean_distances(X_query, X_train), axis=1, kind="stable")
    return np.array([majority_vote(y_train[row[:k]]) for row in order])
