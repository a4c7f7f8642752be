"""k-nearest neighbours: classify a point by the labels of the training points closest to it.

The distance between two points is the Euclidean distance. To classify a query point, take
the k training points nearest to it and let them vote: the label they carry most often wins.
"""

import math
import random

import numpy as np


def euclidean_distances(A, B):
    """Distance matrix between the rows of A and the rows of B (m x n)."""
    D = np.zeros((len(A), len(B)))
    for i in range(len(A)):
        for j in range(len(B)):
            total = sum((a - b) ** 2 for a, b in zip(A[i], B[j]))
            D[i, j] = math.sqrt(total)
    return D


def majority_vote(labels):
    """Most common label; on a tie the smallest one wins."""
    counts = {}
    for label in labels:
        counts[int(label)] = counts.get(int(label), 0) + 1
    best = max(counts.values())
    candidates = []
    for label, count in counts.items():
        if count == best:
            candidates.append(label)
    return min(candidates)


def knn_predict(X_train, y_train, X_query, k):
    """k-NN: vote among the k closest training points of each query."""
    D = euclidean_distances(X_query, X_train)
    n_train = len(X_train)
    predictions = [majority_vote([y_train[j] for j in sorted(range(len(row)), key=lambda j: row[j])[:k]])
                   for row in D]
    return np.array(predictions)
