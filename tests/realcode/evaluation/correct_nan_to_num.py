# Correct, a loop over pairs of labels for the confusion matrix and scores divided freely then
# np.nan_to_num (0 / 0 warns and becomes 0.0); the log loss through a one-hot mask.
import numpy as np


def confusion_matrix(y_true, y_pred, labels=None):
    if labels is None:
        labels = np.unique(np.concatenate([y_true, y_pred]))
    C = np.zeros((len(labels), len(labels)), dtype=int)
    for i, a in enumerate(labels):
        for j, b in enumerate(labels):
            C[i, j] = np.sum((y_true == a) & (y_pred == b))
    return C


def accuracy(y_true, y_pred):
    return float(np.mean(y_true == y_pred))


def precision_recall_f1(y_true, y_pred, average=None, pos_label=1):
    labels = [pos_label] if average == "binary" else np.unique(np.concatenate([y_true, y_pred]))
    tp = np.array([np.sum((y_true == c) & (y_pred == c)) for c in labels])
    fp = np.array([np.sum((y_true != c) & (y_pred == c)) for c in labels])
    fn = np.array([np.sum((y_true == c) & (y_pred != c)) for c in labels])
    precision = np.nan_to_num(tp / (tp + fp))
    recall = np.nan_to_num(tp / (tp + fn))
    f1 = np.nan_to_num(2 * precision * recall / (precision + recall))
    if average is None:
        return precision, recall, f1
    if average == "binary":
        return float(precision[0]), float(recall[0]), float(f1[0])
    weights = None if average == "macro" else tp + fn
    return tuple(float(np.average(s, weights=weights)) for s in (precision, recall, f1))


def jaccard_score(y_true, y_pred, pos_label=1):
    t, p = y_true == pos_label, y_pred == pos_label
    return float(np.nan_to_num(np.sum(t & p) / np.sum(t | p)))


def log_loss(y_true, proba):
    eps = np.finfo(np.float64).eps
    labels = np.unique(y_true)
    if proba.ndim == 1:
        proba = np.column_stack([1 - proba, proba])
    proba = np.clip(proba, eps, 1 - eps)
    onehot = (y_true[:, None] == labels[None, :])
    return float(-np.sum(onehot * np.log(proba)) / len(y_true))


def validation_curve(y_train, train_predictions, y_val, val_predictions, metric="accuracy"):
    if metric == "accuracy":
        f = accuracy
    else:
        def f(y, pred):
            return precision_recall_f1(y, pred, average="macro")[2]
    return (np.array([f(y_train, row) for row in train_predictions]),
            np.array([f(y_val, row) for row in val_predictions]))
