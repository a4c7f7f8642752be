"""Mistake: a tied vote goes to the label that reaches the top count first."""

from collections import Counter

import numpy as np

MISTAKE = "tied vote goes to the first label to reach the top count"
HINT = ("on a tie your vote picked the label that reached the top count first (in k-NN, as "
        "if the farthest neighbours were dropped); this course breaks ties by the smallest "
        "label: return the smallest of the most frequent labels")
FUNCTION = "majority_vote"


def euclidean_distances(A, B):
    return np.sqrt(np.sum((A[:, None, :] - B[None, :, :]) ** 2, axis=2))


def majority_vote(labels):
    top = max(Counter(labels.tolist()).values())
    seen = Counter()
    for label in labels.tolist():
        seen[label] += 1
        if seen[label] == top:
            return label  # the mistake: the first to get there, not the smallest


def knn_predict(X_train, y_train, X_query, k):
    distances = euclidean_distances(X_query, X_train)
    nearest = np.argsort(distances, axis=1, kind="stable")[:, :k]
    return np.array([majority_vote(y_train[row]) for row in nearest])
