"""Hidden checks for the evaluation module: edge cases and larger inputs (instructors only)."""

import numpy as np

from grader.checks import check

# Inputs drawn from a seeded generator: every run makes the same calls (`grader validate`).
_rng = np.random.default_rng(20240501)
RANDOM_TRUE = _rng.integers(-3, 4, size=120)  # seven labels, negative ones too
RANDOM_PRED = np.where(_rng.random(120) < 0.6, RANDOM_TRUE, _rng.integers(-3, 4, size=120))
_logits = _rng.normal(size=(80, 3))
RANDOM_PROBA = np.exp(_logits) / np.exp(_logits).sum(axis=1, keepdims=True)
RANDOM_PROBA_TRUE = np.array([-4, 2, 9])[_rng.integers(0, 3, size=80)]

# Labels first seen in another order than ascending, a label only predicted (9), and classes
# of different sizes: the per-label, macro and weighted scores all differ.
UNEVEN_TRUE = np.array([5, 5, 5, 5, 5, -2, -2, 3, 3, 5])
UNEVEN_PRED = np.array([5, 5, 5, -2, 9, -2, 3, 3, 5, 5])

ZERO_DIVISION_HINT = ("A label never predicted has no precision: count it as 0.0 (as "
                      "scikit-learn does), never NaN; likewise recall of a label that never "
                      "occurs.")


@check(points=1, hint="Use the labels in the order given, not sorted, and skip samples whose "
                      "labels are not in the list.")
def test_confusion_matrix_with_labels_out_of_order(learner):
    """Confusion matrix with given labels out of order, some samples left out"""
    y_true = np.array([7, 3, -1, 7, 2, 3])
    y_pred = np.array([3, 3, 7, 7, 7, 2])
    matrix = learner.confusion_matrix(y_true, y_pred, labels=[7, -1, 3, 4])
    matrix.should_equal([[1, 0, 1, 0], [1, 0, 0, 0], [0, 0, 1, 0], [0, 0, 0, 0]])


@check(points=1, hint="Without given labels, take every label of y_true and of y_pred, sorted: "
                      "a label only predicted gets a row of zeros.")
def test_confusion_matrix_of_labels_seen_out_of_order(learner):
    """Confusion matrix of labels seen out of order, one only predicted"""
    learner.confusion_matrix(UNEVEN_TRUE, UNEVEN_PRED).should_equal(
        [[1, 1, 0, 0], [0, 1, 1, 0], [1, 0, 4, 1], [0, 0, 0, 0]]
    )


@check(points=2, hint="Rows are the true labels, columns the predicted ones.")
def test_confusion_matrix_of_random_labels(learner, reference):
    """Confusion matrix of 120 random predictions of seven labels"""
    expected = reference.confusion_matrix(RANDOM_TRUE, RANDOM_PRED)
    learner.confusion_matrix(RANDOM_TRUE, RANDOM_PRED).should_equal(expected)


@check(points=1, hint="Accuracy counts every sample the same, whatever its class: the share of "
                      "right predictions, not the mean of the per-class recalls.")
def test_accuracy_of_an_imbalanced_class(learner):
    """Accuracy of always predicting the larger class"""
    learner.accuracy(np.array([0, 0, 0, 0, 1]), np.zeros(5, dtype=int)).should_be_close(0.8)


@check(points=1, hint="One wrong prediction out of one is an accuracy of 0.0.")
def test_accuracy_of_a_single_wrong_prediction(learner):
    """Accuracy of a single wrong prediction"""
    learner.accuracy(np.array([3]), np.array([-3])).should_be_close(0.0)


@check(points=1, hint="np.mean(y_true == y_pred): a share between 0 and 1.")
def test_accuracy_of_random_labels(learner, reference):
    """Accuracy of 120 random predictions"""
    expected = reference.accuracy(RANDOM_TRUE, RANDOM_PRED)
    learner.accuracy(RANDOM_TRUE, RANDOM_PRED).should_be_close(expected)


