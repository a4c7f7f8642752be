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

import numpy as np
from sklearn import metrics


def confusion_matrix(y_true, y_pred, labels=None):
    """Count, for each true label, how often each label was predicted."""
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
    """The share of the samples whose predicted label is the true one."""
    return float(metrics.accuracy_score(y_true, y_pred))


def precision_recall_f1(y_true, y_pred, average=None, pos_label=1):
    """Precision, recall and F1, per class or averaged, as scikit-learn computes them."""
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
    """The Jaccard score of the label pos_label: tp / (tp + fp + fn)."""
    scores = metrics.jaccard_score(y_true, y_pred, labels=[pos_label], average=None,
                                   zero_division=0)
    return float(scores[0])


def log_loss(y_true, proba):
    """The mean negative log-likelihood of the true labels under predicted probabilities."""
    return float(metrics.log_loss(y_true, proba, labels=np.unique(y_true)))


def validation_curve(y_train, train_predictions, y_val, val_predictions, metric="accuracy"):
    """Score the models of a range of hyperparameter values on training and validation data."""
    if metric == "accuracy":
        score = metrics.accuracy_score
    else:
        def score(y, pred):
            return metrics.f1_score(y, pred, average="macro", zero_division=0)
    return (np.array([score(y_train, row) for row in train_predictions]),
            np.array([score(y_val, row) for row in val_predictions]))
