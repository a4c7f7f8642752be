import numpy as np


def _counts(y):
    return np.unique(y, return_counts=True)[1]


def gini(y):
    p = _counts(y) / y.size
    return float(1 - p @ p)


def entropy(y):
    p = _counts(y) / y.size
    return float(max(0.0, -np.sum(p * np.log2(p))))


def information_gain(y, left, criterion="gini"):
    f = entropy if criterion == "entropy" else gini
    w = left.mean()
    return f(y) - w * f(y[left]) - (1 - w) * f(y[~left])


def best_threshold(x, y, criterion="gini"):
    # every cut at once: cumulative label counts of the samples sorted by x
    order = np.argsort(x, kind="stable")
    xs = x[order]
    classes, codes = np.unique(y[order], return_inverse=True)
    onehot = np.eye(len(classes))[codes]
    left_counts = np.cumsum(onehot, axis=0)[:-1]
    right_counts = left_counts[-1] + onehot[-1] - left_counts
    cut = xs[1:] != xs[:-1]  # only between distinct values
    n = len(y)
    n_left = left_counts.sum(axis=1)
    n_right = n - n_left

    def impurity(counts, total):
        p = counts / total[:, None]
        if criterion == "entropy":
            with np.errstate(divide="ignore", invalid="ignore"):
                return -np.sum(np.where(p > 0, p * np.log2(p), 0.0), axis=1)
        return 1 - np.sum(p**2, axis=1)

    parent = gini(y) if criterion == "gini" else entropy(y)
    gains = parent - (n_left / n) * impurity(left_counts, n_left) \
        - (n_right / n) * impurity(right_counts, n_right)
    gains = np.where(cut, gains, -np.inf)
    i = int(np.argmax(gains))
    return (xs[i] + xs[i + 1]) / 2, float(gains[i])


def best_split(X, y, criterion="gini"):
    results = [(j, *best_threshold(X[:, j], y, criterion)) for j in range(X.shape[1])
               if X[:, j].min() < X[:, j].max()]
    gains = [r[2] for r in results]
    return results[int(np.argmax(gains))]


def leaf_prediction(y):
    low = y.min()
    return int(np.bincount(y - low).argmax() + low)