@check(points=1, hint=ZERO_DIVISION_HINT)
def test_scores_per_label_with_a_label_never_predicted_and_one_never_true(learner):
    """Per-label scores of labels seen out of order, one never predicted, one never true"""
    precision = [0.5, 0.5, 0.8, 0.0]
    recall = [0.5, 0.5, 2 / 3, 0.0]
    f1 = [0.5, 0.5, 8 / 11, 0.0]
    learner.precision_recall_f1(UNEVEN_TRUE, UNEVEN_PRED).should_be_close((precision, recall, f1))


@check(points=1, hint="Macro F1 is the mean of the per-label F1 scores, not the harmonic mean "
                      "of the macro precision and recall; every label counts, also one only "
                      "predicted.")
def test_macro_scores_of_uneven_classes(learner):
    """Macro-averaged scores of uneven classes"""
    learner.precision_recall_f1(UNEVEN_TRUE, UNEVEN_PRED, average="macro").should_be_close(
        (0.45, 5 / 12, 0.4318181818181818)
    )


@check(points=1, hint="Weight each label's score by its support: the number of samples of that "
                      "label in y_true (not in y_pred).")
def test_weighted_scores_of_uneven_classes(learner):
    """Weighted scores of uneven classes"""
    learner.precision_recall_f1(UNEVEN_TRUE, UNEVEN_PRED, average="weighted").should_be_close(
        (0.68, 0.6, 0.6363636363636364)
    )


@check(points=1, hint="average=\"binary\" scores pos_label, whichever label it is, the smaller "
                      "one too.")
def test_binary_scores_of_a_negative_label(learner):
    """Binary scores of the label -1 of -1 and 3"""
    y_true = np.array([-1, 3, -1, 3, 3, -1, 3])
    y_pred = np.array([-1, -1, -1, 3, 3, 3, 3])
    scores = learner.precision_recall_f1(y_true, y_pred, average="binary", pos_label=-1)
    scores.should_be_close((2 / 3, 2 / 3, 2 / 3))


@check(points=1, hint=ZERO_DIVISION_HINT)
def test_binary_scores_when_the_label_never_occurs(learner):
    """Binary scores of a label neither true nor predicted are 0"""
    scores = learner.precision_recall_f1(np.zeros(4, dtype=int), np.zeros(4, dtype=int),
                                         average="binary")
    scores.should_be_close((0.0, 0.0, 0.0))


@check(points=2, hint="Count tp, fp and fn of every label; then the per-label scores, and their "
                      "plain or support-weighted means.")
def test_scores_of_random_labels(learner, reference):
    """Per-label, macro and weighted scores of 120 random predictions"""
    for average in (None, "macro", "weighted"):
        expected = reference.precision_recall_f1(RANDOM_TRUE, RANDOM_PRED, average=average)
        learner.precision_recall_f1(RANDOM_TRUE, RANDOM_PRED, average=average).should_be_close(
            expected
        )


@check(points=1, hint="Jaccard counts samples, not the distinct labels: tp / (tp + fp + fn) "
                      "for pos_label.")
def test_jaccard_of_a_negative_label(learner):
    """Jaccard score of the label -1"""
    y_true = np.array([-1, 3, -1, 3, 3, -1, 3])
    y_pred = np.array([-1, -1, -1, 3, 3, 3, 3])
    learner.jaccard_score(y_true, y_pred, pos_label=-1).should_be_close(0.5)


@check(points=1, hint="A label neither true nor predicted has an empty union: its Jaccard "
                      "score is 0.0 (as scikit-learn's), never NaN.")
def test_jaccard_when_the_label_never_occurs(learner):
    """Jaccard score of a label neither true nor predicted is 0"""
    learner.jaccard_score(np.zeros(3, dtype=int), np.zeros(3, dtype=int)).should_be_close(0.0)


@check(points=2, hint="The union counts tp + fp + fn; the Jaccard score is below the F1 score "
                      "(2 tp / (2 tp + fp + fn)) unless both are 0 or 1.")
