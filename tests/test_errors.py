"""One error hierarchy: every error of the grader says whose problem it is, and the command
line turns that into its exit status (2 for the user's input, 3 for the course or the grader)."""

from __future__ import annotations

import importlib
import inspect
from collections.abc import Iterator
from pathlib import Path

import pytest
from click.testing import CliRunner, Result

import grader
import grader.errors
from grader.checks.api import (
    AnswerUnusable,
    ArgumentChanged,
    CheckFailed,
    LearnerCrashed,
    LearnerError,
    LearnerRaised,
    LearnerTimedOut,
    Measured,
)
from grader.cli import main
from grader.course import CourseError
from grader.errors import FAMILIES, BadInput, CourseProblem, GraderError, GraderFault
from grader.gradebook import GradebookBusy
from grader.grading.cluster import ClusterError
from grader.inside.wire import WireError
from grader.load._notebook_file import Unreadable
from grader.quiz import QuizError, QuizInputError
from grader.sandbox.process import SandboxError

PACKAGE = Path(grader.__file__).parent

# What a check says of a learner's code, a learner's notebook that cannot be read, and the
# learner's side's own error: they become the learner's results, never an exit status, and
# the learner's side imports nothing trusted.
OUTSIDE = {CheckFailed, AnswerUnusable, ArgumentChanged, LearnerError, LearnerRaised,
           LearnerTimedOut, LearnerCrashed, Measured, Unreadable, WireError}
# Raised for both reasons: a class of each family under them, and none of their own.
SUBJECTS = {CourseError, QuizError}


def _modules() -> Iterator[str]:
    """Every module of the package, found from its files (a folder without __init__.py
    included, which pkgutil would skip)."""
    for path in sorted(PACKAGE.rglob("*.py")):
        parts = path.relative_to(PACKAGE.parent).with_suffix("").parts
        if parts[-1] == "__main__":  # importing it runs the command line
            continue
        yield ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def _public_error_classes() -> set[type[BaseException]]:
    found = set()
    for name in _modules():
        for attribute, value in vars(importlib.import_module(name)).items():
            if (inspect.isclass(value) and issubclass(value, BaseException)
                    and value.__module__ == name and not attribute.startswith("_")):
                found.add(value)
    return found - OUTSIDE - {GraderError, *FAMILIES}


def _families(error: type[BaseException]) -> list[type[GraderError]]:
    return [family for family in FAMILIES if issubclass(error, family)]


def test_every_public_error_class_of_the_grader_belongs_to_exactly_one_family():
    errors = _public_error_classes()
    assert {ClusterError, GradebookBusy, QuizInputError} <= errors  # the walk finds them all
    wrong = {error.__qualname__: [f.__name__ for f in _families(error)]
             for error in errors - SUBJECTS if len(_families(error)) != 1}
    assert not wrong, f"each in one family of grader.errors, not: {wrong}"


def test_a_subject_raised_for_both_reasons_is_only_ever_raised_as_one_of_its_families():
    for subject in SUBJECTS:
        assert not _families(subject)
        kinds = {family for error in _public_error_classes() if issubclass(error, subject)
                 and error is not subject for family in _families(error)}
        assert kinds == {BadInput, CourseProblem}, subject
        with pytest.raises(TypeError, match="says not whose problem it is"):
            subject("a message")
    with pytest.raises(TypeError, match="says not whose problem it is"):
        GraderError("a message")


def test_what_becomes_a_learners_result_stays_outside_the_hierarchy():
    assert not any(issubclass(error, GraderError) for error in OUTSIDE)


def test_the_map_in_grader_errors_names_every_error_class():
    map_ = grader.errors.__doc__ or ""
    unnamed = sorted(e.__name__ for e in _public_error_classes() if e.__name__ not in map_)
    assert not unnamed, f"grader.errors' docstring does not name {unnamed}"


# -- the command line --------------------------------------------------------------------


def invoke(*args: str | Path) -> Result:
    return CliRunner().invoke(main, [str(a) for a in args], catch_exceptions=False)


def small_course(root: Path, public_checks: str) -> Path:
    """A course of one module, `mean`, whose public checks are `public_checks`."""
    (root / "exercises" / "checks").mkdir(parents=True)
    (root / "solutions" / "checks").mkdir(parents=True)
    (root / "exercises" / "course.toml").write_text('title = "Small"\nmodules = ["mean"]\n')
    (root / "exercises" / "mean.py").write_text("def mean(xs):\n    raise NotImplementedError\n")
    (root / "exercises" / "checks" / "test_mean.py").write_text(public_checks)
    (root / "solutions" / "mean.py").write_text("def mean(xs):\n    return sum(xs) / len(xs)\n")
    return root


@pytest.fixture
def learner_file(tmp_path: Path) -> Path:
    path = tmp_path / "ada" / "mean.py"
    path.parent.mkdir()
    path.write_text("def mean(xs):\n    return sum(xs) / len(xs)\n")
    return path


def test_a_file_that_is_not_there_is_bad_input_exit_2(tmp_path: Path):
    done = invoke("check", tmp_path / "mean.py")
    assert done.exit_code == 2, done.output
    assert done.output == f"grader: {tmp_path / 'mean.py'}: no such file\n"


def test_a_course_folder_that_is_not_one_is_bad_input_exit_2(tmp_path, learner_file,
                                                             monkeypatch):
    monkeypatch.setenv("GRADER_COURSE", str(tmp_path / "nowhere"))
    done = invoke("check", learner_file)
    assert done.exit_code == 2, done.output
    assert f"is {tmp_path / 'nowhere'} a course folder?" in done.output


def test_a_course_whose_checks_cannot_be_collected_is_the_courses_problem_exit_3(
        tmp_path, learner_file, monkeypatch):
    root = small_course(tmp_path / "course", 'raise RuntimeError("broken on purpose")\n')
    monkeypatch.setenv("GRADER_COURSE", str(root))
    done = invoke("check", learner_file)
    assert done.exit_code == 3, done.output
    assert done.output.startswith("grader: the course's checks cannot be used: ")
    assert "RuntimeError: broken on purpose" in done.output and "internal" not in done.output


def test_a_course_whose_settings_cannot_be_read_is_the_courses_problem_exit_3(
        tmp_path, learner_file, monkeypatch):
    root = small_course(tmp_path / "course", "")
    (root / "exercises" / "course.toml").write_text('modules = "mean"\n')
    monkeypatch.setenv("GRADER_COURSE", str(root))
    done = invoke("check", learner_file)
    assert done.exit_code == 3, done.output
    assert "`modules` must be a list of module names" in done.output
    assert "internal" not in done.output


def test_a_fault_of_the_grader_itself_is_an_internal_error_to_report_exit_3(
        learner_file, monkeypatch):
    def broken(*args: object, **kwargs: object) -> None:
        raise SandboxError("the sandbox did not start")

    monkeypatch.setattr("grader.selfcheck.check_file", broken)
    monkeypatch.delenv("GRADER_DEBUG", raising=False)
    done = invoke("check", learner_file)
    assert done.exit_code == 3, done.output
    assert done.output.startswith("grader: internal error (SandboxError: the sandbox did not "
                                  "start); please report it")
    assert issubclass(SandboxError, GraderFault)
