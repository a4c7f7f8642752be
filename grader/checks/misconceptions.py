"""Classic mistakes as diagnostics: which known wrong implementation gives the learner's answer.

The course keeps its classic mistakes in `solutions/mistakes/<module>/*.py`, each a whole
learner file with three constants: MISTAKE (what is wrong), HINT (what to do, said to the
learner) and FUNCTION (the function it is in). They are instructor code: they run here, in the
trusted process like the reference solution, never in the learner's sandbox, on the very
inputs of the learner's failed call. A mistake names a wrong answer when it gives exactly that
answer (within the check's tolerance) and the check would have failed it too; a function that
raised is matched by a mistake raising the same error. And only when it is true of the whole
file: the mistake answers as the learner did on every other call of that function the checks
made, those that passed included (an error by its type). Every mistake of the module is tried,
not only those in the function called: `kmeans_step` goes wrong when `update_centroids` does.
Learners fail the same checks on the same inputs, so each mistake's answer to an input is
computed once per worker (grader.checks._trusted_answers). A learner's copy of the course has
no mistakes' code: it diagnoses with their answers recorded at release
(grader.checks.precomputed), which `diagnose()` takes alike (`KnownMistake`).
"""

from __future__ import annotations

import copy
import signal
import threading
import time
import warnings
from collections import Counter
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from types import ModuleType
from typing import Any, Protocol

import numpy as np

from grader.checks._trusted_answers import Answers
from grader.checks.api import (
    AnswerUnusable,
    ArgumentChanged,
    Call,
    CheckFailed,
    LearnerError,
    LearnerRaised,
)
from grader.checks.collect import CollectError, load_trusted_module
from grader.checks.compare import matches
from grader.results import Misconception
from grader.sandbox.outcomes import Raised, Returned

__all__ = ["MISTAKE_SECONDS", "KnownMistake", "Mistake", "diagnose", "load_mistakes", "quietly"]

MISTAKE_SECONDS = 1.0  # a mistake slower than this on one input is dropped for the run


class KnownMistake(Protocol):
    """What diagnosing needs of a classic mistake: who it is, and its answer to a call."""

    @property
    def function(self) -> str: ...

    @property
    def misconception(self) -> Misconception: ...

    def answer(self, call: Call) -> tuple[Any, BaseException | None] | None: ...


@dataclass(eq=False)
class Mistake:
    """One classic mistake, loaded in the trusted process."""

    id: str  # its file name without `.py`
    name: str
    hint: str
    function: str
    code: ModuleType
    usable: bool = field(default=True)  # False once it was too slow: never tried again
    answers: Answers = field(default_factory=Answers, repr=False)  # by the inputs' content

    @property
    def misconception(self) -> Misconception:
        return Misconception(self.id, self.name, self.hint, self.function)

    def answer(self, call: Call) -> tuple[Any, BaseException | None] | None:
        """What this mistake returns (or raises) on the call's inputs; None when it has no such
        function or is too slow. The inputs are copied: a mistake may change its arguments."""
        function = getattr(self.code, call.function, None)
        if not self.usable or not callable(function):
            return None
        return self.answers.get(call, lambda: self._run(function, call))

    def _run(
        self, function: Callable[..., Any], call: Call
    ) -> tuple[Any, BaseException | None] | None:
        args, kwargs = copy.deepcopy((call.args, call.kwargs))
        started = time.monotonic()
        try:
            with _time_limit(MISTAKE_SECONDS), quietly():
                return function(*args, **kwargs), None
        except _TooSlow:
            self.usable = False
            return None
        except Exception as error:  # noqa: BLE001 - a mistake may well raise: that is its answer
            return None, error.with_traceback(None)  # remembered, without the frames of its inputs
        finally:
            if time.monotonic() - started > MISTAKE_SECONDS:
                self.usable = False


def load_mistakes(paths: Sequence[Path], module: str) -> tuple[Mistake, ...]:
    """Import a module's classic mistakes, once, in the order of their file names."""
    return tuple(_load(path, module) for path in sorted(paths))


def _load(path: Path, module: str) -> Mistake:
    code = load_trusted_module(path, f"grader_mistake_{module}_{path.stem}")
    constants = [getattr(code, name, None) for name in ("MISTAKE", "HINT", "FUNCTION")]
    texts = [value for value in constants if isinstance(value, str) and value]
    if len(texts) != len(constants):
        raise CollectError(f"{path}: a classic mistake needs MISTAKE, HINT and FUNCTION texts")
    name, hint, function = texts
    return Mistake(path.stem, name, hint, function, code)


Failure = CheckFailed | LearnerError


