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


def accuracy(y_true, y_pred):
    """The share of the samples whose predicted label is the true one."""
    return float((y_true == y_pred).mean())


def confusion_matrix(y_true, y_pred, labels=None):
    """Count, for each true label, how often each label was predicted."""
    labels = np.union1d(y_true, y_pred) if labels is None else np.asarray(labels)
    k = len(labels)
    # position of each sample's label in the list, -1 if it is not in the list
    pi = np.array([np.flatnonzero(labels == p)[0] if p in labels else -1 for p in y_pred], dtype=int)
    ti = np.array([np.flatnonzero(labels == t)[0] if t in labels else -1 for t in y_true], dtype=int)
    keep = (ti >= 0) & (pi >= 0)
    C = np.zeros((k, k), dtype=int)
    np.add.at(C, (ti[keep], pi[keep]), 1)  # unbuffered: repeated pairs all count
    return C


def jaccard_score(y_true, y_pred, pos_label=1):
    """The Jaccard score of the label pos_label: tp / (tp + fp + fn)."""
    t, p = y_true == pos_label, y_pred == pos_label
    u = (t | p).sum()
    return float((t & p).sum() / u) if u else 0.0  # empty union -> 0


def precision_recall_f1(y_true, y_pred, average=None, pos_label=1):
    """Precision, recall and F1, per class or averaged, as scikit-learn computes them."""
    labs = [pos_label] if average == "binary" else np.union1d(y_true, y_pred)
    # one row per label: which samples are truly / predicted that label
    T = np.array([y_true == l for l in labs])
    P = np.array([y_pred == l for l in labs])
    tp = (T & P).sum(1)
    npred, nact = P.sum(1), T.sum(1)
    with np.errstate(all="ignore"):
        prec = np.where(npred > 0, tp / npred, 0.0)
        rec = np.where(nact > 0, tp / nact, 0.0)
        f1 = np.where(npred + nact > 0, 2 * tp / (npred + nact), 0.0)
    if average is None:
        return prec, rec, f1
    if average == "binary":
        return float(prec[0]), float(rec[0]), float(f1[0])
    w = nact / nact.sum() if average == "weighted" else np.full(len(labs), 1 / len(labs))
    return float(prec @ w), float(rec @ w), float(f1 @ w)


def validation_curve(y_train, train_predictions, y_val, val_predictions, metric="accuracy"):
    """Score the models of a range of hyperparameter values on training and validation data."""
    f = accuracy if metric == "accuracy" else (lambda y, q: precision_recall_f1(y, q, "macro")[2])
    return (np.array([f(y_train, r) for r in train_predictions]),
            np.array([f(y_val, r) for r in val_predictions]))


def log_loss(y_true, proba):
    """The mean negative log-likelihood of the true labels under predicted probabilities."""
    labs = np.unique(y_true)
    P = np.asarray(proba, float)
    P = np.column_stack([1 - P, P]) if P.ndim == 1 else P  # 1-D: probability of the larger label
    P = np.clip(P, np.finfo(float).eps, 1 - np.finfo(float).eps)
    return float(-np.log(P[np.arange(len(P)), np.searchsorted(labs, y_true)]).mean())
