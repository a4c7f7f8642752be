import numpy as np


def confusion_matrix(y_true, y_pred, labels=None):
    if labels is None:
        labels = sorted(set(y_true.tolist()) | set(y_pred.tolist()))
    labels = list(labels)
    matrix = np.zeros((len(labels), len(labels)), dtype=int)
    for t, p in zip(y_true, y_pred):
        if t in labels and p in labels:
            matrix[labels.index(t), labels.index(p)] += 1
    return matrix


def accuracy(y_true, y_pred):
    right = 0
    for t, p in zip(y_true, y_pred):
        if t == p:
            right += 1
    return right / len(y_true)


def safe_divide(a, b):
    return a / b if b > 0 else 0.0


def precision_recall_f1(y_true, y_pred, average=None, pos_label=1):
    if average == "binary":
        labels = [pos_label]
    else:
        labels = sorted(set(y_true.tolist()) | set(y_pred.tolist()))
    precisions, recalls, f1s, supports = [], [], [], []
    for label in labels:
        tp = np.sum((y_true == label) & (y_pred == label))
        fp = np.sum((y_true != label) & (y_pred == label))
        fn = np.sum((y_true == label) & (y_pred != label))
        p = safe_divide(tp, tp + fp)
        r = safe_divide(tp, tp + fn)
        precisions.append(p)
        recalls.append(r)
        f1s.append(safe_divide(2 * p * r, p + r))
        supports.append(tp + fn)
    if average is None:
        return np.array(precisions), np.array(recalls), np.array(f1s)
    if average == "binary":
        return precisions[0], recalls[0], f1s[0]
    if average == "macro":
        return np.mean(precisions), np.mean(recalls), np.mean(f1s)
    w = np.array(supports) / np.sum(supports)
    return np.dot(w, precisions), np.dot(w, recalls), np.dot(w, f1s)


def jaccard_score(y_true, y_pred, pos_label=1):
    both = np.sum((y_true == pos_label) & (y_pred == pos_label))
    either = np.sum((y_true == pos_label) | (y_pred == pos_label))
    return safe_divide(both, either)


def log_loss(y_true, proba):
    classes = np.unique(y_true)
    if proba.ndim == 1:
        proba = np.stack([1 - proba, proba], axis=1)
    eps = np.finfo(float).eps
    p = np.clip(proba, eps, 1 - eps)
    one_hot = (y_true[:, None] == classes[None, :]).astype(float)
    return -np.sum(one_hot * np.log(p)) / len(y_true)


def validation_curve(y_train, train_predictions, y_val, val_predictions, metric="accuracy"):
    if metric == "accuracy":
        return (np.mean(train_predictions == y_train, axis=1),
                np.mean(val_predictions == y_val, axis=1))
    train = [precision_recall_f1(y_train, row, average="macro")[2] for row in train_predictions]
    val = [precision_recall_f1(y_val, row, average="macro")[2] for row in val_predictions]
    return np.array(train), np.array(val)
