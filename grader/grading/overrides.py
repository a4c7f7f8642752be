"""An instructor's score for a learner's module or for one check, with the reason: set or
cleared in the gradebook, kept across re-grades, and shown wherever the score is.

A module's override replaces its score, late penalty included; a check's override replaces
that check's score; a quiz's (named as its column in grades.csv, `regression quiz`) replaces
the quiz's score. Setting or clearing one also refreshes results.json, grades.csv and the
reports the last `grader grade` wrote, from the gradebook (nothing is graded).
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from grader import __version__
from grader.errors import BadInput
from grader.gradebook import Gradebook
from grader.grading.publish import refresh_outputs
from grader.results import ClassResult, LearnerResult, ModuleResult, QuizResult

__all__ = ["OverrideError", "Overridden", "clear_override", "set_override"]


class OverrideError(BadInput):
    """The override asked for cannot be set; the message says why."""


@dataclass(frozen=True)
class Overridden:
    """What an override command changed, and the reports it refreshed."""

    learner: str
    module: str
    check: str | None
    score: float | None  # None: cleared
    graded_score: float  # what the grading gives without an override
    max_score: float
    refreshed: Path | None  # the output folder written again, when there was one

    def describe(self) -> str:
        what = f"{self.learner} {self.module}" + (f" {self.check}" if self.check else "")
        if self.score is None:
            line = f"{what}: override cleared; the score is {self.graded_score:g} again"
        else:
            line = (
                f"{what}: {self.score:g} of {self.max_score:g} (the grading gave "
                f"{self.graded_score:g})"
            )
        return line + (f"\n  updated: {self.refreshed}" if self.refreshed else "")


def set_override(
    *, db: Path, learner: str, module: str, score: float, reason: str, check: str | None = None
) -> Overridden:
    """Set the score of `learner`'s `module` (or of one `check` of it, or of the quiz named
    `<module> quiz`) to `score`."""
    if not reason.strip():
        raise OverrideError("give the reason for the override with --reason")
    with Gradebook.open(db, writer="override") as book:
        quiz, graded, max_score = _target(book.class_result(__version__), learner, module, check)
        if not 0 <= score <= max_score:
            raise OverrideError(
                f"score {score:g} is not between 0 and {max_score:g}, the most "
                f"{check or module} is worth"
            )
        if quiz is not None:
            book.set_quiz_override(learner, quiz.quiz, score, reason.strip())
        else:
            book.set_override(learner, module, check or "", score, reason.strip())
        refreshed = refresh_outputs(book)
    return Overridden(learner, module, check, score, graded, max_score, refreshed)


def clear_override(*, db: Path, learner: str, module: str, check: str | None = None) -> Overridden:
    """Clear the override of `learner`'s `module` (or of one `check` of it)."""
    with Gradebook.open(db, writer="override") as book:
        quiz, graded, max_score = _target(book.class_result(__version__), learner, module, check)
        if quiz is not None:
            cleared = book.clear_quiz_override(learner, quiz.quiz)
        else:
            cleared = book.clear_override(learner, module, check or "")
        if not cleared:
            raise OverrideError(
                f"{learner} {module}{' ' + check if check else ''} has no override to clear"
            )
        refreshed = refresh_outputs(book)
    return Overridden(learner, module, check, None, graded, max_score, refreshed)


def _graded(
    result: ClassResult, learner: str, module: str, check: str | None
) -> tuple[float, float]:
    """What the grading gives without an override, and the most it can be."""
    found = _module(result, learner, module)
    if check is None:
        graded = found.override.graded_score if found.override else found.score
        return graded, found.max_score
    for result_check in found.checks:
        if result_check.id == check:
            override = result_check.override
            return (
                override.graded_score if override else result_check.score,
                result_check.max_score,
            )
    ids = ", ".join(c.id for c in found.checks) or "none: the module was not graded"
    raise OverrideError(f"{learner}'s {module} has no check {check!r} (its checks: {ids})")


def _target(
    result: ClassResult, learner: str, module: str, check: str | None
) -> tuple[QuizResult | None, float, float]:
    """The quiz `module` names (None for a module or a check), what the grading gives without
    an override, and the most it can be."""
    if (quiz := _quiz(result, learner, module, check)) is not None:
        return quiz, quiz.questions_score, quiz.max_score
    return None, *_graded(result, learner, module, check)


def _quiz(result: ClassResult, learner: str, name: str, check: str | None) -> QuizResult | None:
    """`learner`'s quiz when `name` is a quiz as grades.csv names its column (`regression
    quiz`), the name an instructor reads beside the score; None when it names a module."""
    quiz = name.removesuffix(" quiz")
    if name in result.modules or quiz == name or quiz not in result.quizzes:
        return None
    if check is not None:
        raise OverrideError(f"a quiz is overridden whole: {name!r} has no --check")
    try:
        return _learner(result, learner).quiz(quiz)
    except KeyError:
        raise OverrideError(f"{learner} has no result for {name!r} yet") from None


def _module(result: ClassResult, learner: str, module: str) -> ModuleResult:
    try:
        return _learner(result, learner).module(module)
    except KeyError:
        quizzes = "".join(f", {q} quiz" for q in result.quizzes)
        raise OverrideError(
            f"{learner} has no module {module!r} in the gradebook "
            f"(modules: {', '.join(result.modules)}{quizzes})"
        ) from None


def _learner(result: ClassResult, learner: str) -> LearnerResult:
    for learner_result in result.learners:
        if learner_result.learner == learner:
            return learner_result
    raise OverrideError(f"no learner {learner!r} in the gradebook")
