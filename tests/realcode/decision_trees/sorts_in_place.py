# Shortcut: x and y sorted together in place (x[:] = x[order]) before the scan.
import numpy as np


def gini(y):
    _, counts = np.unique(y, return_counts=True)
    p = counts / len(y)
    return float(1 - np.sum(p**2))


def entropy(y):
    _, counts = np.unique(y, return_counts=True)
    p = counts / len(y)
    return float(-np.sum(p * np.log2(p))) + 0.0


def information_gain(y, left, criterion="gini"):
    f = gini if criterion == "gini" else entropy
    n = len(y)
    return f(y) - left.sum() / n * f(y[left]) - (~left).sum() / n * f(y[~left])


def best_threshold(x, y, criterion="gini"):
    order = np.argsort(x, kind="stable")
    x[:] = x[order]
    y[:] = y[order]
    v = np.unique(x)
    ts = (v[:-1] + v[1:]) / 2
    gains = [information_gain(y, x <= t, criterion) for t in ts]
    i = int(np.argmax(gains))
    return float(ts[i]), float(gains[i])


def best_split(X, y, criterion="gini"):
    best = None
    for j in range(X.shape[1]):
        if np.unique(X[:, j]).size > 1:
            t, g = best_threshold(X[:, j], y, criterion)
            if best is None or g > best[2]:
                best = (j, t, g)
    return best


def leaf_prediction(y):
    v, c = np.unique(y, return_counts=True)
    return int(v[np.argmax(c)])
