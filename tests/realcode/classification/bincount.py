# Shortcut: np.bincount(labels).argmax(), right on ties but it rejects negative labels.
import numpy as np


def euclidean_distances(A, B):
    return np.sqrt(((A[:, None, :] - B[None, :, :]) ** 2).sum(-1))


def majority_vote(labels):
    return np.bincount(labels).argmax()


def knn_predict(X_train, y_train, X_query, k):
    D = euclidean_distances(X_query, X_train)
    nearest = np.argsort(D, axis=1, kind="stable")[:, :k]
    return np.array([majority_vote(y_train[row]) for row in nearest])
