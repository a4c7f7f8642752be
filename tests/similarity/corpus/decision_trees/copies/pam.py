import numpy as np


def gini(y):
    _, codes = np.unique(y, return_inverse=True)
    p = np.bincount(codes) / codes.shape[0]
    return float(1 - np.dot(p, p))


def entropy(y):
    _, codes = np.unique(y, return_inverse=True)
    p = np.bincount(codes) / codes.shape[0]
    return float(np.dot(p, -np.log2(p))) + 0.0


def information_gain(y, left, criterion="gini"):
    h = entropy if criterion == "entropy" else gini
    frac = left.mean()
    return h(y) - frac * h(y[left]) - (1 - frac) * h(y[~left])


def best_threshold(x, y, criterion="gini"):
    # sort once, then cut between every pair of distinct neighbours
    idx = np.argsort(x)
    xs, ys = x[idx], y[idx]
    best_gain, best_t = -float("inf"), None
    for i in range(1, xs.shape[0]):
        if not xs[i] != xs[i - 1]:
            continue
        t = 0.5 * (xs[i - 1] + xs[i])
        left = np.arange(xs.shape[0]) < i
        g = information_gain(ys, left, criterion)
        if g > best_gain:
            best_gain, best_t = g, t
    return float(best_t), float(best_gain)


def best_split(X, y, criterion="gini"):
    candidates = []
    for j in range(X.shape[1]):
        if (X[:, j] == X[0, j]).all():
            continue
        candidates += [(j, *best_threshold(X[:, j], y, criterion))]
    return max(candidates, key=lambda c: (c[2], -c[0]))


def leaf_prediction(y):
    labels, codes = np.unique(y, return_inverse=True)
    return int(labels[np.argmax(np.bincount(codes))])
