"""Authoring quizzes: the schema check points at each mistake's line; one file adds a question."""

from __future__ import annotations

import textwrap
import tomllib
from pathlib import Path

import pytest

from grader.quiz import (
    QuestionStatus,
    QuizFileError,
    answer_key,
    build_learner_files,
    check_quiz_files,
    grade_answers,
    show_quiz,
)

from .quiz_courses import COURSE, ROOT, course_copy, write_quiz

MODULES = ("regression", "classification", "clustering", "optimization")
SOURCE = "solutions/quizzes/regression.toml"
MARK = "# <-"  # marks, in each broken quiz below, the line the check must point at

GOOD_QUESTION = """
[[questions]]
id = "good"
type = "single"
points = 1
text = "Pick one."

[[questions.choices]]
text = "A"
correct = true
feedback = "Yes."

[[questions.choices]]
text = "B"
feedback = "No."
"""

GENERATORS = """
def fine(rng, reference):
    value = int(rng.integers(0, 1000))
    return {"value": value, "answer": value}

def broken(rng, reference):
    raise ValueError("no numbers today")

def no_answer(rng, reference):
    return {"value": 1}

def constant(rng, reference):
    return {"value": 7, "answer": 7}

def unshowable(rng, reference):
    return {"value": object(), "answer": 1}
"""


def computed(body: str, text: str = "What is {value}?") -> str:
    return f'\n[[questions]]\nid = "c"\ntype = "computed"\npoints = 1\ntext = "{text}"\n{body}\n'


