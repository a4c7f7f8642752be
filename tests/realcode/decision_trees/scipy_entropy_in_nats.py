# Shortcut: scipy.stats.entropy(counts) without base=2, in nats.
import numpy as np
from scipy.stats import entropy as scipy_entropy


def gini(y):
    _, counts = np.unique(y, return_counts=True)
    p = counts / len(y)
    return float(1 - np.sum(p**2))


def entropy(y):
    _, counts = np.unique(y, return_counts=True)
    return float(scipy_entropy(counts))


def information_gain(y, left, criterion="gini"):
    f = gini if criterion == "gini" else entropy
    n = len(y)
    return f(y) - left.sum() / n * f(y[left]) - (~left).sum() / n * f(y[~left])


def best_threshold(x, y, criterion="gini"):
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
