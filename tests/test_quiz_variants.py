"""Every learner's own variant: the same every time, different from a classmate's."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import tomllib
from dataclasses import replace
from itertools import combinations

import pytest

from grader.quiz.grading import instructor_variant
from grader.quiz.render import learner_variant

from .quiz_courses import COURSE, QUIZ_HEAD, ROOT, choices, course_copy, question, write_quiz

MODULES = ("regression", "classification", "clustering", "optimization")
CLASS = [f"learner-{n}" for n in range(12)]


def computed_numbers(module: str, learner: str, root=COURSE) -> dict[str, dict[str, str]]:
    variant = instructor_variant(module, learner=learner, course_root=root)
    return {q.id: dict(q.params) for q in variant.questions if q.question.type == "computed"}


def orders(module: str, learner: str, root=COURSE) -> dict[str, tuple[int, ...]]:
    variant = instructor_variant(module, learner=learner, course_root=root)
    return {q.id: q.order for q in variant.questions if q.order}


@pytest.mark.parametrize("module", MODULES)
def test_the_same_learner_always_gets_the_same_variant(module):
    first = instructor_variant(module, learner="ada", course_root=COURSE)
    again = instructor_variant(module, learner="ada", course_root=COURSE)
    assert first.code == again.code
    assert [q.text for q in first.questions] == [q.text for q in again.questions]
    assert [q.order for q in first.questions] == [q.order for q in again.questions]


@pytest.mark.parametrize("module", MODULES)
def test_two_learners_get_different_computed_numbers(module):
    variants = [computed_numbers(module, learner) for learner in CLASS]
    for one, other in combinations(variants, 2):
        assert one != other
    for question_id in variants[0]:  # each computed question varies across the class
        assert len({repr(v[question_id]) for v in variants}) > len(CLASS) // 2


@pytest.mark.parametrize("module", MODULES)
def test_choices_are_shuffled_per_learner_and_stable(module):
    class_orders = [orders(module, learner) for learner in CLASS]
    assert class_orders == [orders(module, learner) for learner in CLASS]
    for question_id in class_orders[0]:
        assert len({o[question_id] for o in class_orders}) > 1, question_id


def test_variants_do_not_depend_on_the_process_or_pythons_salted_hash():
    script = ("from pathlib import Path; from grader.quiz.grading import instructor_variant; "
              "print(instructor_variant('clustering', learner='ada', course_root=Path('.'))"
              ".code)")
    codes = set()
    for salt in ("1", "2", "random"):
        env = {**os.environ, "PYTHONPATH": str(ROOT), "PYTHONHASHSEED": salt}
        done = subprocess.run([sys.executable, "-c", script], cwd=COURSE, env=env,
                              capture_output=True, text=True, check=True)
        codes.add(done.stdout.strip())
    assert codes == {instructor_variant("clustering", learner="ada", course_root=COURSE).code}


def test_a_recorded_variant_is_still_the_same():
    """Fails when the seeding, the shuffling or numpy's random streams change: learners would
    see new numbers mid-course. Record the new values only at the start of a course."""
    variant = instructor_variant("regression", learner="ada", course_root=COURSE)
    assert variant.question("mse_of_six").params == {
        "y_true": "[9, -3, -5, 7, -5, -2]", "y_pred": "[10, -3, -4, 4, -6, -4]",
        "errors": "[-1, 0, -1, 3, 1, 2]", "squares": "[1, 0, 1, 9, 1, 4]"}
    assert {q.id: q.order for q in variant.questions if q.order} == {
        "supervised_or_not": (0, 1, 2, 3), "what_mse_measures": (2, 3, 1, 0),
        "mse_unit": (3, 1, 2, 0), "r2_statements": (0, 2, 3, 4, 1),
        "simple_or_multiple": (1, 2, 3, 0), "overfitting": (0, 2, 1, 3)}
    assert variant.code == "826658d7"


@pytest.mark.parametrize("learner", ["ada", "ben", "learner-7"])
def test_the_learners_copy_gives_a_learner_the_same_variant_as_the_instructors_files(
        tmp_path, learner):
    root = course_copy(tmp_path)
    write_quiz(root, "regression", QUIZ_HEAD + question(
        "pick", "single", choices("Right", "Wrong", "Also wrong", "Not this", correct=(0,))))
    instructor = learner_variant("regression", learner=learner, course_root=root)
    shutil.rmtree(root / "solutions")
    learners = learner_variant("regression", learner=learner, course_root=root)
    assert learners.code == instructor.code
    assert learners.question("pick").choices == tuple(
        replace(c, correct=False, feedback="") for c in instructor.question("pick").choices)


def test_the_learners_copy_does_not_list_choices_in_the_authors_order():
    for module in MODULES:
        copy = tomllib.loads((COURSE / "exercises" / "quizzes" / f"{module}.toml").read_text())
        for listed in copy["questions"]:
            texts = [c["text"] for c in listed.get("choices", ())]
            assert texts == sorted(texts, key=lambda t: (t.casefold(), t))


@pytest.fixture
def course(tmp_path):
    return course_copy(tmp_path)


GENERATORS = """
def number(rng, reference):
    value = int(rng.integers(0, 1_000_000))
    return {"value": value, "answer": value}
"""


def test_adding_a_question_changes_no_other_questions_variant(course):
    first = question("first", "computed", 'generator = "number"', text="{value}?")
    pick = question("pick", "single", choices("A", "B", "C", "D"))
    write_quiz(course, "regression", QUIZ_HEAD + first + pick, GENERATORS)
    before = instructor_variant("regression", learner="ada", course_root=course)
    added = question("added", "numeric", "answer = 1")
    write_quiz(course, "regression", QUIZ_HEAD + added + first + pick)
    after = instructor_variant("regression", learner="ada", course_root=course)
    for question_id in ("first", "pick"):
        assert after.question(question_id).text == before.question(question_id).text
        assert after.question(question_id).order == before.question(question_id).order


def test_a_new_quiz_id_gives_every_learner_new_numbers(course):
    first = question("first", "computed", 'generator = "number"', text="{value}?")
    write_quiz(course, "regression", QUIZ_HEAD + first, GENERATORS)
    before = instructor_variant("regression", learner="ada", course_root=course)
    write_quiz(course, "regression", 'id = "regression-2027"\n' + QUIZ_HEAD + first)
    after = instructor_variant("regression", learner="ada", course_root=course)
    assert after.question("first").text != before.question("first").text


def test_a_question_that_must_not_be_shuffled_keeps_the_authors_order(course):
    body = "shuffle = false\n" + choices("1", "2", "3", "4", "all of the above")
    write_quiz(course, "regression", QUIZ_HEAD + question("pick", "single", body))
    for learner in CLASS:
        variant = instructor_variant("regression", learner=learner, course_root=course)
        assert variant.question("pick").order == (0, 1, 2, 3, 4)


def test_computed_answers_come_from_the_modules_reference_solution(course):
    reference = course / "solutions" / "regression.py"
    reference.write_text(reference.read_text() + "\n\ndef mean_squared_error(y_true, y_pred):"
                                                 "\n    return 42.0\n")
    variant = instructor_variant("regression", learner="ada", course_root=course)
    assert variant.question("mse_of_six").answer == 42.0