MISTAKES = {
    "not TOML": ('title = "T"\n' + GOOD_QUESTION.replace("points = 1", f"points = two {MARK}"),
                 "not valid TOML: Invalid value"),
    "no title": (f"{MARK}\n" + GOOD_QUESTION, "`title` must be a non-empty string (it has none)"),
    "unknown top-level key": (f'title = "T"\ntitel = "T" {MARK}\n' + GOOD_QUESTION,
                              "unknown key `titel` (did you mean `title`?)"),
    "no questions": (f'title = "T" {MARK}\n', "the quiz has no questions"),
    "bad id": ('title = "T"\n' + GOOD_QUESTION.replace('id = "good"', f'id = "Good one" {MARK}'),
               "`id` must be a name of lowercase letters"),
    "reserved id": ('title = "T"\n' + GOOD_QUESTION.replace('id = "good"',
                                                             f'id = "learner" {MARK}'),
                    "`learner` names a part of the answers file"),
    "id used twice": ('title = "T"\n' + GOOD_QUESTION
                      + GOOD_QUESTION.replace("[[questions]]", f"[[questions]] {MARK}", 1),
                      "the id is already used by the question at line 3"),
    "unknown type": ('title = "T"\n' + GOOD_QUESTION.replace('type = "single"',
                                                              f'type = "essay" {MARK}'),
                     "`type` must be one of single, multiple, numeric, text, computed"),
    "no type": ('title = "T"\n' + GOOD_QUESTION.replace('type = "single"', "")
                .replace("[[questions]]", f"[[questions]] {MARK}"),
                "`type` must be one of single, multiple, numeric, text, computed (it has none)"),
    "points of zero": ('title = "T"\n' + GOOD_QUESTION.replace("points = 1", f"points = 0 {MARK}"),
                       "`points` must be a number above 0 (got 0)"),
    "points as text": ('title = "T"\n' + GOOD_QUESTION.replace("points = 1",
                                                                f'points = "1" {MARK}'),
                       "`points` must be a number above 0 (got '1')"),
    "misspelt key": ('title = "T"\n' + GOOD_QUESTION.replace("points = 1", f"pionts = 1 {MARK}"),
                     "unknown key `pionts` (did you mean `points`?)"),
    "no text": ('title = "T"\n' + GOOD_QUESTION.replace('text = "Pick one."', "")
                .replace("[[questions]]", f"[[questions]] {MARK}"),
                "`text` must be a non-empty string"),
    "key of another type": ('title = "T"\n[[questions]]\nid = "n"\ntype = "numeric"\npoints = 1\n'
                            f'text = "?"\nanswer = 1\nshuffle = true {MARK}\n',
                            "`shuffle` does not apply to a numeric question"),
    "no right choice": ('title = "T"\n' + GOOD_QUESTION.replace("correct = true\n", "")
                        .replace("[[questions.choices]]", f"[[questions.choices]] {MARK}", 1),
                        "needs exactly one choice with `correct = true` (it has 0)"),
    "two right choices": ('title = "T"\n' + GOOD_QUESTION.replace('feedback = "No."',
                                                                  'correct = true')
                          .replace("[[questions.choices]]", f"[[questions.choices]] {MARK}", 1),
                          "needs exactly one choice with `correct = true` (it has 2)"),
    "select-all with no right choice": (
        'title = "T"\n' + GOOD_QUESTION.replace('"single"', '"multiple"')
        .replace("correct = true\n", "")
        .replace("[[questions.choices]]", f"[[questions.choices]] {MARK}", 1),
        "needs at least one choice with `correct = true`"),
    "one choice only": ('title = "T"\n' + GOOD_QUESTION.split("\n\n[[questions.choices]]\ntext = "
                                                              '"B"')[0]
                        .replace("[[questions.choices]]", f"[[questions.choices]] {MARK}", 1),
                        "needs 2 to 26 choices (it has 1)"),
    "choice without text": ('title = "T"\n' + GOOD_QUESTION.replace('text = "B"\n', "")
                            .replace('[[questions.choices]]\nfeedback',
                                     f'[[questions.choices]] {MARK}\nfeedback'),
                            "choice 2: `text` must be a non-empty string (it has none)"),
    "correct not true or false": ('title = "T"\n' + GOOD_QUESTION.replace(
        "correct = true", f'correct = "yes" {MARK}'), "`correct` must be true or false"),
    "a choice twice": ('title = "T"\n' + GOOD_QUESTION.replace('text = "B"', 'text = "A"')
                       .replace('[[questions.choices]]\ntext = "A"\nfeedback',
                                f'[[questions.choices]] {MARK}\ntext = "A"\nfeedback'),
                       "choice 2 repeats choice 1"),
    "numeric without answer": ('title = "T"\n[[questions]]\nid = "n"\n'
                               f'type = "numeric" {MARK}\npoints = 1\ntext = "?"\n',
                               "a numeric question needs `answer`"),
    "numeric answer as text": ('title = "T"\n[[questions]]\nid = "n"\ntype = "numeric"\n'
                               f'points = 1\ntext = "?"\nanswer = "2.5" {MARK}\n',
                               "`answer` must be a number (got '2.5')"),
    "negative tolerance": ('title = "T"\n[[questions]]\nid = "n"\ntype = "numeric"\npoints = 1\n'
                           f'text = "?"\nanswer = 2.5\nabs_tol = -0.1 {MARK}\n',
                           "`abs_tol` must be a number, 0 or more"),
    "text without accepted answers": ('title = "T"\n[[questions]]\nid = "t"\n'
                                      f'type = "text" {MARK}\npoints = 1\ntext = "?"\n',
                                      "a text question needs `accept`"),
    "empty accepted answers": ('title = "T"\n[[questions]]\nid = "t"\ntype = "text"\npoints = 1\n'
                               f'text = "?"\naccept = [] {MARK}\n',
                               "`accept` must be a list of the accepted answers"),
    "computed without generator": ('title = "T"\n[[questions]]\nid = "c"\n'
                                   f'type = "computed" {MARK}\npoints = 1\ntext = "?"\n',
                                   "a computed question needs `generator`"),
    "no such generator": ('title = "T"\n' + computed(f'generator = "nope" {MARK}'),
                          "solutions/quizzes/regression.py has no function nope()"),
    "generator raises": ('title = "T"\n' + computed(f'generator = "broken" {MARK}'),
                         "broken() raised ValueError: no numbers today"),
    "generator without answer": ('title = "T"\n' + computed(f'generator = "no_answer" {MARK}'),
                                 "no_answer() must return a dict of the question's numbers "
                                 "with the right answer under 'answer' (it returned a dict "
                                 "without it)"),
    "generator of one variant": ('title = "T"\n' + computed(f'generator = "constant" {MARK}'),
                                 "constant() gives every learner the same numbers"),
    "generator of unshowable values": ('title = "T"\n' + computed(
        f'generator = "unshowable" {MARK}'), "a value of type object cannot be shown to a learner"),
    "text with an unknown name": ('title = "T"\n' + computed(f'generator = "fine" {MARK}',
                                                              "What is {valeu}?"),
                                  "fine() returns no 'valeu', which the question text uses"),
    "text showing the answer": ('title = "T"\n' + computed('generator = "fine"',
                                                            "What is {answer}?")
                                .replace('?"\n', f'?" {MARK}\n', 1),
                                "the text shows {answer}, which gives the answer away"),
    "explanation with an unknown name": ('title = "T"\n' + computed(
        f'generator = "fine"\nexplanation = "It is {{vlaue}}." {MARK}'),
        "the explanation uses {vlaue}, which fine() does not return"),
}


