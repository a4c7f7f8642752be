"""Decision trees: grow a tree split by split, each split chosen by how pure it leaves the labels.

A node of a classification tree holds some training samples. Its impurity says how mixed
their labels are: the Gini impurity, or the entropy. A split sends the samples whose value of
one feature is at most a threshold to the left child, the others to the right, and its
information gain is how much it lowers the impurity. Growing a tree means, at each node,
trying every feature and every threshold and keeping the split with the largest gain; a node
that is not split is a leaf, and predicts the most frequent label of its samples. These are
the computations scikit-learn's DecisionTreeClassifier makes at each node.
"""

import numpy as np  # noqa: F401 (your code and the examples use it)
import collections


def proportions(labels):
    # share of each label, in the order the labels first appear
    tally = {}
    for lab in labels: tally[lab] = tally.get(lab, 0) + 1
    return [c/len(labels) for c in tally.values()]


def gini(y):
    """Gini impurity: 1 - sum(p^2)."""
    p = np.array(proportions(y))
    return float(1 - np.sum(p**2))


def entropy(y):
    """Entropy with log base 2."""
    p = np.array(proportions(y))
    if len(p) == 0:
        return 0.0
    return float(np.sum(-p*np.log2(p))) + 0.0


def information_gain(y, left, criterion = "gini"):
    """Gain = parent impurity - weighted children impurity."""
    f = entropy if criterion == "entropy" else gini
    a, b = y[left], y[~left]
    kids = len(a)/len(y)*f(a) + len(b)/len(y)*f(b)
    return f(y) - kids


def best_threshold(x, y, criterion = "gini"):
    """Best midpoint threshold for one feature."""
    uniq = sorted(set(x))
    scores, mids = [], []
    for k in range(len(uniq) - 1):
        m = (uniq[k] + uniq[k + 1])/2
        mids.append(m)
        scores.append(information_gain(y, x <= m, criterion))
    debug_table = list(zip(mids, scores))
    top = int(np.argmax(scores))
    return float(mids[top]), float(scores[top])


def best_split(X, y, criterion = "gini"):
    """Best (feature, threshold, gain) over all the features."""
    found = []
    for col in range(X.shape[1]):
        if X[:, col].min() == X[:, col].max(): continue   # constant feature
        thr, g = best_threshold(X[:, col], y, criterion)
        found.append((g, col, thr))
    g, col, thr = found[int(np.argmax([item[0] for item in found]))]
    return col, thr, g


def leaf_prediction(y):
    """Majority label of the leaf."""
    tally = {}
    winner, winner_count = None, 0
    for lab in y: tally[lab] = tally.get(lab, 0) + 1
    for lab in tally:
        if tally[lab] > winner_count:
            winner, winner_count = lab, tally[lab]
    return int(winner)
