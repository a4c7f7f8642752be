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


def label_shares(y):
    counts = {}
    for label in y:
        counts[label] = counts.get(label, 0) + 1
    return [count / len(y) for count in counts.values()]


def gini(y):
    """The Gini impurity of a node's labels: 1 - sum over the labels k of p_k ** 2."""
    shares = np.array(label_shares(y))
    return float(1 - np.sum(shares ** 2))


def entropy(y):
    """The entropy of a node's labels, in bits: - sum over the labels k of p_k * log2(p_k)."""
    shares = np.array(label_shares(y))
    return float(np.sum(-shares * np.log2(shares))) + 0.0


def information_gain(y, left, criterion="gini"):
    """How much a split lowers the impurity of a node."""
    impurity = entropy if criterion == "entropy" else gini
    y_l, y_r = y[left], y[~left]
    children = len(y_l) / len(y) * impurity(y_l) + len(y_r) / len(y) * impurity(y_r)
    return impurity(y) - children


def best_threshold(x, y, criterion="gini"):
    """The threshold on one feature whose split has the largest information gain."""
    distinct = sorted(set(x))
    gains = []
    cuts = []
    for i in range(len(distinct) - 1):
        cut = (distinct[i] + distinct[i + 1]) / 2
        cuts.append(cut)
        gains.append(information_gain(y, x <= cut, criterion))
    k = int(np.argmax(gains))
    return float(cuts[k]), float(gains[k])


def best_split(X, y, criterion="gini"):
    """The feature and threshold whose split of the node has the largest information gain."""
    results = []
    for j in range(X.shape[1]):
        if X[:, j].min() == X[:, j].max():
            continue
        threshold, gain = best_threshold(X[:, j], y, criterion)
        results.append((gain, j, threshold))
    gain, j, threshold = results[int(np.argmax([r[0] for r in results]))]
    return j, threshold, gain


def leaf_prediction(y):
    """The label a leaf predicts: the most frequent label of its samples."""
    counts = {}
    best_label, best_count = None, 0
    for label in y:
        counts[label] = counts.get(label, 0) + 1
    for label in counts:
        if counts[label] > best_count:
            best_label, best_count = label, counts[label]
    return int(best_label)
