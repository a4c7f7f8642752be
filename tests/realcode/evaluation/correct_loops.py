# Correct, written with loops: a dict of label positions, counts of tp, fp and fn per label, F1
# as the harmonic mean 2pr / (p + r) with 0.0 for a zero denominator.
import math

import numpy as np


def confusion_matrix(y_true, y_pred, labels=None):
    if labels is None:
        labels = sorted(set(y_true.tolist()) | set(y_pred.tolist()))
    index = {}
    for i, label in enumerate(labels):
        index[label] = i
    matrix = [[0] * len(labels) for _ in labels]
    for t, p in zip(y_true, y_pred):
        if t in index and p in index:
            matrix[index[t]][index[p]] += 1
    return np.array(matrix, dtype=int)


def accuracy(y_true, y_pred):
    right = 0
    for t, p in zip(y_true, y_pred):
        if t == p:
            right += 1
    return right / len(y_true)


def _divide(a, b):
    return a / b if b != 0 else 0.0


def _one_label(y_true, y_pred, label):
    tp = fp = fn = 0
    for t, p in zip(y_true, y_pred):
        if p == label and t == label:
            tp += 1
        elif p == label:
            fp += 1
        elif t == label:
            fn += 1
    precision = _divide(tp, tp + fp)
    recall = _divide(tp, tp + fn)
    f1 = _divide(2 * precision * recall, precision + recall)
    return precision, recall, f1, tp + fn


def precision_recall_f1(y_true, y_pred, average=None, pos_label=1):
    if average == "binary":
        precision, recall, f1, _ = _one_label(y_true, y_pred, pos_label)
        return precision, recall, f1
    labels = sorted(set(y_true.tolist()) | set(y_pred.tolist()))
    rows = [_one_label(y_true, y_pred, label) for label in labels]
    if average is None:
        return tuple(np.array([row[k] for row in rows]) for k in range(3))
    if average == "macro":
        weights = [1] * len(rows)
    else:
        weights = [row[3] for row in rows]
    return tuple(sum(w * row[k] for w, row in zip(weights, rows)) / sum(weights)
                 for k in range(3))


def jaccard_score(y_true, y_pred, pos_label=1):
    both = either = 0
    for t, p in zip(y_true, y_pred):
        if t == pos_label and p == pos_label:
            both += 1
        if t == pos_label or p == pos_label:
            either += 1
    return _divide(both, either)


def log_loss(y_true, proba):
    classes = sorted(set(y_true.tolist()))
    eps = np.finfo(np.float64).eps
    total = 0.0
    for i, label in enumerate(y_true):
        if proba.ndim == 1:
            p = proba[i] if label == classes[1] else 1 - proba[i]
        else:
            p = proba[i][classes.index(label)]
        p = min(max(p, eps), 1 - eps)
        total += -math.log(p)
    return total / len(y_true)


def validation_curve(y_train, train_predictions, y_val, val_predictions, metric="accuracy"):
    def score(y, pred):
        if metric == "accuracy":
            return accuracy(y, pred)
        return precision_recall_f1(y, pred, average="macro")[2]

    train_scores = [score(y_train, row) for row in train_predictions]
    val_scores = [score(y_val, row) for row in val_predictions]
    return np.array(train_scores), np.array(val_scores)
