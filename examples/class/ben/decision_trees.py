import numpy as np


def gini(y):
    _, counts = np.unique(y, return_counts=True)
    p = counts / len(y)
    return 1 - np.sum(p ** 2)


def entropy(y):
    _, counts = np.unique(y, return_counts=True)
    p = counts / len(y)
    return -np.sum(p * np.log(p))


def information_gain(y, left, criterion="gini"):
    if criterion == "gini":
        impurity = gini
    else:
        impurity = entropy
    n = len(y)
    n_left = np.sum(left)
    return impurity(y) - n_left / n * impurity(y[left]) - (n - n_left) / n * impurity(y[~left])


def best_threshold(x, y, criterion="gini"):
    values = np.unique(x)
    best_t, best_gain = None, -1
    for i in range(len(values) - 1):
        t = (values[i] + values[i + 1]) / 2
        gain = information_gain(y, x <= t, criterion)
        if gain > best_gain:
            best_t, best_gain = t, gain
    return best_t, best_gain


def best_split(X, y, criterion="gini"):
    best = (None, None, -1)
    for j in range(X.shape[1]):
        if len(np.unique(X[:, j])) > 1:
            t, gain = best_threshold(X[:, j], y, criterion)
            if gain > best[2]:
                best = (j, t, gain)
    return best


def leaf_prediction(y):
    counts = {}
    for label in y:
        counts[label] = counts.get(label, 0) + 1
    # the label seen first wins a tie
    return max(counts, key=counts.get)
