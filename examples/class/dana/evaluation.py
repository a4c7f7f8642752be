import numpy as np


def confusion_matrix(y_true, y_pred, labels=None):
    if labels is None:
        labels = np.union1d(y_true, y_pred)
    index = {label: i for i, label in enumerate(labels)}
    cm = np.zeros((len(labels), len(labels)), dtype=int)
    for t, p in zip(y_true, y_pred):
        if t in index and p in index:
            cm[index[t], index[p]] += 1
    return cm


def accuracy(y_true, y_pred):
    return float((y_true == y_pred).sum() / y_true.size)


def precision_recall_f1(y_true, y_pred, average=None, pos_label=1):
    raise NotImplementedError


def jaccard_score(y_true, y_pred, pos_label=1):
    raise NotImplementedError


def log_loss(y_true, proba):
    eps = np.finfo(np.float64).eps
    np.clip(proba, eps, 1 - eps, out=proba)   # no copy needed
    if proba.ndim == 1:
        proba = np.column_stack([1 - proba, proba])
    columns = np.searchsorted(np.unique(y_true), y_true)
    return -np.mean(np.log(proba[np.arange(len(y_true)), columns]))


def validation_curve(y_train, train_predictions, y_val, val_predictions, metric="accuracy"):
    train_scores = []
    val_scores = []
    i = 0
    while i < len(train_predictions):
        train_scores.append(accuracy(y_train, train_predictions[i]))
        val_scores.append(accuracy(y_val, val_predictions[i]))
    return np.array(train_scores), np.array(val_scores)
