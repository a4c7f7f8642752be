"""How instructors write checks: pytest-style test functions that call the learner's code.

A check is a function named `test_...`, decorated with `@check(points=...)`, that takes a
`learner` argument (and, in hidden checks, `reference`: the course's reference solution).
`learner.some_function(...)` runs that function in the sandbox and gives back a `Call`;
the check then states what it expects of it:

    @check(points=2, hint="The MSE is the mean, not the sum, of the squared errors.")
    def test_mse_of_four_predictions(learner):
        '''MSE of four predictions'''
        learner.mean_squared_error(Y_TRUE, Y_PRED).should_be_close(0.375)

The expected values stay here, in the trusted process: only the inputs reach the child.
"""

from __future__ import annotations

import inspect
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any, TypeVar

from grader.checks.compare import ATOL, RTOL, Mismatch, compare, described_answer, matches, show
from grader.results import Misconception
from grader.sandbox.outcomes import Crashed, Missing, Outcome, Raised, Returned, TimedOut

__all__ = [
    "AnswerUnusable",
    "ArgumentChanged",
    "Call",
    "CheckFailed",
    "CheckMeta",
    "LearnerCrashed",
    "LearnerError",
    "LearnerRaised",
    "LearnerTimedOut",
    "Measured",
    "check",
]

F = TypeVar("F", bound=Callable[..., Any])


@dataclass(frozen=True)
class CheckMeta:
    """What `@check` attaches to a test function."""

    points: float
    title: str
    hint: str
    ties: bool = False


def check(
    points: float = 1.0, *, title: str | None = None, hint: str = "", ties: bool = False
) -> Callable[[F], F]:
    """Mark a test function as a check worth `points`; its docstring's first line is its title.
    `ties`: its inputs hold a tie (equal distances, equal votes), which lets a learner whose
    function fails only such checks be told "wrong only on ties"."""
    if points <= 0:
        raise ValueError("a check must be worth a positive number of points")

    def mark(function: F) -> F:
        doc = inspect.getdoc(function) or ""
        name = title or (doc.splitlines()[0] if doc else _humane(function.__name__))
        function.__grader_check__ = CheckMeta(float(points), name, hint, ties)  # type: ignore[attr-defined]
        return function

    return mark


def _humane(name: str) -> str:
    return name.removeprefix("test_").replace("_", " ").capitalize()


class CheckFailed(AssertionError):
    """The learner's function answered, and the answer was wrong."""

    def __init__(
        self,
        call: Call,
        reason: str,
        expected: Any,
        hint: str = "",
        *,
        exact: bool = False,
        rtol: float = RTOL,
        atol: float = ATOL,
        mistake: Misconception | None = None,
    ) -> None:
        super().__init__(reason)
        self.call = call
        self.reason = reason
        self.expected = show(expected)
        self.expected_value = expected
        self.hint = hint
        self.exact, self.rtol, self.atol = exact, rtol, atol
        # A classic mistake the check itself recognised from the learner's answers (a
        # pipeline's predictions that change with rows it should not see), named first.
        self.mistake = mistake

    def mismatch(self, got: Any, expected: Any, *, quote: bool = True) -> Mismatch | None:
        """How `got` differs from `expected` by this check's comparison; None when it does not."""
        return compare(got, expected, exact=self.exact, rtol=self.rtol, atol=self.atol, quote=quote)

    def matches(self, got: Any, expected: Any) -> bool:
        """Whether `got` passes for `expected` by this check's comparison (see compare.matches:
        no explanation is written, and one that could not be written counts as a mismatch)."""
        return matches(got, expected, exact=self.exact, rtol=self.rtol, atol=self.atol)


class Measured(CheckFailed):
    """The learner's answers, measured over many rows (a project's predictions, by a metric),
    fell short of the check's top band: `earned` is the share of the check's points the bands
    reached give all the same. No smaller input is looked for: the measure is of the whole."""

    def __init__(
        self,
        call: Call,
        reason: str,
        expected: Any,
        *,
        earned: float,
        hint: str = "",
        mistake: Misconception | None = None,
    ) -> None:
        super().__init__(call, reason, expected, hint, mistake=mistake)
        self.earned = min(max(float(earned), 0.0), 1.0)


class AnswerUnusable(CheckFailed):
    """The learner's function answered, and the check's own code could not use the answer (it
    raised reading it, where it reads the reference's answers without trouble): a wrong answer
    too, and the learner's. Only the exception's name is told, never its message, which may
    quote what the check expected."""

    def __init__(self, call: Call, error: Exception) -> None:
        super().__init__(
            call,
            f"returned {described_answer(call.value)}, which this check "
            f"could not use ({type(error).__name__} while reading it)",
            None,
        )
        self.expected = ""


