"""Mistake: thresholds at the feature's values, not at the midpoints between them."""

import numpy as np

MISTAKE = "thresholds at the feature's values, not at the midpoints between them"
HINT = ("your threshold is one of the feature's values: the candidates are the midpoints "
        "between consecutive distinct sorted values, (a + b) / 2")
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
    thresholds = np.unique(x)[:-1]  # the mistake: the values themselves
    gains = [information_gain(y, x <= t, criterion) for t in thresholds]
    best = int(np.argmax(gains))
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
    values, counts = np.unique(y, return_counts=True)  # values in ascending order
    return int(values[np.argmax(counts)])  # argmax takes the first, so smallest, of the ties
