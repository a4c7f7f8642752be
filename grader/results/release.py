"""What learners may see of a result before its module's feedback is released: the one place
that decides it, for the learner's page and every export that reaches learners.

Before release, a hidden check shows its title, points and status only, and a quiz its score
per question and in all, with the learner's own answers but no key, explanation or feedback.
Nothing else of a hidden check reaches the learner (its call, inputs, expected value, answer,
reason, hint, classic mistakes, smaller failing input, traceback), nor what the file printed,
since a hidden check's inputs may have been printed, nor a project's metrics on the private
test set (grader.results.evaluation), the learner's own or the class's on a leaderboard.
Scores are never held back. After release, the result is shown as the hidden-input rule
(grader.checks.disclosure) allows, and a project's private-set metrics with three decimals:
they are worked out from answers to inputs the learner never sees, and their last digits
could carry the private targets out to a pipeline built to probe them.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from functools import cached_property
from typing import Literal

from grader.results.checks import CheckResult, Detail
from grader.results.evaluation import Evaluation
from grader.results.learners import LearnerResult
from grader.results.modules import ModuleResult
from grader.results.notes import Note
from grader.results.quizzes import QuestionResult, QuizResult

__all__ = [
    "ALL_RELEASED",
    "FeedbackRelease",
    "Pending",
    "Until",
    "pending_line",
    "without_answers",
]

Until = Literal["deadline", "manual"]  # what a module's feedback waits for

_WHEN: dict[Until, str] = {"deadline": "at the deadline", "manual": "by your instructor"}
# A hidden check or question that broke inside the grader: the instructor reads why in
# results.json; the learner only that it was not their fault, since why may quote the check.
_BROKE = "the check broke inside the grader"


def pending_line(until: Until, what: str = "hidden checks") -> str:
    """The line a learner reads where details are held back."""
    return f"Details of {what} are shown once the module's feedback is released ({_WHEN[until]})."


@dataclass(frozen=True)
class Pending:
    """A module whose feedback is not released yet, and what it waits for."""

    module: str
    until: Until
    opens_at: str | None = None  # ISO 8601, under "deadline": when it will be released


@dataclass(frozen=True)
class FeedbackRelease:
    """Which modules' feedback learners may see in full: all but the pending ones."""

    pending: tuple[Pending, ...] = ()

    @cached_property
    def _by_module(self) -> dict[str, Pending]:
        return {p.module: p for p in self.pending}

    def released(self, module: str) -> bool:
        return module not in self._by_module

    def waiting(self, module: str) -> Pending | None:
        """What `module`'s feedback waits for; None once released."""
        return self._by_module.get(module)

    def key(self) -> list[list[str | None]]:
        """What the learners' pages depend on, for the published pages' cache."""
        return [[p.module, p.until, p.opens_at] for p in self.pending]

    def evaluations(
        self, module: str, evaluations: tuple[Evaluation, ...]
    ) -> tuple[Evaluation, ...]:
        """What learners may see of `module`'s evaluations, their own or the class's on a
        leaderboard: the private test set's only once its feedback is released, and then its
        scores to SHOWN_DIGITS decimals."""
        if self.released(module):
            return tuple(e.rounded() if e.visibility == "hidden" else e for e in evaluations)
        return tuple(e for e in evaluations if e.visibility != "hidden")

    def marked(self, learner: LearnerResult) -> LearnerResult:
        """The whole result, each module marked released or not: the instructor's. The
        digests of wrong answers stay in the gradebook (grader similarity reads them there):
        no file, page or export holds them."""
        modules = tuple(
            replace(without_answers(m), feedback_released=self.released(m.module))
            for m in learner.modules
        )
        return replace(learner, modules=modules)

    def shown(self, learner: LearnerResult) -> LearnerResult:
        """What `learner` may see: the pending modules' hidden details and quiz keys left out,
        a private set's scores as `evaluations` allows, the reviews of their work without
        who wrote them."""
        marked = self.marked(learner)
        if not self.pending:
            return replace(marked, modules=tuple(self._module(m) for m in marked.modules))
        return replace(
            marked,
            modules=tuple(self._module(m) for m in marked.modules),
            quizzes=tuple(self._quiz(q) for q in learner.quizzes),
        )

    def _module(self, module: ModuleResult) -> ModuleResult:
        if module.peer is not None:  # the reviews reach the author without their reviewers
            module = replace(module, peer=module.peer.anonymous())
        pending = self.waiting(module.module)
        hidden = [c for c in module.checks if c.visibility == "hidden"]
        if pending is None or not hidden:  # a private set's evaluation, at most, to hold back
            if not module.evaluations:
                return module
            return replace(module, evaluations=self.evaluations(module.module, module.evaluations))
        return replace(
            module,
            checks=tuple(_held_check(c) if c.visibility == "hidden" else c for c in module.checks),
            output="",  # it may hold what the code printed of a hidden check's inputs
            # measured on the private test set: a hidden check's detail
            evaluations=self.evaluations(module.module, module.evaluations),
            notes=(*module.notes, Note(pending_line(pending.until)), *_printed(module)),
        )

    def _quiz(self, quiz: QuizResult) -> QuizResult:
        pending = self.waiting(quiz.quiz)
        if pending is None or not quiz.questions:
            return quiz
        line = pending_line(pending.until, "the quiz's questions")
        return replace(
            quiz,
            questions=tuple(_held_question(q) for q in quiz.questions),
            notes=(*quiz.notes, line),
        )


ALL_RELEASED = FeedbackRelease()


def _printed(module: ModuleResult) -> tuple[Note, ...]:
    if not module.output:
        return ()
    return (Note("What your code printed is shown then too: it may hold their inputs."),)


def without_answers(module: ModuleResult) -> ModuleResult:
    """`module` without the digests of the learner's answers, which are the instructor's."""
    if not any(c.detail.answer for c in module.checks):
        return module
    return replace(module, checks=tuple(map(_without_answer, module.checks)))


def _without_answer(check: CheckResult) -> CheckResult:
    if not check.detail.answer:
        return check
    return replace(check, detail=replace(check.detail, answer=""))


def _held_check(check: CheckResult) -> CheckResult:
    """Title, points and status; the learner's function it exercised, which is theirs."""
    return replace(
        check,
        feedback="",
        detail=Detail(function=check.detail.function),
        internal_error=_BROKE if check.internal_error else "",
    )


def _held_question(question: QuestionResult) -> QuestionResult:
    return replace(
        question,
        feedback="",
        expected="",
        internal_error=_BROKE if question.internal_error else "",
    )