class ArgumentChanged(CheckFailed):
    """The learner's function changed, in place, an argument its contract says is left
    unchanged (grader.course.contract): wrong whatever it returned, since the caller's own
    array is no longer what it was. Only the argument's name is told, which is the stub's and
    no input's, so the sentence is the same for a hidden check's withheld call."""

    def __init__(self, call: Call) -> None:
        changed = call.outcome.changed if isinstance(call.outcome, Returned) else ()
        names = " and ".join(f"`{name}`" for name in changed) or "an argument"
        its = "its arguments" if len(changed) > 1 else "its argument"
        super().__init__(
            call,
            f"changed {its} {names} in place; the contract says "
            f"{'they are' if len(changed) > 1 else 'it is'} left unchanged",
            None,
            hint=f"Work on a copy ({_copy_hint(changed)}) and leave the caller's data as it was.",
        )
        self.expected = ""


def _copy_hint(changed: Sequence[str]) -> str:
    name = changed[0] if changed else "x"
    return f"`{name}.copy()`"


class LearnerError(Exception):
    """The learner's function did not answer: it raised, hung, crashed, or does not exist."""

    def __init__(self, call: Call, message: str) -> None:
        super().__init__(message)
        self.call = call
        self.message = message


class LearnerRaised(LearnerError):
    def __init__(self, call: Call, raised: Raised) -> None:
        message = f"{raised.type}: {raised.message}" if raised.message else raised.type
        super().__init__(call, message)
        self.raised = raised


class LearnerTimedOut(LearnerError):
    pass


class LearnerCrashed(LearnerError):
    pass


class Call:
    """One call of a learner's function: its inputs, and what came of it."""

    def __init__(
        self,
        function: str,
        signature: Sequence[str],
        args: tuple[Any, ...],
        kwargs: dict[str, Any],
        outcome: Outcome,
        *,
        withheld: bool = False,
    ) -> None:
        self.function = function
        self.signature = tuple(signature)
        self.args = args
        self.kwargs = kwargs
        self.outcome = outcome
        # Whether what came back may hold inputs the learner must not see (grader.checks.
        # disclosure): then nothing the learner's code sent back for it is shown.
        self.withheld = withheld

    @property
    def value(self) -> Any:
        """What the function returned; raises a LearnerError when it did not return."""
        outcome = self.outcome
        if isinstance(outcome, Returned):
            return outcome.value
        if isinstance(outcome, Raised):
            raise LearnerRaised(self, outcome)
        if isinstance(outcome, TimedOut):
            raise LearnerTimedOut(self, outcome.reason or _timed_out(self.function, outcome))
        if isinstance(outcome, Missing):
            raise LearnerCrashed(self, f"your file has no function named {outcome.name}")
        assert isinstance(outcome, Crashed)
        raise LearnerCrashed(self, outcome.reason)

    def should_be_close(
        self, expected: Any, *, rtol: float = RTOL, atol: float = ATOL, hint: str = ""
    ) -> None:
        """The answer equals `expected` within tolerance, with the same shape."""
        self._expect(expected, exact=False, rtol=rtol, atol=atol, hint=hint)

    def should_equal(self, expected: Any, *, hint: str = "") -> None:
        """The answer equals `expected` exactly (labels, counts), with the same shape."""
        self._expect(expected, exact=True, rtol=0.0, atol=0.0, hint=hint)

    def _expect(self, expected: Any, *, exact: bool, rtol: float, atol: float, hint: str) -> None:
        mismatch = compare(self.value, expected, exact=exact, rtol=rtol, atol=atol)
        if mismatch is not None:
            raise CheckFailed(
                self, mismatch.reason, expected, hint, exact=exact, rtol=rtol, atol=atol
            )

    def describe(self, *, limit: int = 300, shown: Callable[[Any], str] | None = None) -> str:
        """The call as Python source a learner could paste: `r2_score(y_true=[...], ...)`;
        `shown` renders each input instead (a hidden check's, by the hidden-input rule)."""

        def text(value: Any) -> str:
            return shown(value) if shown else show(value, limit=limit)

        names = list(self.signature) + [""] * max(0, len(self.args) - len(self.signature))
        parts = [f"{n}={text(a)}" if n else text(a) for n, a in zip(names, self.args, strict=False)]
        parts += [f"{k}={text(v)}" for k, v in self.kwargs.items()]
        return f"{self.function}({', '.join(parts)})"

    def inputs(self) -> list[Any]:
        """Every input of the call, positional then keyword."""
        return [*self.args, *self.kwargs.values()]


def _timed_out(function: str, outcome: TimedOut) -> str:
    return (
        f"{function} did not return within {outcome.seconds:g} s: look for a loop "
        "that never ends (a while loop whose condition never changes?)"
    )
