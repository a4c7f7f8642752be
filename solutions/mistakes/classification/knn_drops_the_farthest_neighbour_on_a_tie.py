"""Mistake: a tied vote drops the farthest neighbour and votes again."""

from collections import Counter

import numpy as np

MISTAKE = "tied vote broken by dropping the farthest neighbour"
HINT = ("on a tie your k-NN dropped the farthest neighbour and voted again; this course "
        "breaks ties by the smallest label: return the smallest of the most frequent labels")
FUNCTION = "knn_predict"


def euclidean_distances(A, B):
    return np.sqrt(np.sum((A[:, None, :] - B[None, :, :]) ** 2, axis=2))


def majority_vote(labels):
    values, counts = np.unique(labels, return_counts=True)
    return values[np.argmax(counts)]


def _vote_dropping_the_farthest(labels):
    labels = list(labels)
    while True:
        counts = Counter(labels).most_common()
        if len(counts) == 1 or counts[0][1] > counts[1][1]:
            return counts[0][0]
        labels.pop()  # the mistake: the tie is broken by the nearer neighbours


def knn_predict(X_train, y_train, X_query, k):
    distances = euclidean_distances(X_query, X_train)
    nearest = np.argsort(distances, axis=1, kind="stable")[:, :k]
    return np.array([_vote_dropping_the_farthest(y_train[row].tolist()) for row in nearest])
