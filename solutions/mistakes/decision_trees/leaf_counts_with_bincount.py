"""Mistake: leaf labels counted with bincount (np.bincount)."""

import numpy as np

MISTAKE = "leaf labels counted with bincount"
HINT = ("np.bincount refuses negative labels: count the labels with np.unique(y, "
        "return_counts=True), which takes any integers")
FUNCTION = "leaf_prediction"


def gini(y):
    _, counts = np.unique(y, return_counts=True)
    shares = counts / len(y)
    return float(1.0 - np.sum(shares**2))


def entropy(y):
    _, counts = np.unique(y, return_counts=True)  # only the labels present: no log2(0)
    shares = counts / len(y)
    return float(np.sum(shares * np.log2(1.0 / shares)))  # log2(1 / 1) is 0.0, never -0.0


def _impurity(y, criterion):
    return gini(y) if criterion == "gini" else entropy(y)


def information_gain(y, left, criterion="gini"):
    n, n_left = len(y), int(np.sum(left))
    children = (n_left / n) * _impurity(y[left], criterion) + (
        (n - n_left) / n
    ) * _impurity(y[~left], criterion)
    return float(_impurity(y, criterion) - children)


def best_threshold(x, y, criterion="gini"):
    values = np.unique(x)  # sorted, distinct; x itself is not sorted in place
    thresholds = (values[:-1] + values[1:]) / 2
    gains = [information_gain(y, x <= t, criterion) for t in thresholds]
    best = int(np.argmax(gains))  # the first of equal gains: the smallest threshold
    return float(thresholds[best]), float(gains[best])


def best_split(X, y, criterion="gini"):
    best = None
    for feature in range(X.shape[1]):
        if len(np.unique(X[:, feature])) < 2:
            continue  # a constant column has no threshold
        threshold, gain = best_threshold(X[:, feature], y, criterion)
        if best is None or gain > best[2]:  # strictly larger: ties keep the earlier feature
            best = (feature, threshold, gain)
    return best


def leaf_prediction(y):
    return int(np.argmax(np.bincount(y)))  # the mistake: no negative labels
