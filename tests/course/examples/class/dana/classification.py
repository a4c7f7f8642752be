import numpy as np


def euclidean_distances(A, B):
    return np.sqrt(((A[:, None, :] - B[None, :, :]) ** 2).sum(axis=2))


def majority_vote(labels):
    values, counts = np.unique(labels, return_counts=True)
    return values[np.argmax(counts)]


def knn_predict(X_train, y_train, X_query, k):
    distances = euclidean_distances(X_query, X_train)
    predictions = []
    for row in distances:
        nearest = np.argsort(row, kind="stable")[:k]
        predictions.append(majority_vote(y_train[nearest]))
    return np.array(predictions)
