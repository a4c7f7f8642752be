"""Showing a learner their variant: as text, as a page, and as an answers template to fill in."""

from __future__ import annotations

import re
import shutil
import tomllib

import pytest

from grader.quiz import QuizError, answer_key, quiz_template, show_quiz, show_quiz_html
from grader.quiz.grading import instructor_variant

from .quiz_courses import COURSE, QUIZ_HEAD, choices, course_copy, question, write_quiz

MODULES = ("regression", "classification", "clustering", "optimization")


@pytest.mark.parametrize("module", MODULES)
def test_the_answers_template_is_toml_with_a_blank_answer_for_every_question(module):
    template = tomllib.loads(quiz_template(module, learner="ada", course_root=COURSE))
    variant = instructor_variant(module, learner="ada", course_root=COURSE)
    assert template["learner"] == "ada" and template["variant"] == variant.code
    assert list(template["answers"]) == [q.id for q in variant.questions]
    assert set(map(str, template["answers"].values())) <= {"", "[]"}


@pytest.mark.parametrize("module", MODULES)
def test_the_text_shows_every_question_with_the_learners_own_numbers_and_order(module):
    text = show_quiz(module, learner="ben", course_root=COURSE)
    variant = instructor_variant(module, learner="ben", course_root=COURSE)
    for asked in variant.questions:
        assert f"answer as {asked.id}]" in text
        assert asked.text.strip().splitlines()[-1] in text  # numbers filled in
        shown = [choice.text for choice in asked.choices]
        positions = [text.index(f"{label}) {choice}")
                     for label, choice in zip(asked.labels, shown, strict=True)]
        assert positions == sorted(positions)
    assert "{" not in text.split("How to answer")[0].replace("{answer}", "")
    assert text.rstrip().endswith(quiz_template(module, learner="ben",
                                                course_root=COURSE).rstrip())


def test_the_text_states_the_scoring_rules():
    text = " ".join(show_quiz("regression", learner="ada", course_root=COURSE).split())
    assert ("points × (right choices chosen − wrong choices chosen) / right choices, never "
            "less than 0") in text
    assert "ignoring case, spaces around and between words, and a final full stop" in text


@pytest.mark.parametrize("module", MODULES)
def test_the_page_is_self_contained_and_holds_the_template(module):
    page = show_quiz_html(module, learner="ada", course_root=COURSE)
    assert page.startswith("<!DOCTYPE html>")
    assert not re.search(r"<script|<link|src=|@import|url\(|https?://", page)
    assert 'variant = &#34;' in page  # the template, escaped inside <pre>


def test_the_page_escapes_question_texts_and_learner_ids(tmp_path):
    root = course_copy(tmp_path)
    body = choices("<b>bold</b>", "a & b", correct=(0,))
    source = QUIZ_HEAD + question("q", "single", body, text="Is <script>alert(1)</script> `x`?")
    write_quiz(root, "regression", source)
    page = show_quiz_html("regression", learner='<img src=x onerror="1">', course_root=root)
    assert "<script>alert" not in page and "&lt;script&gt;alert(1)&lt;/script&gt;" in page
    assert "<img src=x" not in page and "&lt;img src=x" in page
    assert "&lt;b&gt;bold&lt;/b&gt;" in page and "a &amp; b" in page
    assert "<code>x</code>" in page  # backquoted words are shown as code


def test_a_learners_copy_of_the_course_shows_quizzes_without_computed_questions(tmp_path):
    root = course_copy(tmp_path)
    write_quiz(root, "regression", QUIZ_HEAD + question("q", "numeric", "answer = 1"))
    shutil.rmtree(root / "solutions")  # what learners receive: exercises/ only
    assert "A question?" in show_quiz("regression", learner="ada", course_root=root)
    with pytest.raises(QuizError, match="ask your instructor for your variant"):
        show_quiz("clustering", learner="ada", course_root=root)


def test_an_unknown_module_or_a_module_without_a_quiz_is_a_clear_error(tmp_path):
    with pytest.raises(QuizError, match="unknown module 'statistics': this course has "
                                        "regression, classification, clustering, optimization"):
        show_quiz("statistics", learner="ada", course_root=COURSE)
    root = course_copy(tmp_path)
    (root / "solutions" / "quizzes" / "regression.toml").unlink()
    (root / "exercises" / "quizzes" / "regression.toml").unlink()
    with pytest.raises(QuizError, match="module 'regression' has no quiz"):
        show_quiz("regression", learner="ada", course_root=root)


def test_the_answer_key_is_a_filled_in_template():
    key = tomllib.loads(answer_key("optimization", learner="ada", course_root=COURSE))
    template = tomllib.loads(quiz_template("optimization", learner="ada", course_root=COURSE))
    assert list(key["answers"]) == list(template["answers"])
    assert key["answers"]["one_step_on_a_parabola"] == 4.6
