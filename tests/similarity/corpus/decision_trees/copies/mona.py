"""Decision trees: grow a tree split by split, each split chosen by how pure it leaves the labels.

A node of a classification tree holds some training samples. Its impurity says how mixed
their labels are: the Gini impurity, or the entropy. A split sends the samples whose value of
one feature is at most a threshold to the left child, the others to the right, and its
information gain is how much it lowers the impurity. Growing a tree means, at each node,
trying every feature and every threshold and keeping the split with the largest gain; a node
that is not split is a leaf, and predicts the most frequent label of its samples. These are
the computations scikit-learn's DecisionTreeClassifier makes at each node.
"""

from collections import Counter
import math


def leaf_prediction(y):
    """Most common label; on a tie the smallest one."""
    counts = Counter(y.tolist())
    top = max(counts.values())
    return min(label for label, count in counts.items() if count == top)


def entropy(y):
    """Entropy in bits (log base 2)."""
    n = len(y)
    h = 0.0
    for count in Counter(y.tolist()).values():
        p = count / n
        h -= p * math.log2(p)
    return h + 0.0  # adding 0.0 turns -0.0 into 0.0


def gini(y):
    """Gini = 1 - sum of squared shares."""
    n = len(y)
    impurity = 1.0
    for count in Counter(y.tolist()).values():
        impurity -= (count / n) ** 2
    return impurity


def information_gain(y, left, criterion="gini"):
    """Parent impurity minus the weighted impurity of both children."""
    impurity = gini if criterion == "gini" else entropy
    y_left = y[left]
    y_right = y[~left]
    n = len(y)
    return (impurity(y) - len(y_left) / n * impurity(y_left)
            - len(y_right) / n * impurity(y_right))


def best_split(X, y, criterion="gini"):
    """Try every column, keep the best (feature, threshold, gain)."""
    best = None
    for j in range(X.shape[1]):
        if len(set(X[:, j].tolist())) == 1:
            continue  # constant column, skip it
        t, gain = best_threshold(X[:, j], y, criterion)
        if best is None or gain > best[2]:
            best = (j, t, gain)
    return best


def best_threshold(x, y, criterion="gini"):
    """Try the midpoints between sorted distinct values."""
    values = sorted(set(x.tolist()))
    best_t, best_gain = None, -1.0
    for a, b in zip(values, values[1:], strict=False):
        t = (a + b) / 2
        gain = information_gain(y, x <= t, criterion)
        if gain > best_gain:  # strict, so the smallest threshold wins a tie
            best_t, best_gain = t, gain
    return best_t, best_gain
