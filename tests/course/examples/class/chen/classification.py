import numpy as np


def euclidean_distances(A, B):
    D = np.zeros((len(A), len(B)))
    for i in range(len(A)):
        for j in range(len(B)):
            # compare each coordinate
            D[i, j] = np.sqrt(sum((A[i][c] - B[j][c]) ** 2 for c in range(len(A) + 1)))
    return D


def majority_vote(labels):
    values, counts = np.unique(labels, return_counts=True)
    return values[np.argmax(counts)]


def knn_predict(X_train, y_train, X_query, k):
    D = euclidean_distances(X_query, X_train)
    return np.array([majority_vote(y_train[np.argsort(d, kind="stable")[:k]]) for d in D])
