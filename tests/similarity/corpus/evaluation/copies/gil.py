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
import math
import numpy as np  # noqa: F401 (your code and the examples use it)

CLIP = 1e-15  # keep the log finite
VERBOSE = False


def confusion_matrix(y_true, y_pred, labels = None):
    """Confusion matrix, rows = true label, columns = predicted label."""
    if labels is None: labels = sorted(set(y_true) | set(y_pred))
    where = {lbl: k for k, lbl in enumerate(labels)}
    M = np.zeros((len(labels), len(labels)), dtype = int)
    for truth, guess in zip(y_true, y_pred):
        if truth not in where or guess not in where: continue   # label not asked for
        M[where[truth], where[guess]] += 1
    if VERBOSE: print(M)
    return M


def accuracy(y_true, y_pred):
    """Fraction of correct predictions."""
    hits = sum(1 for u, v in zip(y_true, y_pred) if u == v)
    return hits/len(y_true)


def precision_recall_f1(y_true, y_pred, average = None, pos_label = 1):
    """Precision / recall / F1 from the confusion matrix."""
    if average == 'binary':
        M = confusion_matrix(y_true, y_pred, labels = [pos_label])
        n_guessed = np.array([np.sum(y_pred == pos_label)])
        n_real = np.array([np.sum(y_true == pos_label)])
    else:
        M = confusion_matrix(y_true, y_pred)
        n_guessed = M.sum(axis = 0)
        n_real = M.sum(axis = 1)
    hits = np.diag(M)
    prec = np.array([h/g if g else 0.0 for h, g in zip(hits, n_guessed)])
    rec = np.array([h/r if r else 0.0 for h, r in zip(hits, n_real)])
    f = np.array([2*h/(g + r) if g + r else 0.0
                  for h, g, r in zip(hits, n_guessed, n_real)])
    if average is None: return prec, rec, f
    if average == 'binary': return prec[0], rec[0], f[0]
    if average == 'macro': return prec.mean(), rec.mean(), f.mean()
    share = n_real/n_real.sum()
    return (prec*share).sum(), (rec*share).sum(), (f*share).sum()


def jaccard_score(y_true, y_pred, pos_label = 1):
    """|A and B| / |A or B| for the positive label."""
    both = sum(1 for u, v in zip(y_true, y_pred) if u == pos_label and v == pos_label)
    either = sum(1 for u, v in zip(y_true, y_pred) if u == pos_label or v == pos_label)
    return both/either if either > 0 else 0.0


def log_loss(y_true, proba):
    """Cross entropy."""
    labels_sorted = sorted(set(y_true))
    s = 0.0
    for k in range(len(y_true)):
        if proba.ndim == 1:
            q_big = min(max(proba[k], CLIP), 1 - CLIP)
            q = q_big if y_true[k] == labels_sorted[-1] else 1 - q_big
        else:
            q = min(max(proba[k, labels_sorted.index(y_true[k])], CLIP), 1 - CLIP)
        s += math.log(q)
    return -s/len(y_true)


def validation_curve(y_train, train_predictions, y_val, val_predictions, metric = 'accuracy'):
    """Scores of every model on the training and the validation set."""
    tr = np.zeros(len(train_predictions))
    va = np.zeros(len(val_predictions))
    for m in range(len(train_predictions)):
        if metric == 'accuracy':
            tr[m] = accuracy(y_train, train_predictions[m])
            va[m] = accuracy(y_val, val_predictions[m])
        else:
            tr[m] = precision_recall_f1(y_train, train_predictions[m], 'macro')[2]
            va[m] = precision_recall_f1(y_val, val_predictions[m], 'macro')[2]
    return tr, va
