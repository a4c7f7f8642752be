# Shortcut: a loop that keeps the label whose count reaches the highest count first.
import numpy as np


def euclidean_distances(A, B):
    return np.sqrt(((A[:, None, :] - B[None, :, :]) ** 2).sum(-1))


def majority_vote(labels):
    counts = {}
    best, best_count = None, 0
    for label in labels.tolist():
        counts[label] = counts.get(label, 0) + 1
        if counts[label] > best_count:
            best, best_count = label, counts[label]
    return best


def knn_predict(X_train, y_train, X_query, k):
    D = euclidean_distances(X_query, X_train)
    nearest = np.argsort(D, axis=1, kind="stable")[:, :k]
    return np.array([majority_vote(y_train[row]) for row in nearest])
