import numpy as np


def confusion_matrix(y_true, y_pred, labels=None):
    if labels is None:
        labels = np.union1d(y_true, y_pred)
    labels = np.asarray(labels)
    # one-hot encode each side against the labels, then count the pairs with a matrix product
    true_hot = (y_true[:, None] == labels[None, :]).astype(int)
    pred_hot = (y_pred[:, None] == labels[None, :]).astype(int)
    return true_hot.T @ pred_hot


def accuracy(y_true, y_pred):
    return np.mean(y_true == y_pred).item()


def precision_recall_f1(y_true, y_pred, average=None, pos_label=1):
    labels = [pos_label] if average == "binary" else np.union1d(y_true, y_pred)
    C = confusion_matrix(y_true, y_pred, labels=labels)
    # the counts of each label from the confusion matrix of all the labels seen
    if average == "binary":
        tp = np.array([np.sum((y_true == pos_label) & (y_pred == pos_label))])
        predicted = np.array([np.sum(y_pred == pos_label)])
        actual = np.array([np.sum(y_true == pos_label)])
    else:
        tp, predicted, actual = np.diag(C), C.sum(axis=0), C.sum(axis=1)
    with np.errstate(divide="ignore", invalid="ignore"):
        precision = np.nan_to_num(tp / predicted)
        recall = np.nan_to_num(tp / actual)
        f1 = np.nan_to_num(2 * tp / (predicted + actual))
    if average is None:
        return precision, recall, f1
    if average == "binary":
        return precision[0].item(), recall[0].item(), f1[0].item()
    weights = actual if average == "weighted" else np.ones(len(tp))
    return tuple((s @ weights / weights.sum()).item() for s in (precision, recall, f1))


def jaccard_score(y_true, y_pred, pos_label=1):
    t, p = y_true == pos_label, y_pred == pos_label
    union = np.sum(t | p)
    return float(np.sum(t & p) / union) if union else 0.0


def log_loss(y_true, proba):
    classes, columns = np.unique(y_true, return_inverse=True)
    P = np.array(proba, dtype=float)
    if P.ndim == 1:
        P = np.stack([1 - P, P], axis=1)
    eps = np.finfo(np.float64).eps
    P = np.clip(P, eps, 1 - eps)
    return -np.log(P[np.arange(len(y_true)), columns]).mean().item()


def validation_curve(y_train, train_predictions, y_val, val_predictions, metric="accuracy"):
    if metric == "accuracy":
        return ((train_predictions == y_train).mean(axis=1),
                (val_predictions == y_val).mean(axis=1))
    train = [precision_recall_f1(y_train, row, average="macro")[2] for row in train_predictions]
    val = [precision_recall_f1(y_val, row, average="macro")[2] for row in val_predictions]
    return np.array(train), np.array(val)
