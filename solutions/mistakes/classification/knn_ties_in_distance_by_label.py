"""Mistake: k-NN sorts (distance, label) pairs, so neighbours at equal distance go by label."""

import numpy as np

MISTAKE = "equal distances ordered by label, not by training order"
HINT = ("sorting (distance, label) pairs puts the smaller label first among points at equal "
        "distance: keep the training order with np.argsort(distances, kind=\"stable\")")
FUNCTION = "knn_predict"


def euclidean_distances(A, B):
    return np.sqrt(np.sum((A[:, None, :] - B[None, :, :]) ** 2, axis=2))


def majority_vote(labels):
    values, counts = np.unique(labels, return_counts=True)
    return values[np.argmax(counts)]


def knn_predict(X_train, y_train, X_query, k):
    predictions = []
    for distances in euclidean_distances(X_query, X_train):
        # the mistake: sorting (distance, label) pairs orders equal distances by label
        pairs = sorted(zip(distances.tolist(), y_train.tolist(), strict=True))
        predictions.append(majority_vote(np.array([label for _, label in pairs[:k]])))
    return np.array(predictions)
