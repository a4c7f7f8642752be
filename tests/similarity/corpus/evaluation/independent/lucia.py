"""Evaluating classifiers: how good a classifier's predictions are, and which model to trust.

The confusion matrix counts, for every true class, how often each class was predicted. From
its counts come the scores of a classifier: accuracy (the share of right predictions),
precision (of the samples predicted as a class, the share that are of it), recall (of the
samples of a class, the share predicted as it), their harmonic mean F1, and the Jaccard score
(the overlap of predicted and true positives over their union). The log loss scores predicted
probabilities instead of labels: confident wrong answers cost the most. A validation curve
scores the models of a range of a hyperparameter (k of k-NN, the depth of a tree) on their
training data and on held-out data, to see where a model under- or overfits.

The functions follow scikit-learn's conventions: labels in sorted order, and a score whose
denominator is zero (a class never predicted has no precision) counted as 0.0.
"""

import math

import numpy as np  # noqa: F401 (your code and the examples use it)

EPSILON = 1e-15  # so that log(0) never happens


def confusion_matrix(y_true, y_pred, labels=None):
    """Count, for each true label, how often each label was predicted."""
    if labels is None:
        labels = sorted(set(y_true) | set(y_pred))
    position = {lab: i for i, lab in enumerate(labels)}
    result = np.zeros((len(labels), len(labels)), dtype=int)
    for actual, predicted in zip(y_true, y_pred):
        if actual not in position or predicted not in position:
            continue
        result[position[actual], position[predicted]] += 1
    return result


def accuracy(y_true, y_pred):
    """The share of the samples whose predicted label is the true one."""
    correct = sum(1 for a, b in zip(y_true, y_pred) if a == b)
    return correct / len(y_true)


def precision_recall_f1(y_true, y_pred, average=None, pos_label=1):
    """Precision, recall and F1, per class or averaged, as scikit-learn computes them."""
    if average == "binary":
        C = confusion_matrix(y_true, y_pred, labels=[pos_label])
        predicted_as = np.array([np.sum(y_pred == pos_label)])
        really_are = np.array([np.sum(y_true == pos_label)])
    else:
        C = confusion_matrix(y_true, y_pred)
        predicted_as = C.sum(axis=0)
        really_are = C.sum(axis=1)
    tp = np.diag(C)
    precision = np.array([t / p if p else 0.0 for t, p in zip(tp, predicted_as)])
    recall = np.array([t / r if r else 0.0 for t, r in zip(tp, really_are)])
    f1 = np.array([2 * t / (p + r) if p + r else 0.0 for t, p, r in zip(tp, predicted_as, really_are)])
    if average is None:
        return precision, recall, f1
    if average == "binary":
        return precision[0], recall[0], f1[0]
    if average == "macro":
        return precision.mean(), recall.mean(), f1.mean()
    w = really_are / really_are.sum()
    return (precision * w).sum(), (recall * w).sum(), (f1 * w).sum()


def jaccard_score(y_true, y_pred, pos_label=1):
    """The Jaccard score of the label pos_label: tp / (tp + fp + fn)."""
    inter = sum(1 for a, b in zip(y_true, y_pred) if a == pos_label and b == pos_label)
    union = sum(1 for a, b in zip(y_true, y_pred) if a == pos_label or b == pos_label)
    return inter / union if union > 0 else 0.0


def log_loss(y_true, proba):
    """The mean negative log-likelihood of the true labels under predicted probabilities."""
    classes = sorted(set(y_true))
    total = 0.0
    for i in range(len(y_true)):
        if proba.ndim == 1:
            p_larger = min(max(proba[i], EPSILON), 1 - EPSILON)
            p = p_larger if y_true[i] == classes[-1] else 1 - p_larger
        else:
            p = min(max(proba[i, classes.index(y_true[i])], EPSILON), 1 - EPSILON)
        total += math.log(p)
    return -total / len(y_true)


def validation_curve(y_train, train_predictions, y_val, val_predictions, metric="accuracy"):
    """Score the models of a range of hyperparameter values on training and validation data."""
    train_scores = np.zeros(len(train_predictions))
    val_scores = np.zeros(len(val_predictions))
    for i in range(len(train_predictions)):
        if metric == "accuracy":
            train_scores[i] = accuracy(y_train, train_predictions[i])
            val_scores[i] = accuracy(y_val, val_predictions[i])
        else:
            train_scores[i] = precision_recall_f1(y_train, train_predictions[i], "macro")[2]
            val_scores[i] = precision_recall_f1(y_val, val_predictions[i], "macro")[2]
    return train_scores, val_scores
