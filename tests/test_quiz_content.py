"""The shipped course's quizzes teach what the modules teach, and every answer says why.

A test of the shipped course (exercises/, solutions/), not of the grader: it reads ROOT."""

from __future__ import annotations

import pytest

from grader.quiz import load_quiz, quiz_modules

from .quiz_courses import ROOT

pytestmark = pytest.mark.shipped_course

MODULES = ("regression", "classification", "clustering", "optimization", "sgd", "preprocessing",
           "logistic_regression", "decision_trees", "evaluation", "capstone")

# What the course team asked the quizzes to cover, and words that show a quiz does.
TOPICS = {
    "supervised vs unsupervised learning": ["supervised", "unsupervised"],
    "what MSE and R² measure, and when R² is negative": ["mean squared error", "R²",
                                                        "negative"],
    "simple vs multiple regression": ["simple linear regression", "multiple linear regression"],
    "choosing k in KNN and what a tie means": ["k = 1", "tie", "odd k"],
    "over- and underfitting": ["overfit", "underfit"],
    "how k-means converges and what an empty cluster is": ["converge", "no point is nearest",
                                                          "empty"],
    "the learning rate": ["learning rate", "diverge"],
    "batch vs mini-batch vs stochastic gradient descent": ["batch", "mini-batch", "stochastic"],
    "why features are scaled": ["scale"],
    "accuracy against a majority baseline when one class is rare": ["majority baseline",
                                                                    "accuracy", "rare"],
    "precision, recall, F1 and Jaccard": ["precision", "recall", "f1", "jaccard"],
    "log loss, and why labels given as probabilities are punished": ["log loss",
                                                                     "probability of exactly 0"],
    "MAE against MSE under a heavy tail": ["mae", "mse", "heavy tail"],
    "leakage: what is learnt from the training rows alone, a column about tomorrow": [
        "leakage", "training table alone", "a column about tomorrow"],
    "why a private test set": ["test set", "never see"],
    "what ROC and AUC measure": ["roc", "auc"],
}


def all_text(module: str) -> str:
    quiz = load_quiz(module, course_root=ROOT)
    parts = [quiz.intro]
    for question in quiz.questions:
        parts += [question.text, question.explanation, *question.accept]
        parts += [f"{c.text} {c.feedback}" for c in question.choices]
    return " ".join(parts).lower()


def test_every_module_of_the_course_has_a_quiz():
    assert quiz_modules(ROOT) == MODULES


@pytest.mark.parametrize("module", MODULES)
def test_each_quiz_has_at_least_eight_questions_two_of_them_computed(module):
    quiz = load_quiz(module, course_root=ROOT)
    assert len(quiz.questions) >= 8
    assert sum(q.type == "computed" for q in quiz.questions) >= 2
    assert {q.type for q in quiz.questions} >= {"single", "multiple", "text", "computed"}


@pytest.mark.parametrize("module", MODULES)
def test_every_choice_explains_why_it_is_right_or_wrong(module):
    quiz = load_quiz(module, course_root=ROOT)
    for question in quiz.questions:
        assert question.title, question.id
        for choice in question.choices:
            assert len(choice.feedback) > 20, (question.id, choice.text)
        if not question.is_choice:
            assert question.explanation, question.id


@pytest.mark.parametrize("topic", list(TOPICS))
def test_the_quizzes_cover_every_topic_the_course_team_asked_for(topic):
    text = " ".join(all_text(module) for module in MODULES)
    missing = [word for word in TOPICS[topic] if word.lower() not in text]
    assert not missing, f"{topic}: {missing}"
