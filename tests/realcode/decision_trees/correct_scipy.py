import numpy as np
from scipy import stats


def gini(y):
    _, counts = np.unique(y, return_counts=True)
    return 1.0 - float(np.sum((counts / counts.sum()) ** 2))


def entropy(y):
    _, counts = np.unique(y, return_counts=True)
    return float(stats.entropy(counts, base=2))


def information_gain(y, left, criterion="gini"):
    measure = {"gini": gini, "entropy": entropy}[criterion]
    children = sum(len(part) / len(y) * measure(part) for part in (y[left], y[~left]))
    return measure(y) - children


def best_threshold(x, y, criterion="gini"):
    values = np.unique(x)
    candidates = (values[1:] + values[:-1]) / 2
    gains = np.array([information_gain(y, x < t, criterion) for t in candidates])
    best = np.flatnonzero(gains == gains.max())[0]
    return float(candidates[best]), float(gains[best])


def best_split(X, y, criterion="gini"):
    feature, threshold, gain = None, None, -np.inf
    for j, column in enumerate(X.T):
        if np.ptp(column) == 0:
            continue
        t, g = best_threshold(column, y, criterion)
        if g > gain:
            feature, threshold, gain = j, t, g
    return feature, threshold, gain


def leaf_prediction(y):
    return int(stats.mode(y, keepdims=False).mode)
