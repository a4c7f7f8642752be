import numpy as np


def gini(y):
    n = len(y)
    total = 0.0
    for label in set(y.tolist()):
        p = np.sum(y == label) / n
        total += p * (1 - p)
    return total


def entropy(y):
    n = len(y)
    total = 0.0
    for label in set(y.tolist()):
        p = np.sum(y == label) / n
        total -= p * np.log2(p)
    return abs(total)


def information_gain(y, left, criterion="gini"):
    impurity = gini if criterion == "gini" else entropy
    right = ~left
    n = len(y)
    weighted = (left.sum() * impurity(y[left]) + right.sum() * impurity(y[right])) / n
    return impurity(y) - weighted


def best_threshold(x, y, criterion="gini"):
    values = sorted(set(x.tolist()))
    best = None
    for a, b in zip(values[:-1], values[1:]):
        t = (a + b) / 2
        gain = information_gain(y, x <= t, criterion)
        if best is None or gain > best[1]:
            best = (t, gain)
    return best


def best_split(X, y, criterion="gini"):
    best = None
    for j in range(X.shape[1]):
        column = X[:, j]
        if np.all(column == column[0]):
            continue
        t, gain = best_threshold(column, y, criterion)
        if best is None or gain > best[2]:
            best = (j, t, gain)
    return best


def leaf_prediction(y):
    counts = {}
    for label in y.tolist():
        counts[label] = counts.get(label, 0) + 1
    top = max(counts.values())
    return min(label for label, count in counts.items() if count == top)
