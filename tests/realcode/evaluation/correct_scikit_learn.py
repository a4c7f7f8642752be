# Correct, with scikit-learn's metrics: precision_recall_fscore_support(zero_division=0),
# labels=[pos_label] for one label, jaccard_score and log_loss; a given label list counted by hand.
import numpy as np
from sklearn import metrics


def confusion_matrix(y_true, y_pred, labels=None):
    if labels is None:
        return metrics.confusion_matrix(y_true, y_pred)
    # scikit-learn refuses label lists with nothing of y_true: count by hand then
    position = {label: i for i, label in enumerate(labels)}
    C = np.zeros((len(labels), len(labels)), dtype=int)
    for t, p in zip(y_true.tolist(), y_pred.tolist()):
        if t in position and p in position:
            C[position[t], position[p]] += 1
    return C


def accuracy(y_true, y_pred):
    return float(metrics.accuracy_score(y_true, y_pred))


def precision_recall_f1(y_true, y_pred, average=None, pos_label=1):
    if average == "binary":
        p, r, f, _ = metrics.precision_recall_fscore_support(
            y_true, y_pred, labels=[pos_label], average=None, zero_division=0)
        return float(p[0]), float(r[0]), float(f[0])
    p, r, f, _ = metrics.precision_recall_fscore_support(
        y_true, y_pred, average=average, zero_division=0)
    if average is None:
        return p, r, f
    return float(p), float(r), float(f)


def jaccard_score(y_true, y_pred, pos_label=1):
    scores = metrics.jaccard_score(y_true, y_pred, labels=[pos_label], average=None,
                                   zero_division=0)
    return float(scores[0])


def log_loss(y_true, proba):
    return float(metrics.log_loss(y_true, proba, labels=np.unique(y_true)))


def validation_curve(y_train, train_predictions, y_val, val_predictions, metric="accuracy"):
    if metric == "accuracy":
        score = metrics.accuracy_score
    else:
        def score(y, pred):
            return metrics.f1_score(y, pred, average="macro", zero_division=0)
    return (np.array([score(y_train, row) for row in train_predictions]),
            np.array([score(y_val, row) for row in val_predictions]))
