"""k-nearest neighbours: classify a point by the labels of the training points closest to it.

The distance between two points is the Euclidean distance. To classify a query point, take
the k training points nearest to it and let them vote: the label they carry most often wins.
"""

import numpy as np  # noqa: F401 (your code and the examples use it)


DEBUG = False


def show(x):
    if DEBUG:
        print(x)


def majority_vote(labels):
    """The label that occurs most often in `labels`.

    Parameters:
        labels: int array of shape (n,), n >= 1. Labels can be any integers (3 and 7,
            or -1 and 1), not only 0, 1, ..., c-1.

    Returns:
        The most frequent label, as a single integer. When several labels are equally
        frequent, the smallest of them (as scikit-learn's KNeighborsClassifier does).

    >>> majority_vote(np.array([7, 3, 7]))
    7
    >>> majority_vote(np.array([7, 3, 3, 7]))
    3
    """
    freq = {}
    for lab in labels:
        lab = int(lab)
        if lab in freq:
            freq[lab] += 1
        else:
            freq[lab] = 1
    winner = None
    for lab in sorted(freq):
        if winner is None or freq[lab] > freq[winner]:
            winner = lab
    return winner


def euclidean_distances(A, B):
    """The Euclidean distance between every row of A and every row of B.

    Parameters:
        A: float array of shape (m, d), one point per row.
        B: float array of shape (n, d), one point per row; n may differ from m.

    Returns:
        A float array D of shape (m, n) with D[i, j] = sqrt(sum((A[i] - B[j]) ** 2)).

    >>> euclidean_distances(np.array([[0.0, 0.0], [3.0, 0.0]]),
    ...                     np.array([[3.0, 4.0], [0.0, 0.0], [0.0, 4.0]]))
    array([[5., 0., 4.],
           [4., 3., 5.]])
    """
    rows = len(A)
    cols = len(B)
    out = np.zeros((rows, cols))
    r = 0
    while r < rows:
        c = 0
        while c < cols:
            out[r][c] = np.sqrt(((A[r] - B[c]) ** 2).sum())
            c += 1
        r += 1
    return out


def knn_predict(X_train, y_train, X_query, k):
    """Predict a label for each query point from its k nearest training points.

    Parameters:
        X_train: float array of shape (n, d), the training points.
        y_train: int array of shape (n,), their labels (any integers, see majority_vote).
        X_query: float array of shape (m, d), the points to classify.
        k: int, 1 <= k <= n, the number of neighbours that vote.

    Returns:
        An int array of shape (m,): for each query point, the majority vote of the labels
        of its k nearest training points by Euclidean distance, ties in the vote going to
        the smallest label (as in majority_vote). When training points are at the same
        distance, the one that comes first in X_train counts as nearer: sort the distances
        with a stable sort, np.argsort(..., kind="stable"), because NumPy's default sort
        may reorder equal values.

    >>> X_train = np.array([[0.0], [1.0], [5.0], [6.0]])
    >>> y_train = np.array([3, 3, 7, 7])
    >>> knn_predict(X_train, y_train, np.array([[0.5], [5.5], [2.0]]), 3)
    array([3, 7, 3])
    """
    answer = []
    dists = euclidean_distances(X_query, X_train)
    for q in range(X_query.shape[0]):
        # mergesort is stable: equal distances keep the training order
        closest = np.argsort(dists[q], kind="mergesort")
        answer.append(majority_vote(y_train[closest[:k]]))
    return np.array(answer)
