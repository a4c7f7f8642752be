import numpy as np


def confusion_matrix(y_true, y_pred, labels=None):
    if labels is None:
        labels = np.unique(np.concatenate((y_true, y_pred)))
    n = len(labels)
    cm = np.zeros((n, n), dtype=int)
    for i, actual in enumerate(labels):
        for j, predicted in enumerate(labels):
            cm[i, j] = np.sum((y_true == actual) & (y_pred == predicted))
    return cm


def accuracy(y_true, y_pred):
    return np.mean(y_true == y_pred)


def precision_recall_f1(y_true, y_pred, average=None, pos_label=1):
    if average == "binary":
        labels = np.array([pos_label])
    else:
        labels = np.unique(np.concatenate((y_true, y_pred)))
    tp = np.array([np.sum((y_true == c) & (y_pred == c)) for c in labels])
    predicted = np.array([np.sum(y_pred == c) for c in labels])
    actual = np.array([np.sum(y_true == c) for c in labels])
    precision = np.divide(tp, predicted, out=np.zeros(len(labels)), where=predicted > 0)
    recall = np.divide(tp, actual, out=np.zeros(len(labels)), where=actual > 0)
    if average is None:
        f1 = np.divide(2 * precision * recall, precision + recall,
                       out=np.zeros(len(labels)), where=precision + recall > 0)
        return precision, recall, f1
    if average == "binary":
        p, r = precision[0], recall[0]
    elif average == "macro":
        p, r = precision.mean(), recall.mean()
    else:
        p, r = np.average(precision, weights=actual), np.average(recall, weights=actual)
    # F1 of the averaged precision and recall
    f1 = 2 * p * r / (p + r) if p + r > 0 else 0.0
    return p, r, f1


def jaccard_score(y_true, y_pred, pos_label=1):
    inter = np.sum((y_true == pos_label) & (y_pred == pos_label))
    union = np.sum((y_true == pos_label) | (y_pred == pos_label))
    return inter / union if union else 0.0


def log_loss(y_true, proba):
    classes = np.unique(y_true)
    if proba.ndim == 1:
        proba = np.vstack([1 - proba, proba]).T
    proba = np.clip(proba, np.finfo(np.float64).eps, 1 - np.finfo(np.float64).eps)
    total = 0.0
    for i, label in enumerate(y_true):
        total -= np.log(proba[i, np.where(classes == label)[0][0]])
    return total / len(y_true)


def validation_curve(y_train, train_predictions, y_val, val_predictions, metric="accuracy"):
    if metric == "accuracy":
        score = accuracy
    else:
        score = lambda y, p: precision_recall_f1(y, p, average="macro")[2]
    train_scores = np.array([score(y_train, p) for p in train_predictions])
    val_scores = np.array([score(y_val, p) for p in val_predictions])
    return train_scores, val_scores
