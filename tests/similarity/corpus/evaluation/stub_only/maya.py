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


def confusion_matrix(y_true, y_pred, labels=None):
    """Count, for each true label, how often each label was predicted.

    Parameters:
        y_true: int array of shape (n,), n >= 1, the true labels (any integers).
        y_pred: int array of shape (n,), the predicted labels.
        labels: None, or a list of distinct integers. None means every label that occurs in
            y_true or in y_pred, in ascending order. A given list is used as it is, in the
            order given: a label that occurs nowhere gets a row and a column of zeros, and a
            sample whose true or predicted label is not in the list is not counted.

    Returns:
        An int array C of shape (c, c), c the number of labels, with C[i, j] the number of
        samples whose true label is labels[i] and whose predicted label is labels[j]: rows
        are the true labels, columns the predicted ones (as scikit-learn's confusion_matrix).

    `y_true`, `y_pred` and `labels` are not changed.

    >>> confusion_matrix(np.array([2, 0, 2, 2, 0, 1]), np.array([0, 0, 2, 2, 0, 2]))
    array([[2, 0, 0],
           [0, 0, 1],
           [1, 0, 2]])
    >>> confusion_matrix(np.array([1, 0, 1]), np.array([1, 1, 1]), labels=[1, 0, 5])
    array([[2, 0, 0],
           [1, 0, 0],
           [0, 0, 0]])
    """
    # one row per true label, one column per predicted label: count the matches directly
    wanted = sorted(set(y_true.tolist()) | set(y_pred.tolist())) if labels is None else list(labels)
    size = len(wanted)
    counts = np.zeros(size * size, dtype=int)
    row_of = np.array([wanted.index(v) if v in wanted else -1 for v in y_true.tolist()], dtype=int)
    col_of = np.array([wanted.index(v) if v in wanted else -1 for v in y_pred.tolist()], dtype=int)
    keep = (row_of >= 0) & (col_of >= 0)
    np.add.at(counts, row_of[keep] * size + col_of[keep], 1)
    return counts.reshape(size, size)


def accuracy(y_true, y_pred):
    """The share of the samples whose predicted label is the true one.

    Parameters:
        y_true: int array of shape (n,), n >= 1, the true labels.
        y_pred: int array of shape (n,), the predicted labels.

    Returns:
        A single number between 0 and 1 (a float, not an array of one element): the number
        of samples with y_pred[i] == y_true[i], divided by n.

    `y_true` and `y_pred` are not changed.

    >>> accuracy(np.array([2, 0, 2, 2, 0, 1]), np.array([0, 0, 2, 2, 0, 2]))
    0.6666666666666666
    """
    raise NotImplementedError


def precision_recall_f1(y_true, y_pred, average=None, pos_label=1):
    """Precision, recall and F1, per class or averaged, as scikit-learn computes them.

    For one label, with tp the samples of that label predicted as it, fp the samples of
    another label predicted as it, and fn the samples of that label predicted as another:
    precision = tp / (tp + fp), recall = tp / (tp + fn), F1 = 2 tp / (2 tp + fp + fn) (the
    harmonic mean of precision and recall). A zero denominator gives 0.0, never NaN: a label
    never predicted has precision 0.0, a label that never occurs has recall 0.0.

    Parameters:
        y_true: int array of shape (n,), n >= 1, the true labels.
        y_pred: int array of shape (n,), the predicted labels.
        average: one of
            None        the scores of every label that occurs in y_true or in y_pred,
                        in ascending order of the labels;
            "binary"    the scores of the label pos_label only;
            "macro"     the plain mean of the per-label scores (every label counts the same);
            "weighted"  the mean of the per-label scores weighted by each label's support,
                        the number of samples of that label in y_true.
        pos_label: the label scored when average is "binary" (ignored otherwise).

    Returns:
        A tuple (precision, recall, f1). With average None, three float arrays of shape
        (c,), one entry per label; otherwise three floats (not arrays of one element).
        Macro and weighted F1 average the per-label F1 scores (not the F1 of the averaged
        precision and recall).

    `y_true` and `y_pred` are not changed.

    >>> y_true = np.array([2, 0, 2, 2, 0, 1])
    >>> y_pred = np.array([0, 0, 2, 2, 0, 2])
    >>> precision_recall_f1(y_true, y_pred)
    (array([0.66666667, 0.        , 0.66666667]),
     array([1.        , 0.        , 0.66666667]),
     array([0.8       , 0.        , 0.66666667]))
    >>> precision_recall_f1(y_true, y_pred, average="macro")
    (0.4444444444444444, 0.5555555555555555, 0.48888888888888893)
    >>> precision_recall_f1(np.array([1, 0, 1, 1]), np.array([1, 1, 0, 1]), average="binary")
    (0.6666666666666666, 0.6666666666666666, 0.6666666666666666)
    """
    raise NotImplementedError


