import numpy as np


def confusion_matrix(y_true, y_pred, labels=None):
    labels = np.union1d(y_true, y_pred) if labels is None else np.asarray(labels)
    k = len(labels)
    ti = np.array([np.flatnonzero(labels == t)[0] if t in labels else -1 for t in y_true], dtype=int)
    pi = np.array([np.flatnonzero(labels == p)[0] if p in labels else -1 for p in y_pred], dtype=int)
    keep = (ti >= 0) & (pi >= 0)
    C = np.zeros((k, k), dtype=int)
    np.add.at(C, (ti[keep], pi[keep]), 1)
    return C


def accuracy(y_true, y_pred):
    return float((y_true == y_pred).mean())


def precision_recall_f1(y_true, y_pred, average=None, pos_label=1):
    labs = [pos_label] if average == "binary" else np.union1d(y_true, y_pred)
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


def jaccard_score(y_true, y_pred, pos_label=1):
    t, p = y_true == pos_label, y_pred == pos_label
    u = (t | p).sum()
    return float((t & p).sum() / u) if u else 0.0


def log_loss(y_true, proba):
    labs = np.unique(y_true)
    P = np.asarray(proba, float)
    P = np.column_stack([1 - P, P]) if P.ndim == 1 else P
    P = np.clip(P, np.finfo(float).eps, 1 - np.finfo(float).eps)
    return float(-np.log(P[np.arange(len(P)), np.searchsorted(labs, y_true)]).mean())


def validation_curve(y_train, train_predictions, y_val, val_predictions, metric="accuracy"):
    f = accuracy if metric == "accuracy" else (lambda y, q: precision_recall_f1(y, q, "macro")[2])
    return (np.array([f(y_train, r) for r in train_predictions]),
            np.array([f(y_val, r) for r in val_predictions]))
