import numpy as np


def gini(y):
    _, counts = np.unique(y, return_counts=True)
    return 1.0 - np.sum((counts / counts.sum()) ** 2)


def entropy(y):
    _, counts = np.unique(y, return_counts=True)
    p = counts / counts.sum()
    return float(-(p * np.log2(p)).sum())


def information_gain(y, left, criterion="gini"):
    f = gini if criterion == "gini" else entropy
    w = left.mean()
    return f(y) - w * f(y[left]) - (1 - w) * f(y[~left])


def best_threshold(x, y, criterion="gini"):
    # sort the samples by feature value, then sweep the split from left to right
    order = np.argsort(x, kind="stable")
    y = y[order]
    x.sort()
    best = (None, -np.inf)
    for i in range(1, len(x)):
        if x[i] == x[i - 1]:
            continue
        gain = information_gain(y, np.arange(len(y)) < i, criterion)
        if gain > best[1]:
            best = ((x[i - 1] + x[i]) / 2, gain)
    return best


def best_split(X, y, criterion="gini"):
    results = []
    for j in range(X.shape[1]):
        if np.ptp(X[:, j]) > 0:
            t, gain = best_threshold(X[:, j], y, criterion)
            results.append((gain, -j, j, t))
    gain, _, j, t = max(results)
    return j, t, gain


def leaf_prediction(y):
    values, counts = np.unique(y, return_counts=True)
    return int(values[counts == counts.max()].min())
