"""Decision trees: grow a tree split by split, each split chosen by how pure it leaves the labels.

A node of a classification tree holds some training samples. Its impurity says how mixed
their labels are: the Gini impurity, or the entropy. A split sends the samples whose value of
one feature is at most a threshold to the left child, the others to the right, and its
information gain is how much it lowers the impurity. Growing a tree means, at each node,
trying every feature and every threshold and keeping the split with the largest gain; a node
that is not split is a leaf, and predicts the most frequent label of its samples. These are
the computations scikit-learn's DecisionTreeClassifier makes at each node.
"""

import numpy as np  # noqa: F401 (your code and the examples use it)


def gini(y):
    """The Gini impurity of a node's labels: 1 - sum over the labels k of p_k ** 2.

    p_k is the share of the samples that carry label k: the chance that two samples drawn at
    random (with replacement) carry different labels.

    Parameters:
        y: int array of shape (n,), n >= 1, the labels of the node's samples. Labels can be
            any integers (3 and 7, or -1 and 1), not only 0, 1, ..., c-1.

    Returns:
        A single number (a float, not an array of one element): 0.0 when every label is the
        same, 1 - 1/c when c labels are equally frequent.

    >>> gini(np.array([1, 1, 1, 1]))
    0.0
    >>> gini(np.array([3, 7, 7, 3]))
    0.5
    >>> round(gini(np.array([0, 1, 1, 2, 2, 2])), 4)
    0.6111
    """
    p = np.unique(y, return_counts=True)[1] / len(y)
    return float(1 - sum(p * p))


def entropy(y):
    """The entropy of a node's labels, in bits: - sum over the labels k of p_k * log2(p_k).

    p_k is the share of the samples that carry label k; only labels present in `y` count (a
    label with p_k = 0 adds nothing). The logarithm is in base 2, as in scikit-learn's
    criterion="entropy".

    Parameters:
        y: int array of shape (n,), n >= 1, the labels of the node's samples (any integers).

    Returns:
        A single number (a float, not an array of one element): 0.0 when every label is the
        same, log2(c) when c labels are equally frequent.

    >>> entropy(np.array([1, 1, 1, 1]))
    0.0
    >>> entropy(np.array([3, 7, 7, 3]))
    1.0
    >>> round(entropy(np.array([0, 1, 1, 2, 2, 2])), 4)
    1.4591
    """
    p = np.unique(y, return_counts=True)[1] / len(y)
    return float(sum(-p * np.log2(p))) + 0.0


def information_gain(y, left, criterion="gini"):
    """How much a split lowers the impurity of a node.

    The gain is impurity(y) - (n_left / n) * impurity(y[left]) - (n_right / n) *
    impurity(y[~left]): the parent's impurity minus the children's, each child weighted by
    its share of the samples. The impurity is gini(...) when criterion is "gini", entropy(...)
    when it is "entropy".

    Parameters:
        y: int array of shape (n,), n >= 2, the labels of the node's samples.
        left: bool array of shape (n,), True for the samples that go to the left child, with
            at least one True and one False.
        criterion: "gini" or "entropy".

    Returns:
        A single number (a float): the gain, 0.0 for a split that leaves the children as
        mixed as the parent, and at most the parent's impurity.

    >>> y = np.array([0, 0, 1, 1])
    >>> information_gain(y, np.array([True, True, False, False]))
    0.5
    >>> information_gain(y, np.array([True, True, False, False]), "entropy")
    1.0
    >>> information_gain(y, np.array([True, False, True, False]))
    0.0
    """
    imp = gini if criterion == "gini" else entropy
    parts = [y[left], y[~left]]
    return imp(y) - sum(len(part) / len(y) * imp(part) for part in parts)


def best_threshold(x, y, criterion="gini"):
    """The threshold on one feature whose split has the largest information gain.

    The candidate thresholds are the midpoints between consecutive distinct values of x in
    sorted order: for the values 1, 2, 2, 4 they are 1.5 and 3.0. A threshold t splits the
    samples into those with x <= t (the left child) and the others (the right child), as in
    scikit-learn. When several thresholds give the same largest gain, the smallest of them
    wins.

    Parameters:
        x: float array of shape (n,), one feature's value for each sample, in any order, with
            at least two distinct values.
        y: int array of shape (n,), the samples' labels.
        criterion: "gini" or "entropy" (as in information_gain).

    Returns:
        A tuple (threshold, gain) of two floats: the best threshold and its information gain.
        `x` and `y` are not changed.

    >>> best_threshold(np.array([2.0, 1.0, 4.0, 3.0]), np.array([0, 0, 1, 1]))
    (2.5, 0.5)
    >>> threshold, gain = best_threshold(np.array([1.0, 2.0, 2.0, 4.0]), np.array([0, 1, 1, 0]),
    ...                                  "entropy")
    >>> threshold, round(gain, 4)  # 3.0 gains as much: the smaller threshold wins
    (1.5, 0.3113)
    """
    u = np.unique(x)
    cands = (u[1:] + u[:-1]) / 2
    scored = [(information_gain(y, x <= c, criterion), -c) for c in cands]
    g, neg_t = max(scored)
    return float(-neg_t), float(g)


def best_split(X, y, criterion="gini"):
    """The feature and threshold whose split of the node has the largest information gain.

    Every feature is tried, each with the candidate thresholds of best_threshold. A feature
    with a single value (a constant column) has no threshold and is skipped. When several
    splits give the same largest gain, the one of the smallest feature index wins, and within
    a feature the smallest threshold.

    Parameters:
        X: float array of shape (n, d), one sample per row, one feature per column; at least
            one column has two distinct values.
        y: int array of shape (n,), the samples' labels.
        criterion: "gini" or "entropy" (as in information_gain).

    Returns:
        A tuple (feature, threshold, gain): the feature's column index (an int), the
        threshold and the gain (floats). `X` and `y` are not changed.

    >>> X = np.array([[1.0, 5.0], [2.0, 6.0], [3.0, 7.0], [4.0, 8.0]])
    >>> feature, threshold, gain = best_split(X, np.array([0, 1, 0, 1]))
    >>> feature, threshold, round(gain, 4)  # 3.5, and 5.5 or 7.5 of feature 1, tie with it
    (0, 1.5, 0.1667)
    >>> best_split(X, np.array([0, 0, 1, 1]))
    (0, 2.5, 0.5)
    """
    scored = []
    for j in range(X.shape[1]):
        if len(np.unique(X[:, j])) > 1:
            t, g = best_threshold(X[:, j], y, criterion)
            scored.append((g, -j, t))
    g, neg_j, t = max(scored)
    return -neg_j, t, g


def leaf_prediction(y):
    """The label a leaf predicts: the most frequent label of its samples.

    Parameters:
        y: int array of shape (n,), n >= 1, the labels of the leaf's samples (any integers).

    Returns:
        The most frequent label, as a single integer. When several labels are equally
        frequent, the smallest of them (as scikit-learn's DecisionTreeClassifier does).

    >>> leaf_prediction(np.array([7, 3, 7]))
    7
    >>> leaf_prediction(np.array([7, 3, 3, 7]))
    3
    """
    labels, counts = np.unique(y, return_counts=True)
    return int(labels[counts == counts.max()].min())
