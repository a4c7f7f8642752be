import math
from collections import Counter


def gini(y):
    n = len(y)
    impurity = 1.0
    for count in Counter(y.tolist()).values():
        impurity -= (count / n) ** 2
    return impurity


def entropy(y):
    n = len(y)
    h = 0.0
    for count in Counter(y.tolist()).values():
        p = count / n
        h -= p * math.log2(p)
    return h + 0.0  # -0.0 for a pure node becomes 0.0


def information_gain(y, left, criterion="gini"):
    impurity = gini if criterion == "gini" else entropy
    y_left = y[left]
    y_right = y[~left]
    n = len(y)
    return (impurity(y) - len(y_left) / n * impurity(y_left)
            - len(y_right) / n * impurity(y_right))


def best_threshold(x, y, criterion="gini"):
    values = sorted(set(x.tolist()))
    best_t, best_gain = None, -1.0
    for a, b in zip(values, values[1:], strict=False):
        t = (a + b) / 2
        gain = information_gain(y, x <= t, criterion)
        if gain > best_gain:
            best_t, best_gain = t, gain
    return best_t, best_gain


def best_split(X, y, criterion="gini"):
    best = None
    for j in range(X.shape[1]):
        if len(set(X[:, j].tolist())) == 1:
            continue
        t, gain = best_threshold(X[:, j], y, criterion)
        if best is None or gain > best[2]:
            best = (j, t, gain)
    return best


def leaf_prediction(y):
    counts = Counter(y.tolist())
    top = max(counts.values())
    return min(label for label, count in counts.items() if count == top)
