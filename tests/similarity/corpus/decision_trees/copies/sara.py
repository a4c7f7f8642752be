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


def leaf_prediction(y):
    """The most frequent label (np.unique sorts, argmax takes the first: the smallest)."""
    vals, freq = np.unique(y, return_counts=True)
    return int(vals[np.argmax(freq)])


def best_split(X, y, criterion="gini"):
    """Loop over the columns, skip the constant ones."""
    feat, thr, top = None, None, -np.inf
    for col_idx in range(X.shape[1]):
        col = X[:, col_idx]
        if np.unique(col).size == 1: continue
        t, g = best_threshold(col, y, criterion)
        if g > top: feat, thr, top = col_idx, t, g
    return feat, thr, top


def best_threshold(x, y, criterion="gini"):
    """Midpoints of the sorted unique values, keep the one with the highest gain."""
    u = np.unique(x)
    cuts = (u[1:] + u[:-1]) / 2.0
    g = np.array([information_gain(y, x <= c, criterion) for c in cuts])
    i = g.argmax()
    return float(cuts[i]), float(g[i])


def shares(y):
    _, c = np.unique(y, return_counts=True)
    return c / c.sum()


def information_gain(y, left, criterion="gini"):
    """Impurity of the parent minus the children's, weighted by size."""
    imp = {"gini": gini, "entropy": entropy}[criterion]
    total = y.shape[0]
    nl = np.count_nonzero(left)
    nr = total - nl
    return imp(y) - nl / total * imp(y[left]) - nr / total * imp(y[~left])


def entropy(y):
    """- sum p log p"""
    q = shares(y)
    return float(-(q * np.log(q)).sum()) + 0.0


def gini(y):
    """1 - sum p^2"""
    q = shares(y)
    return float(1.0 - (q ** 2).sum())
