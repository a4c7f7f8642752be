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
import numpy as np  # noqa: F401 (your code and the examples use it)
import itertools  # noqa: F401


def validation_curve(y_train, train_predictions, y_val, val_predictions, metric='accuracy'):
    """Train and validation score of every model (one row of predictions per model)."""
    if metric == 'accuracy': fn = accuracy
    else:
        def fn(truth, guess):
            return precision_recall_f1(truth, guess, average='macro')[2]
    tr = np.array([fn(y_train, g) for g in train_predictions], dtype=float)
    va = np.array([fn(y_val, g) for g in val_predictions], dtype=float)
    return tr, va


def accuracy(y_true, y_pred):
    """Share of right answers."""
    return np.count_nonzero(y_true == y_pred)/len(y_true)


def log_loss(y_true, proba):
    """Mean of -log(probability of the true label), clipped."""
    classes = np.unique(y_true)
    if proba.ndim == 1: proba = np.vstack((1 - proba, proba)).T
    tiny = np.finfo(np.float64).eps
    proba = np.clip(proba, tiny, 1 - tiny)
    per_sample = [-np.log(proba[k, np.flatnonzero(classes == c)[0]])
                  for k, c in enumerate(y_true)]
    return float(np.mean(per_sample))


def confusion_matrix(y_true, y_pred, labels=None):
    """Counts of (label, label) pairs."""
    if labels is None: labels = np.unique(np.hstack((y_true, y_pred)))
    out = np.zeros((len(labels), len(labels)), dtype=int)
    for a, guessed in enumerate(labels):
        for b, real in enumerate(labels):
            out[a, b] = np.count_nonzero((y_pred == guessed) & (y_true == real))
    return out


def precision_recall_f1(y_true, y_pred, average=None, pos_label=1):
    """Per-label scores, or averaged ('binary', 'macro', 'weighted')."""
    if average == 'binary':
        hits = np.count_nonzero((y_pred == pos_label) & (y_true == pos_label))
        guessed = np.count_nonzero(y_pred == pos_label)
        real = np.count_nonzero(y_true == pos_label)
        p = hits/guessed if guessed else 0.0
        r = hits/real if real else 0.0
        f = 2*hits/(guessed + real) if guessed + real else 0.0
        return p, r, f
    classes = np.unique(np.hstack((y_true, y_pred)))
    per_class = [precision_recall_f1(y_true, y_pred, 'binary', c) for c in classes]
    p, r, f = (np.array(col) for col in zip(*per_class))
    if average is None: return p, r, f
    counts = np.array([np.count_nonzero(y_true == c) for c in classes])
    weights = counts if average == 'weighted' else np.ones(len(classes))
    unused = weights.sum()
    return (float(np.average(p, weights=weights)), float(np.average(r, weights=weights)),
            float(np.average(f, weights=weights)))


def jaccard_score(y_true, y_pred, pos_label=1):
    """Jaccard from F1: J = F / (2 - F)."""
    p, r, f = precision_recall_f1(y_true, y_pred, 'binary', pos_label)
    return f/(2 - f)
