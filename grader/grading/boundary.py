"""The boundary around each learner in a class run: whatever goes wrong in the grader's own
process while one learner is read, graded, recorded or published (an exception, a parser's
recursion limit, a name the file system refuses, a worker that dies or runs away on their
data) becomes that learner's `error` result, with a message they can act on. The run goes
on with everyone else, and the instructor is told once, at its end, who and why.

    grade_learner -> guarded(...)          per module, in the worker that grades it
    Workers       -> unfinished(...)       a worker that died or ran out of time
    record/publish -> Boundary.attempt(...) in the grader's main process
"""

from __future__ import annotations

import traceback
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from typing import TypeVar

from grader.results import LearnerResult, ModuleResult, ModuleStatus, cap_text

__all__ = ["PROMISE", "Boundary", "Trouble", "guarded", "unfinished"]

T = TypeVar("T")
SHOWN = 20  # troubles listed at the end of a run; the rest are counted

# What the grader's own process guarantees at every isolation level (`grader doctor`).
PROMISE = (
    "Whatever the level, the grader's own process treats what a learner controls as "
    "hostile: every reader of their files, names and answers is bounded in size, depth "
    "and time; whatever goes wrong with one learner becomes that learner's error "
    "result and the run goes on with everyone else; what they control is capped "
    "before it reaches results, reports, exports and the gradebook; and feedback "
    "shows nothing the disclosure rule withholds."
)

AGAIN = (
    "Your instructor has been told. If the file is unusually large, deeply nested or "
    "repetitive, a simpler one is graded as usual when you hand it in again."
)


@dataclass(frozen=True)
class Trouble:
    """One learner the run could not handle as usual, said for the instructor."""

    learner: str
    step: str  # "grading regression.py", "recording", "publishing"
    why: str


def guarded(grade: Callable[[], ModuleResult], *, module: str, max_score: float) -> ModuleResult:
    """The module's result, its learner-controlled texts capped; an exception raised while
    grading it (a bug the file sets off, a parser's RecursionError) becomes its error result."""
    try:
        return grade().capped()
    except Exception as error:  # noqa: BLE001 - the boundary: the learner's result, never the run's
        what = _kind(error)
        message = f"The grader could not grade your {module} file: {what}. {AGAIN}"
        return _error(module, None, max_score, message, _for_instructor(error))


def unfinished(
    learner: str, modules: Iterable[str], max_scores: Mapping[str, float], *, why: str, message: str
) -> LearnerResult:
    """An error result for each of `modules` of a learner whose grading did not finish."""
    return LearnerResult(
        learner, tuple(_error(name, None, max_scores[name], message, why) for name in modules)
    )


def _error(module: str, file: str | None, max_score: float, message: str, why: str) -> ModuleResult:
    return ModuleResult(
        module,
        file,
        ModuleStatus.ERROR,
        max_score=max_score,
        message=message,
        internal_error=cap_text(why, 2_000),
    )


def _kind(error: BaseException) -> str:
    if isinstance(error, RecursionError):
        return "it is nested too deeply for the grader to follow"
    if isinstance(error, MemoryError):
        return "reading it took more memory than the grader has"
    return f"the grader itself failed on it ({type(error).__name__})"


def _for_instructor(error: BaseException) -> str:
    """The error and where it was raised, for the instructor (and a bug report)."""
    frames = traceback.extract_tb(error.__traceback__)
    where = f" at {frames[-1].filename}:{frames[-1].lineno}" if frames else ""
    text = str(error)
    return f"{type(error).__name__}{where}" + (f": {text}" if text else "")


@dataclass
class Boundary:
    """One run's boundary in the grader's main process: what it could not do for whom."""

    troubles: list[Trouble] = field(default_factory=list)

    def attempt(
        self,
        learner: str,
        step: str,
        work: Callable[[], T],
        fallback: Callable[[str], T] | None = None,
    ) -> T | None:
        """`work()`; when it raises, the trouble is kept and `fallback(why)` is tried instead
        (None when there is none, or it fails too)."""
        try:
            return work()
        except Exception as error:  # noqa: BLE001 - the boundary: one learner, never the run
            why = _for_instructor(error)
            self.troubles.append(Trouble(learner, step, why))
        if fallback is None:
            return None
        try:
            return fallback(why)
        except Exception as error:  # noqa: BLE001
            self.troubles.append(Trouble(learner, step, f"then: {_for_instructor(error)}"))
            return None

    def graded(self, result: LearnerResult) -> None:
        """Keep the troubles a worker put into a learner's result."""
        self.troubles += [
            Trouble(result.learner, f"grading {m.file or m.module}", m.internal_error)
            for m in result.modules
            if m.internal_error
        ]

    def describe(self) -> list[str]:
        """What the instructor reads at the end of the run."""
        if not self.troubles:
            return []
        learners = len({t.learner for t in self.troubles})
        lines = [
            f"  could not be handled as usual: {learners} "
            f"learner{'s' if learners != 1 else ''} (each has an error result saying "
            "what to do):"
        ]
        lines += [f"    {t.learner!r}: {t.step}: {t.why}" for t in self.troubles[:SHOWN]]
        if len(self.troubles) > SHOWN:
            lines.append(
                f"    … {len(self.troubles) - SHOWN} more: see results.json "
                "(modules with internal_error)"
            )
        return lines
