"""Public checks for the evaluation module: run them with `grader check evaluation.py`."""

import numpy as np

from grader.checks import check

# Six samples of three classes: the example of the stub's docstrings.
Y_TRUE = np.array([2, 0, 2, 2, 0, 1])
Y_PRED = np.array([0, 0, 2, 2, 0, 2])


@check(points=1, hint="C[i, j] counts the samples of true label labels[i] predicted as "
                      "labels[j]: rows are the true labels, columns the predicted ones, labels "
                      "in ascending order (np.unique of both arrays together).")
def test_confusion_matrix_of_three_labels(learner):
    """Confusion matrix of six predictions of three labels"""
    learner.confusion_matrix(Y_TRUE, Y_PRED).should_equal([[2, 0, 0], [0, 0, 1], [1, 0, 2]])


@check(points=1, hint="Given labels are used in the order given: a label that never occurs "
                      "still gets its row and column (of zeros).")
def test_confusion_matrix_with_given_labels(learner):
    """Confusion matrix with the labels given"""
    matrix = learner.confusion_matrix(np.array([1, 0, 1]), np.array([1, 1, 1]), labels=[1, 0, 5])
    matrix.should_equal([[2, 0, 0], [1, 0, 0], [0, 0, 0]])


@check(points=1, hint="Count the samples with y_pred == y_true and divide by their number: "
                      "np.mean(y_true == y_pred), returned as a float.")
def test_accuracy_of_six_predictions(learner):
    """Accuracy of six predictions"""
    learner.accuracy(Y_TRUE, Y_PRED).should_be_close(4 / 6)


@check(points=1, hint="Precision divides the right predictions of a label by how often it was "
                      "predicted (a column of the confusion matrix), recall by how often it "
                      "occurs (a row); a zero denominator gives 0.0.")
def test_scores_per_label(learner):
    """Precision, recall and F1 of each of three labels"""
    learner.precision_recall_f1(Y_TRUE, Y_PRED).should_be_close(
        ([2 / 3, 0.0, 2 / 3], [1.0, 0.0, 2 / 3], [0.8, 0.0, 2 / 3])
    )


@check(points=1, hint="The macro average is the plain mean of the per-label scores; macro F1 "
                      "is the mean of the per-label F1 scores.")
def test_macro_averaged_scores(learner):
    """Macro-averaged precision, recall and F1"""
    learner.precision_recall_f1(Y_TRUE, Y_PRED, average="macro").should_be_close(
        (4 / 9, 5 / 9, 0.48888888888888893)
    )


@check(points=1, hint="With average=\"binary\", score the label pos_label only: tp, fp and fn "
                      "of that label.")
def test_binary_scores_of_label_one(learner):
    """Binary precision, recall and F1 of label 1"""
    scores = learner.precision_recall_f1(np.array([1, 0, 1, 1]), np.array([1, 1, 0, 1]),
                                         average="binary")
    scores.should_be_close((2 / 3, 2 / 3, 2 / 3))


@check(points=1, hint="Jaccard = tp / (tp + fp + fn): the samples both true and predicted as "
                      "pos_label, over those true or predicted as it.")
def test_jaccard_of_five_predictions(learner):
    """Jaccard score of five predictions"""
    learner.jaccard_score(np.array([1, 0, 1, 1, 0]), np.array([1, 1, 0, 1, 0])).should_be_close(0.5)


@check(points=1, hint="For each sample, the log of the probability given to its true label "
                      "(the column of that label among the sorted labels); average, negate.")
def test_log_loss_of_four_probabilities(learner):
    """Log loss of four predicted probabilities"""
    proba = np.array([[0.1, 0.9], [0.9, 0.1], [0.8, 0.2], [0.35, 0.65]])
    learner.log_loss(np.array([1, 0, 0, 1]), proba).should_be_close(0.21616187468057912)


@check(points=1, hint="Score each row of predictions (one model) against the labels it "
                      "predicts: train_predictions against y_train, val_predictions against "
                      "y_val.")
def test_validation_curve_of_two_models(learner):
    """Validation curve of two models"""
    curve = learner.validation_curve(np.array([0, 1, 1, 0]),
                                     np.array([[0, 1, 1, 0], [0, 1, 1, 1]]),
                                     np.array([1, 0]), np.array([[0, 0], [1, 0]]))
    curve.should_be_close(([1.0, 0.75], [0.5, 1.0]))