@pytest.fixture(scope="module")
def course(tmp_path_factory) -> Path:
    return course_copy(tmp_path_factory.mktemp("authoring"))


@pytest.mark.parametrize("mistake", list(MISTAKES))
def test_the_schema_check_points_at_the_line_of_each_kind_of_mistake(course, mistake):
    source, expected = MISTAKES[mistake]
    source = textwrap.dedent(source)
    line = next(n for n, text in enumerate(source.splitlines(), 1) if MARK in text)
    write_quiz(course, "regression", source, GENERATORS, build=False)
    problems = check_quiz_files(course)
    assert any(p.startswith(f"{SOURCE}:{line}: ") and expected in p for p in problems), problems


def test_a_quiz_with_mistakes_cannot_be_graded_and_says_where(course):
    source, _ = MISTAKES["points of zero"]
    write_quiz(course, "regression", source, build=False)
    with pytest.raises(QuizFileError, match=rf"{SOURCE}:6: question `good`: `points`"):
        grade_answers("regression", "", learner="ada", course_root=course)


# The fixture course's quizzes test the grader; the shipped course's test the shipped course.
BOTH_COURSES = [pytest.param(COURSE, id="fixture"),
                pytest.param(ROOT, id="shipped", marks=pytest.mark.shipped_course)]


@pytest.mark.parametrize("root", BOTH_COURSES)
def test_the_courses_quizzes_have_no_authoring_mistakes(root):
    assert check_quiz_files(root) == []


@pytest.mark.parametrize("root", BOTH_COURSES)
def test_the_learners_copies_of_the_quizzes_are_up_to_date(root):
    assert build_learner_files(root, check=True) == []


@pytest.mark.parametrize("root", BOTH_COURSES)
@pytest.mark.parametrize("module", MODULES)
def test_no_answer_key_reaches_the_learners_copy(module, root):
    assert_no_answer_key_in_the_learners_copy(module, root)


@pytest.mark.shipped_course
def test_no_answer_key_reaches_the_learners_copy_of_the_capstone_quiz():
    assert_no_answer_key_in_the_learners_copy("capstone", ROOT)


def assert_no_answer_key_in_the_learners_copy(module: str, root: Path) -> None:
    instructor = tomllib.loads((root / "solutions" / "quizzes" / f"{module}.toml").read_text())
    learner_text = (root / "exercises" / "quizzes" / f"{module}.toml").read_text()
    learner = tomllib.loads(learner_text)
    for secret, public in zip(instructor["questions"], learner["questions"], strict=True):
        assert not {"answer", "accept", "generator", "explanation", "abs_tol", "rel_tol"} \
            & set(public)
        for choice in public.get("choices", ()):
            assert set(choice) == {"text"}
        for choice in secret.get("choices", ()):
            assert choice.get("feedback", "") not in learner_text
    # the learners' folder holds one copy per module of the course, and nothing else
    modules = tomllib.loads((root / "exercises" / "course.toml").read_text())["modules"]
    assert sorted((root / "exercises" / "quizzes").iterdir()) == sorted(
        root / "exercises" / "quizzes" / f"{name}.toml" for name in modules)


