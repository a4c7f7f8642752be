# Shortcut: a misplaced parenthesis, np.sqrt(np.sum(x1 - x2) ** 2), in a per-pair helper that
# k-NN uses too. (Seen in from-scratch k-NN tutorials.)
import numpy as np
from collections import Counter


def euclidean_distance(x1, x2):
    return np.sqrt(np.sum(x1 - x2) ** 2)


def euclidean_distances(A, B):
    return np.array([[euclidean_distance(a, b) for b in B] for a in A])


def majority_vote(labels):
    counts = Counter(labels.tolist())
    top = max(counts.values())
    return min(l for l, c in counts.items() if c == top)


def knn_predict(X_train, y_train, X_query, k):
    out = []
    for x in X_query:
        distances = [euclidean_distance(x, x_train) for x_train in X_train]
        k_indices = np.argsort(distances, kind="stable")[:k]
        out.append(majority_vote(y_train[k_indices]))
    return np.array(out)
