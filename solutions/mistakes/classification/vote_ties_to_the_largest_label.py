"""Mistake: a tied vote goes to the largest label (>= where > was needed)."""

import numpy as np

MISTAKE = "tied vote goes to the largest label"
HINT = ("of equally frequent labels your vote returns the largest: keep the first (smallest) "
        "one, comparing counts with > rather than >=")
FUNCTION = "majority_vote"


def euclidean_distances(A, B):
    return np.sqrt(np.sum((A[:, None, :] - B[None, :, :]) ** 2, axis=2))


def majority_vote(labels):
    best, best_count = None, 0
    for label in sorted(set(labels.tolist())):
        count = int(np.sum(labels == label))
        if count >= best_count:  # the mistake: >= lets a later, larger label win a tie
            best, best_count = label, count
    return best


def knn_predict(X_train, y_train, X_query, k):
    distances = euclidean_distances(X_query, X_train)
    nearest = np.argsort(distances, axis=1, kind="stable")[:, :k]
    return np.array([majority_vote(y_train[row]) for row in nearest])
