"""Public checks for the evaluation module: run them with `grader check evaluation.py`."""

import numpy as np

from grader.checks import check

# Six samples of three labels: the example of the stub's docstrings.
Y_TRUE = np.array([2, 0, 2, 2, 0, 1])
Y_PRED = np.array([0, 0, 2, 2, 0, 2])


@check(points=1, hint="C[i, j] counts the samples of true label labels[i] predicted as "
                      "labels[j]: rows are the true labels, columns the predicted ones. Without "
                      "labels, take those of both arrays in ascending order (np.unique); given "
                      "labels are used in the order given, an absent one with zeros.")
def test_confusion_matrix_of_three_labels(learner):
    """Confusion matrix of six predictions, then with the labels given"""
    learner.confusion_matrix(Y_TRUE, Y_PRED).should_equal([[2, 0, 0], [0, 0, 1], [1, 0, 2]])
    matrix = learner.confusion_matrix(np.array([1, 0, 1]), np.array([1, 1, 1]), labels=[1, 0, 5])
    matrix.should_equal([[2, 0, 0], [1, 0, 0], [0, 0, 0]])


@check(points=1, hint="Accuracy is the share of right predictions, np.mean(y_true == y_pred), "
                      "as a float. A validation curve scores each row of predictions (one model) "
                      "against the labels it predicts: train_predictions against y_train, "
                      "val_predictions against y_val.")
def test_accuracy_and_a_validation_curve(learner):
    """Accuracy of six predictions, and the validation curve of two models"""
    learner.accuracy(Y_TRUE, Y_PRED).should_be_close(4 / 6)
    curve = learner.validation_curve(np.array([0, 1, 1, 0]),
                                     np.array([[0, 1, 1, 0], [0, 1, 1, 1]]),
                                     np.array([1, 0]), np.array([[0, 0], [1, 0]]))
    curve.should_be_close(([1.0, 0.75], [0.5, 1.0]))


@check(points=1, hint="Precision divides the right predictions of a label by how often it was "
                      "predicted (a column of the confusion matrix), recall by how often it "
                      "occurs (a row); a zero denominator gives 0.0. The macro average is the "
                      "plain mean of the per-label scores, F1 included.")
def test_scores_per_label_and_their_macro_average(learner):
    """Precision, recall and F1 of each of three labels, and their macro average"""
    learner.precision_recall_f1(Y_TRUE, Y_PRED).should_be_close(
        ([2 / 3, 0.0, 2 / 3], [1.0, 0.0, 2 / 3], [0.8, 0.0, 2 / 3])
    )
    learner.precision_recall_f1(Y_TRUE, Y_PRED, average="macro").should_be_close(
        (4 / 9, 5 / 9, 0.48888888888888893)
    )


@check(points=1, hint="For label 1: tp, fp and fn give precision, recall, F1 and the Jaccard "
                      "score tp / (tp + fp + fn). The log loss averages -log of the probability "
                      "given to each sample's true label (1 - proba for label 0).")
def test_scores_of_label_one(learner):
    """Binary precision, recall, F1, Jaccard score and log loss of label 1"""
    y_true = np.array([1, 0, 1, 1, 0])
    y_pred = np.array([1, 1, 0, 1, 0])
    learner.precision_recall_f1(y_true, y_pred, average="binary").should_be_close(
        (2 / 3, 2 / 3, 2 / 3)
    )
    learner.jaccard_score(y_true, y_pred).should_be_close(0.5)
    proba = np.array([0.9, 0.6, 0.3, 0.8, 0.2])
    learner.log_loss(y_true, proba).should_be_close(-np.mean(np.log([0.9, 0.4, 0.3, 0.8, 0.8])))
