# Correct, written with loops: math.sqrt over each pair, sorted() with a key (stable), a dict
# of counts and the smallest of the most frequent labels.
import math

import numpy as np


def euclidean_distances(A, B):
    D = np.zeros((len(A), len(B)))
    for i in range(len(A)):
        for j in range(len(B)):
            total = 0.0
            for a, b in zip(A[i], B[j]):
                total += (a - b) ** 2
            D[i, j] = math.sqrt(total)
    return D


def majority_vote(labels):
    counts = {}
    for label in labels:
        counts[int(label)] = counts.get(int(label), 0) + 1
    best = max(counts.values())
    return min(label for label, count in counts.items() if count == best)


def knn_predict(X_train, y_train, X_query, k):
    D = euclidean_distances(X_query, X_train)
    predictions = []
    for row in D:
        order = sorted(range(len(row)), key=lambda j: row[j])
        predictions.append(majority_vote([y_train[j] for j in order[:k]]))
    return np.array(predictions)