def test_jaccard_of_random_labels(learner, reference):
    """Jaccard score of label 2 in 120 random predictions"""
    expected = reference.jaccard_score(RANDOM_TRUE, RANDOM_PRED, pos_label=2)
    learner.jaccard_score(RANDOM_TRUE, RANDOM_PRED, pos_label=2).should_be_close(expected)


@check(points=2, hint="Clip the probabilities to [eps, 1 - eps], eps = np.finfo(np.float64).eps, "
                      "before the log: a probability 0 for the true label costs -log(eps).")
def test_log_loss_of_a_confident_wrong_probability(learner):
    """Log loss with a probability 0 for a true label"""
    proba = np.array([[1.0, 0.0], [0.5, 0.5]])
    expected = (-np.log(np.finfo(np.float64).eps) - np.log(0.5)) / 2
    learner.log_loss(np.array([1, 0]), proba).should_be_close(expected)


@check(points=1, hint="A 1-D proba is the probability of the larger label; the smaller label "
                      "has 1 - proba.")
def test_log_loss_of_binary_probabilities_of_the_larger_label(learner):
    """Log loss of the probabilities of the larger of labels 3 and 7"""
    y_true = np.array([7, 3, 7, 7, 3])
    proba = np.array([0.8, 0.3, 0.6, 0.9, 0.4])
    expected = -np.mean(np.log([0.8, 0.7, 0.6, 0.9, 0.6]))
    learner.log_loss(y_true, proba).should_be_close(expected)


@check(points=2, hint="Column j of proba is the j-th of the sorted labels of y_true; take the "
                      "probability of each sample's true label and average -log of it.")
def test_log_loss_of_three_labels(learner, reference):
    """Log loss of 80 random probabilities of the labels -4, 2 and 9"""
    expected = reference.log_loss(RANDOM_PROBA_TRUE, RANDOM_PROBA)
    learner.log_loss(RANDOM_PROBA_TRUE, RANDOM_PROBA).should_be_close(expected)


@check(points=1, hint="With metric=\"macro_f1\", score each model with the macro-averaged F1 "
                      "of precision_recall_f1.")
def test_validation_curve_of_macro_f1(learner, reference):
    """Validation curve of the macro F1 of three models"""
    train = np.array([UNEVEN_PRED, UNEVEN_TRUE, np.full(10, 5)])
    val = np.array([[5, -2, 3], [5, 5, 5], [-2, 3, 5]])
    y_val = np.array([-2, 3, 5])
    expected = reference.validation_curve(UNEVEN_TRUE, train, y_val, val, metric="macro_f1")
    learner.validation_curve(UNEVEN_TRUE, train, y_val, val, metric="macro_f1").should_be_close(
        expected
    )


@check(points=2, hint="One score per model (per row of the predictions), for the training and "
                      "the validation samples, in that order.")
def test_validation_curve_of_five_depths(learner, reference):
    """Validation curve of five models, from underfitting to overfitting"""
    y_train = RANDOM_TRUE[:40]
    y_val = RANDOM_TRUE[40:70]
    right_train = [0.3, 0.5, 0.7, 0.9, 1.0]  # the training score keeps growing
    right_val = [0.3, 0.5, 0.6, 0.5, 0.4]  # the validation score peaks, then falls
    rng = np.random.default_rng(7)
    train = np.array([np.where(rng.random(40) < share, y_train, y_train + 1)
                      for share in right_train])
    val = np.array([np.where(rng.random(30) < share, y_val, y_val - 1) for share in right_val])
    expected = reference.validation_curve(y_train, train, y_val, val)
    learner.validation_curve(y_train, train, y_val, val).should_be_close(expected)


@check(points=1, hint="A given label list is used as it is, even when none of its labels "
                      "occurs in y_true: the samples left out are not counted, and a label "
                      "that occurs nowhere gets a row and a column of zeros.")
def test_confusion_matrix_of_labels_none_of_them_true(learner):
    """Confusion matrix of given labels that are only predicted or occur nowhere"""
    y_true = np.array([1, 0, 1, 1])
    y_pred = np.array([1, 6, 6, 0])
    learner.confusion_matrix(y_true, y_pred, labels=[6, 8]).should_equal([[0, 0], [0, 0]])
