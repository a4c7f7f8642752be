# k-NN lab. Name: ______  (didn't get to this one in class)
"""k-nearest neighbours: classify a point by the labels of the training points closest to it.

The distance between two points is the Euclidean distance. To classify a query point, take
the k training points nearest to it and let them vote: the label they carry most often wins.
"""

import numpy as np  # noqa: F401 (your code and the examples use it)


def euclidean_distances(A, B):
    """Distance matrix. D[i, j] = distance between A[i] and B[j].

        # idea: broadcasting? A[:, None] - B[None]
    """
    raise NotImplementedError


def majority_vote(labels):
    """Most common label -- smallest on a tie!! (not the first one)"""
    raise NotImplementedError


def knn_predict(X_train, y_train, X_query, k):
    raise NotImplementedError
