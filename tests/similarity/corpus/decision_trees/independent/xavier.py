"""Decision trees: grow a tree split by split, each split chosen by how pure it leaves the labels.

A node of a classification tree holds some training samples. Its impurity says how mixed
their labels are: the Gini impurity, or the entropy. A split sends the samples whose value of
one feature is at most a threshold to the left child, the others to the right, and its
information gain is how much it lowers the impurity. Growing a tree means, at each node,
trying every feature and every threshold and keeping the split with the largest gain; a node
that is not split is a leaf, and predicts the most frequent label of its samples. These are
the computations scikit-learn's DecisionTreeClassifier makes at each node.
"""

import numpy as np
from scipy import stats


def gini(y):
    """The Gini impurity of a node's labels: 1 - sum over the labels k of p_k ** 2."""
    _, counts = np.unique(y, return_counts=True)
    return 1.0 - float(np.sum((counts / counts.sum()) ** 2))


def entropy(y):
    """The entropy of a node's labels, in bits: - sum over the labels k of p_k * log2(p_k)."""
    _, counts = np.unique(y, return_counts=True)
    return float(stats.entropy(counts, base=2))


def information_gain(y, left, criterion="gini"):
    """How much a split lowers the impurity of a node."""
    measure = {"gini": gini, "entropy": entropy}[criterion]
    children = sum(len(part) / len(y) * measure(part) for part in (y[left], y[~left]))
    return measure(y) - children


def best_threshold(x, y, criterion="gini"):
    """The threshold on one feature whose split has the largest information gain."""
    values = np.unique(x)
    candidates = (values[1:] + values[:-1]) / 2
    gains = np.array([information_gain(y, x < t, criterion) for t in candidates])
    best = np.flatnonzero(gains == gains.max())[0]
    return float(candidates[best]), float(gains[best])


def best_split(X, y, criterion="gini"):
    """The feature and threshold whose split of the node has the largest information gain."""
    feature, threshold, gain = None, None, -np.inf
    for j, column in enumerate(X.T):
        if np.ptp(column) == 0:
            continue
        t, g = best_threshold(column, y, criterion)
        if g > gain:
            feature, threshold, gain = j, t, g
    return feature, threshold, gain


def leaf_prediction(y):
    """The label a leaf predicts: the most frequent label of its samples."""
    return int(stats.mode(y, keepdims=False).mode)
