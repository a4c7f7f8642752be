"""Mistake: a tied vote goes to the label seen first (in k-NN: the nearest neighbour's label)."""

from collections import Counter

import numpy as np

MISTAKE = "tied vote goes to the first label seen"
HINT = ("on a tie your vote picked the label seen first (in k-NN, the nearest neighbour's); "
        "this course breaks ties by the smallest label: return the smallest of the most "
        "frequent labels")
FUNCTION = "majority_vote"


def euclidean_distances(A, B):
    return np.sqrt(np.sum((A[:, None, :] - B[None, :, :]) ** 2, axis=2))


def majority_vote(labels):
    return Counter(labels.tolist()).most_common(1)[0][0]  # the mistake: first seen wins ties


def knn_predict(X_train, y_train, X_query, k):
    distances = euclidean_distances(X_query, X_train)
    nearest = np.argsort(distances, axis=1, kind="stable")[:, :k]
    return np.array([majority_vote(y_train[row]) for row in nearest])