def test_an_answer_key_in_the_learners_copy_is_refused(tmp_path):
    root = course_copy(tmp_path)
    learner_file = root / "exercises" / "quizzes" / "regression.toml"
    lines = learner_file.read_text().splitlines()
    at = next(n for n, line in enumerate(lines) if line.startswith("[[questions.choices]]"))
    lines.insert(at + 2, "correct = true")
    learner_file.write_text("\n".join(lines) + "\n")
    assert any(p.startswith(f"exercises/quizzes/regression.toml:{at + 3}: ")
               and "`correct` is part of the answer key" in p for p in check_quiz_files(root))


def test_a_stale_learners_copy_is_pointed_at_from_its_first_changed_line(tmp_path):
    root = course_copy(tmp_path)
    source = root / "solutions" / "quizzes" / "regression.toml"
    source.write_text(source.read_text().replace('title = "Regression metrics"',
                                                 'title = "Regression metrics, again"'))
    learner = (root / "exercises" / "quizzes" / "regression.toml").read_text().splitlines()
    line = next(n for n, text in enumerate(learner, 1) if text.startswith("title = "))
    assert check_quiz_files(root) == [
        f"exercises/quizzes/regression.toml:{line}: out of date with {SOURCE}: run "
        "`grader quiz build` (edit the instructor's file, not this one)"]
    assert build_learner_files(root) == [root / "exercises" / "quizzes" / "regression.toml"]
    assert check_quiz_files(root) == []


def test_a_quiz_for_a_module_the_course_does_not_have_is_refused(tmp_path):
    root = course_copy(tmp_path)
    (root / "solutions" / "quizzes" / "statistics.toml").write_text('title = "T"\n')
    assert any(p.startswith("solutions/quizzes/statistics.toml:1: no module 'statistics'")
               for p in check_quiz_files(root))


def test_a_generators_file_that_does_not_import_is_reported(tmp_path):
    root = course_copy(tmp_path)
    (root / "solutions" / "quizzes" / "regression.py").write_text("def broken(:\n")
    assert any(p.startswith("solutions/quizzes/regression.py:1: ") and "SyntaxError" in p
               for p in check_quiz_files(root))


NEW_QUESTION = '''
[[questions]]
id = "rmse_unit"
title = "The unit of the RMSE"
type = "single"
points = 1
text = "The targets are prices in euros. In which unit is the root of the MSE (RMSE)?"

[[questions.choices]]
text = "Euros"
correct = true
feedback = "Yes: the square root undoes the squaring."

[[questions.choices]]
text = "Euros squared"
feedback = "That is the unit of the MSE; its square root is back in euros."
'''


def test_an_instructor_adds_a_question_by_editing_one_file(tmp_path):
    root = course_copy(tmp_path)
    source = root / "solutions" / "quizzes" / "regression.toml"
    source.write_text(source.read_text() + NEW_QUESTION)  # the one edit
    assert "The unit of the RMSE" in show_quiz("regression", learner="ada", course_root=root)
    key = answer_key("regression", learner="ada", course_root=root)
    result = grade_answers("regression", key, learner="ada", course_root=root)
    assert (result.score, result.max_score) == (14, 14)
    assert result.question("rmse_unit").status is QuestionStatus.CORRECT
    assert [p.split(": ", 1)[1] for p in check_quiz_files(root)] == [
        f"out of date with {SOURCE}: run `grader quiz build` (edit the instructor's file, "
        "not this one)"]
    build_learner_files(root)  # the learners' copy follows with one command
    assert check_quiz_files(root) == []
    assert "rmse_unit" in (root / "exercises" / "quizzes" / "regression.toml").read_text()