def jaccard_score(y_true, y_pred, pos_label=1):
    """The Jaccard score of the label pos_label: tp / (tp + fp + fn).

    The overlap of the samples predicted as pos_label and those that truly are, over their
    union.

    Parameters:
        y_true: int array of shape (n,), n >= 1, the true labels.
        y_pred: int array of shape (n,), the predicted labels.
        pos_label: the label scored.

    Returns:
        A single float: tp / (tp + fp + fn), with tp, fp and fn counted for pos_label as in
        precision_recall_f1; 0.0 when the label occurs in neither y_true nor y_pred (as
        scikit-learn's jaccard_score does).

    `y_true` and `y_pred` are not changed.

    >>> jaccard_score(np.array([1, 0, 1, 1, 0]), np.array([1, 1, 0, 1, 0]))
    0.5
    """
    raise NotImplementedError


def log_loss(y_true, proba):
    """The mean negative log-likelihood of the true labels under predicted probabilities.

    Parameters:
        y_true: int array of shape (n,), n >= 1, the true labels, with at least two
            distinct labels.
        proba: float array of predicted probabilities, either
            of shape (n, c): proba[i, j] is the probability that sample i has the j-th of
            the c distinct labels of y_true in ascending order (each row sums to 1), or
            of shape (n,), for two labels only: the probability of the larger label (the
            smaller one has 1 - proba[i]).

    Returns:
        A single float: -(1/n) * sum(log(p_i)), p_i the probability given to the true label
        of sample i, natural logarithm. As scikit-learn does, every probability is first
        clipped to [eps, 1 - eps], eps = np.finfo(np.float64).eps, so that a probability
        of 0 for the true label costs -log(eps), about 36.04, not infinity.

    `y_true` and `proba` are not changed: clip a copy.

    >>> proba = np.array([[0.1, 0.9], [0.9, 0.1], [0.8, 0.2], [0.35, 0.65]])
    >>> log_loss(np.array([1, 0, 0, 1]), proba)
    0.21616187468057912
    >>> log_loss(np.array([1, 0, 0, 1]), np.array([0.9, 0.1, 0.2, 0.65]))
    0.21616187468057912
    """
    raise NotImplementedError


def validation_curve(y_train, train_predictions, y_val, val_predictions, metric="accuracy"):
    """Score the models of a range of hyperparameter values on training and validation data.

    Row i of the predictions comes from the model fitted on the training data with the i-th
    value of a hyperparameter (k for k-NN, the depth of a tree), predicting the training
    samples and the validation samples. A model that scores well on its training data and
    badly on the validation data overfits; one that scores badly on both underfits.

    Parameters:
        y_train: int array of shape (n,), the training labels.
        train_predictions: int array of shape (h, n), h >= 1: row i, the predictions of the
            i-th model for the training samples.
        y_val: int array of shape (m,), the validation labels.
        val_predictions: int array of shape (h, m): row i, the predictions of the i-th model
            for the validation samples.
        metric: "accuracy" (see accuracy) or "macro_f1" (the macro-averaged F1 of
            precision_recall_f1).

    Returns:
        A tuple (train_scores, val_scores) of two float arrays of shape (h,): the metric of
        each model on the training samples and on the validation samples.

    `y_train`, `train_predictions`, `y_val` and `val_predictions` are not changed.

    >>> y_train = np.array([0, 1, 1, 0])
    >>> train_predictions = np.array([[0, 1, 1, 0], [0, 1, 1, 1]])
    >>> y_val = np.array([1, 0])
    >>> val_predictions = np.array([[0, 0], [1, 0]])
    >>> validation_curve(y_train, train_predictions, y_val, val_predictions)
    (array([1.  , 0.75]), array([0.5, 1. ]))
    """
    raise NotImplementedError
