"""Mistake: of thresholds with equal gains, the largest wins (ties to the largest threshold)."""

import numpy as np

MISTAKE = "of thresholds with equal gains, the largest wins"
HINT = ("of thresholds with equal gains your function keeps the last one tried: keep a new "
        "best only when its gain is strictly larger, so that the smallest threshold wins")
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
    values = np.unique(x)
    thresholds = (values[:-1] + values[1:]) / 2
    best_t, best_gain = None, -1.0
    for t in thresholds:
        gain = information_gain(y, x <= t, criterion)
        if gain >= best_gain:  # the mistake: >= keeps the last of equal gains
            best_t, best_gain = t, gain
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
