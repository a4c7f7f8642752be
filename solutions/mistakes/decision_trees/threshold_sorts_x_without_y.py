"""Mistake: thresholds tried on the sorted feature with the labels left in their order."""

import numpy as np

MISTAKE = "thresholds tried on the sorted feature with the labels left in their order"
HINT = ("you sorted x but split y in its own order: a sample keeps its label, so split with "
        "the mask x <= t (or sort y by np.argsort(x) along with x)")
FUNCTION = "best_threshold"


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
    x_sorted = np.sort(x)
    best_t, best_gain = None, -1.0
    for i in range(1, len(x_sorted)):
        if x_sorted[i] == x_sorted[i - 1]:
            continue
        left = np.arange(len(y)) < i  # the mistake: the first i labels in y's own order
        gain = information_gain(y, left, criterion)
        if gain > best_gain:
            best_t, best_gain = (x_sorted[i - 1] + x_sorted[i]) / 2, gain
    return float(best_t), float(best_gain)


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
    values, counts = np.unique(y, return_counts=True)  # values in ascending order
    return int(values[np.argmax(counts)])  # argmax takes the first, so smallest, of the ties