def diagnose(
    mistakes: Sequence[KnownMistake],
    failures: Sequence[Failure | None],
    calls: Sequence[Call] = (),
) -> list[tuple[Misconception, ...]]:
    """The misconceptions each failure shows, in the order given (none for a None).

    A mistake is named only when it also answers as the learner did on every other call of
    the failed function in `calls` (the file's calls, passed ones included): one that gives
    the wrong answer of one check and not the right answer of another is not what the learner
    wrote, and naming it would send them after the wrong bug.
    When several mistakes give a failure's answer, those that also give the answers of more
    of the module's other failures win: a gradient half the expected one on two samples is
    both "no factor 2" and "divided by n twice", and the other checks tell which."""
    agrees = _Agreement(calls)
    found = [
        [m for m in _matching(mistakes, failure) if agrees(m, failure.call.function)]
        if failure is not None
        else []
        for failure in failures
    ]
    counts = Counter(mistake for matches in found for mistake in matches)
    return [
        _best(matches, counts, failure) for matches, failure in zip(found, failures, strict=True)
    ]


def _best(
    matches: list[KnownMistake], counts: Counter[KnownMistake], failure: Failure | None
) -> tuple[Misconception, ...]:
    if not matches or failure is None:
        return ()
    most = max(counts[m] for m in matches)
    kept = [m for m in matches if counts[m] == most]
    kept.sort(key=lambda m: m.function != failure.call.function)  # the function called first
    return tuple(m.misconception for m in kept)


class _Agreement:
    """Whether a mistake answers as the learner did on every call of a function, asked once
    per mistake and function. A call the learner's code did not answer (a time limit, a
    crash) or the mistake has no answer to (too slow; not recorded at release) tells
    nothing either way and is passed over."""

    def __init__(self, calls: Sequence[Call]) -> None:
        self._calls = calls
        self._known: dict[tuple[int, str], bool] = {}

    def __call__(self, mistake: KnownMistake, function: str) -> bool:
        key = (id(mistake), function)
        if key not in self._known:
            calls = [c for c in self._calls if c.function == function]
            self._known[key] = all(_same_answer(mistake, call) for call in calls)
        return self._known[key]


def _same_answer(mistake: KnownMistake, call: Call) -> bool:
    outcome = call.outcome
    if not isinstance(outcome, Returned | Raised):
        return True
    answer = mistake.answer(call)
    if answer is None:
        return True
    value, error = answer
    if isinstance(outcome, Raised):
        # By type only: a message may hold the inputs, which differ from call to call.
        return error is not None and getattr(error, "type_name", type(error).__name__) == (
            outcome.type
        )
    return error is None and _safely(lambda: matches(outcome.value, value))


def _matching(mistakes: Sequence[KnownMistake], failure: Failure) -> list[KnownMistake]:
    if isinstance(failure, AnswerUnusable | ArgumentChanged):
        return []  # no expected answer to tell a mistake's from
    if isinstance(failure, CheckFailed):
        return [m for m in mistakes if _gives_the_wrong_answer(m, failure)]
    if isinstance(failure, LearnerRaised):
        return [m for m in mistakes if _raises_the_same(m, failure)]
    return []  # a timeout or a crash: no answer to compare


def _gives_the_wrong_answer(mistake: KnownMistake, failure: CheckFailed) -> bool:
    answer = mistake.answer(failure.call)
    if answer is None or answer[1] is not None:
        return False
    value = answer[0]
    # Both must hold, and neither has side effects, so the one most mistakes fail is asked
    # first, without writing the explanation of a mismatch that nobody reads. The other is
    # asked as before: an answer whose difference cannot be explained names no mistake.
    return _safely(
        lambda: (
            failure.matches(failure.call.value, value)
            and failure.mismatch(value, failure.expected_value) is not None
        )
    )


def _raises_the_same(mistake: KnownMistake, failure: LearnerRaised) -> bool:
    answer = mistake.answer(failure.call)
    if answer is None or answer[1] is None:
        return False
    error = answer[1]
    # A recorded error (grader.checks.precomputed) keeps the name of the type that was raised.
    raised = getattr(error, "type_name", type(error).__name__)
    return (raised, str(error)) == (failure.raised.type, failure.raised.message)


def _safely(test: Callable[[], bool]) -> bool:
    try:
        return test()
    except Exception:  # noqa: BLE001 - an answer compare() cannot read matches nothing
        return False


@contextmanager
def quietly() -> Iterator[None]:
    """Run instructor code on a learner's inputs without its warnings (a mean of nothing, a
    division by zero are what a mistake is about), which a test run may turn into errors."""
    with warnings.catch_warnings(), np.errstate(all="ignore"):
        warnings.simplefilter("ignore")
        yield


class _TooSlow(Exception):
    pass


@contextmanager
def _time_limit(seconds: float) -> Iterator[None]:
    """Interrupt the block after `seconds` (on the main thread, where signals arrive), and
    give back any timer that was running (pytest-timeout's, say) what is left of its time."""
    if threading.current_thread() is not threading.main_thread():
        yield  # no interruption here; a slow mistake is still dropped afterwards
        return
    started = time.monotonic()
    previous, _ = signal.getitimer(signal.ITIMER_REAL)
    if 0 < previous <= seconds:  # an outer timer fires first anyway: leave it alone
        yield
        return

    def interrupt(signum: int, frame: Any) -> None:
        raise _TooSlow

    handler = signal.signal(signal.SIGALRM, interrupt)
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, handler)
        if previous > 0:
            left = previous - (time.monotonic() - started)
            signal.setitimer(signal.ITIMER_REAL, max(left, 0.001))
