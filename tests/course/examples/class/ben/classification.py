import numpy as np


def euclidean_distances(A, B):
    D = np.zeros((len(A), len(B)))
    for i in range(len(A)):
        for j in range(len(B)):
            D[i, j] = np.sqrt(np.sum((A[i] - B[j]) ** 2))
    return D


def majority_vote(labels):
    counts = {}
    for label in labels:
        counts[label] = counts.get(label, 0) + 1
    # the label seen first wins a tie
    return max(counts, key=counts.get)


def knn_predict(X_train, y_train, X_query, k):
    D = euclidean_distances(X_query, X_train)
    return np.array([majority_vote(y_train[np.argsort(d, kind="stable")[:k]]) for d in D])
