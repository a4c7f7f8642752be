"""Mistake: the log loss takes the log of the probabilities without clipping them."""

import numpy as np

MISTAKE = "log loss without clipping"
HINT = ("clip the probabilities to [eps, 1 - eps] (eps = np.finfo(np.float64).eps) before the log, "
        "as scikit-learn does: log(0) is minus infinity")
FUNCTION = "log_loss"


def confusion_matrix(y_true, y_pred, labels=None):
    if labels is None:
        labels = np.unique(np.concatenate([y_true, y_pred]))  # sorted, each once
    position = {int(label): i for i, label in enumerate(labels)}
    counts = np.zeros((len(position), len(position)), dtype=np.int64)
    for true, predicted in zip(y_true.tolist(), y_pred.tolist()):
        if true in position and predicted in position:  # other labels are not counted
            counts[position[true], position[predicted]] += 1
    return counts


def accuracy(y_true, y_pred):
    return float(np.mean(y_true == y_pred))


def _ratio(numerator, denominator):
    """numerator / denominator, 0.0 where the denominator is 0 (scikit-learn's zero_division)."""
    numerator = np.asarray(numerator, dtype=float)
    denominator = np.asarray(denominator, dtype=float)
    safe = np.where(denominator == 0, 1.0, denominator)
    return np.where(denominator == 0, 0.0, numerator / safe)


def _counts(y_true, y_pred, labels):
    """tp, fp and fn of each of `labels`."""
    tp = np.array([np.sum((y_true == label) & (y_pred == label)) for label in labels])
    fp = np.array([np.sum((y_true != label) & (y_pred == label)) for label in labels])
    fn = np.array([np.sum((y_true == label) & (y_pred != label)) for label in labels])
    return tp, fp, fn


def precision_recall_f1(y_true, y_pred, average=None, pos_label=1):
    if average == "binary":
        labels = [pos_label]
    else:
        labels = np.unique(np.concatenate([y_true, y_pred])).tolist()
    tp, fp, fn = _counts(y_true, y_pred, labels)
    scores = (_ratio(tp, tp + fp), _ratio(tp, tp + fn), _ratio(2 * tp, 2 * tp + fp + fn))
    if average is None:
        return scores
    if average == "binary":
        return tuple(float(score[0]) for score in scores)
    weights = None if average == "macro" else tp + fn  # support: samples of each label
    return tuple(float(np.average(score, weights=weights)) for score in scores)


def jaccard_score(y_true, y_pred, pos_label=1):
    tp, fp, fn = _counts(y_true, y_pred, [pos_label])
    return float(_ratio(tp, tp + fp + fn)[0])


def log_loss(y_true, proba):
    labels = np.unique(y_true)
    proba = np.asarray(proba, dtype=float)
    if proba.ndim == 1:
        proba = np.column_stack([1 - proba, proba])
    rows = np.arange(len(y_true))
    columns = np.searchsorted(labels, y_true)
    with np.errstate(divide="ignore"):
        return float(-np.mean(np.log(proba[rows, columns])))  # the mistake: not clipped


def validation_curve(y_train, train_predictions, y_val, val_predictions, metric="accuracy"):
    def score(y, predictions):
        if metric == "macro_f1":
            return precision_recall_f1(y, predictions, average="macro")[2]
        return accuracy(y, predictions)

    train_scores = np.array([score(y_train, row) for row in train_predictions])
    val_scores = np.array([score(y_val, row) for row in val_predictions])
    return train_scores, val_scores
