"""How much of a hidden check a learner sees: the hidden-input rule, in one place.

A learner sees a hidden check's title, points and hint, never its code. Its inputs are shown
one argument at a time: a number, a text, or an array (or list) of at most SHOWN_WHOLE values
is shown whole; a larger array as its shape and its first FIRST_VALUES values, then "…".
The expected answer is shown only when every input is shown whole. Public checks are shown
in full: learners have their code.

A call with an input not shown whole is *withheld*, and so is every call made after one in
the same file: learner code runs in a process that holds every input it was sent, and can put
them in anything it sends back. Of a withheld call the learner sees the call (by the rule),
its status, and sentences this module chooses from a fixed few; never the expected answer,
nor anything the learner's code sent back (its answer, error message, traceback, exit code),
nor anything worked out from either (a ratio, a difference, a sign, the first wrong
position, a smaller failing input). Of what the file printed, only what came before the first
withheld call was sent is shown (grader.checks.run), since any call may print what its process
was sent.

Every text of a failed call reaches `Detail` and the feedback line through `Told`
(grader.checks.run), so results.json, the reports and every export follow the rule alike.
One thing worked out from withheld answers is shown, and only after the module's feedback
is released: a project's metrics over the whole private test set, to three decimals
(grader.results.release); a hidden check of one of them tells the share of points earned.
"""

from __future__ import annotations

import builtins
from functools import cached_property
from typing import Any

import numpy as np

from grader.checks.api import (
    AnswerUnusable,
    ArgumentChanged,
    Call,
    CheckFailed,
    LearnerError,
    LearnerRaised,
    Measured,
)
from grader.checks.compare import show, table_rows
from grader.sandbox.outcomes import Crashed, Raised, Returned

__all__ = [
    "FIRST_VALUES",
    "OUTPUT_CUT",
    "OUTPUT_WITHHELD",
    "SHOWN_WHOLE",
    "WITHHELD",
    "WITHHELD_AFTER",
    "Told",
    "described",
    "is_whole",
    "shown",
    "withholds",
]

SHOWN_WHOLE = 6
FIRST_VALUES = 3
WITHHELD = (
    "This is a hidden check whose inputs are too large to show whole: you see the "
    "shape and first values of each, and not the expected answer. Nor is your "
    "code's answer, error message or traceback shown: your code could put the inputs "
    "in them."
)
WITHHELD_AFTER = (
    "Your code had been sent inputs of hidden checks that are not shown, which "
    "it could put in its answer, error message or traceback, so none of them "
    "is shown. `grader check` shows them for the public checks."
)
OUTPUT_WITHHELD = (
    "What your code printed is not shown: it ran with the inputs of hidden "
    "checks that are not shown, and could print them. `grader check` shows "
    "what it prints on the public checks."
)
OUTPUT_CUT = (
    "What your code printed once it had been sent inputs of hidden checks that "
    "are not shown is left out: it could print them. `grader check` shows what it "
    "prints on the public checks."
)


def is_whole(value: Any) -> bool:
    """Whether a hidden input is small enough to be shown whole."""
    if isinstance(value, dict):  # a table of columns: whole when each column is short
        return all(
            is_whole(column) and not (isinstance(column, list) and len(column) > SHOWN_WHOLE)
            for column in value.values()
        )
    if _parts(value):
        return all(is_whole(part) for part in value)
    array = _numeric(value)
    return array is None or array.size <= SHOWN_WHOLE


def shown(value: Any) -> str:
    """A hidden input (or an answer to one) as the rule lets a learner see it."""
    if table_rows(value) is not None:  # its size and column names, never a value
        return show(value)
    if _parts(value):  # a tuple of answers, (labels, centroids): each by the rule
        inner = ", ".join(shown(part) for part in value)
        return f"({inner})" if isinstance(value, tuple) else f"[{inner}]"
    array = _numeric(value)
    if array is None or array.size <= SHOWN_WHOLE:
        return show(value, limit=120)
    first = ", ".join(show(v) for v in array.reshape(-1)[:FIRST_VALUES])
    return f"<array of shape {tuple(array.shape)}: {first}, …>"


def described(call: Call, *, hidden: bool, limit: int = 300) -> tuple[str, bool]:
    """The call as the learner sees it, and whether every input in it is shown whole."""
    if not hidden:
        return call.describe(limit=limit), True
    return call.describe(shown=shown), all(is_whole(value) for value in call.inputs())


def withholds(args: tuple[Any, ...], kwargs: dict[str, Any], *, hidden: bool) -> bool:
    """Whether a call with these inputs is withheld: a hidden check's, with an input that is
    not shown whole."""
    return hidden and not all(is_whole(value) for value in [*args, *kwargs.values()])


class Told:
    """What the learner is told of a failed call, each part worked out once, though both the
    feedback line and the detail tell it: the call (cut shorter in the feedback line, unless
    the rule cut it already), what was expected and what came back, why they differ, the
    error and its traceback. A withheld call's parts come from the fixed few sentences below."""

    def __init__(self, failure: CheckFailed | LearnerError, *, hidden: bool) -> None:
        self.failure = failure
        self.hidden = hidden

    @cached_property
    def _described(self) -> tuple[str, bool]:
        return described(self.failure.call, hidden=self.hidden)

    @property
    def call(self) -> str:
        return self._described[0]

    @property
    def whole(self) -> bool:
        return self._described[1]

    @property
    def withheld(self) -> bool:
        """Nothing the learner's code sent back for this call may be shown."""
        return self.failure.call.withheld or not self.whole

    @cached_property
    def call_line(self) -> str:
        if self.hidden:  # described() cuts a hidden check's inputs by the rule, at any limit
            return self.call
        return described(self.failure.call, hidden=False, limit=120)[0]

    @property
    def expected(self) -> str:
        return self.failure.expected if isinstance(self.failure, CheckFailed) and self.whole else ""

    @property
    def got(self) -> str:
        if self.withheld or not self.returned:
            return ""
        return show(self.failure.call.value)

    @property
    def returned(self) -> bool:
        """Whether the call returned: a check may fail one that raised, for what it found
        out about it (a project's probe: which target column the pipeline cannot do without)."""
        return isinstance(self.failure.call.outcome, Returned)

    @cached_property
    def reason(self) -> str:
        """Why a returned answer is wrong."""
        assert isinstance(self.failure, CheckFailed)
        if not self.withheld or isinstance(self.failure, ArgumentChanged):
            return self.failure.reason  # which argument changed: the stub's name, no value
        if not self.returned:
            return self.failure.reason  # the check's finding, in its words: no answer to tell
        if isinstance(self.failure, Measured):  # the scores could carry what the inputs hold
            return (
                f"your answers, measured, fell short of this check's top band: they earned "
                f"{self.failure.earned:.0%} of its points"
            )
        if isinstance(self.failure, AnswerUnusable):
            return "returned an answer this check could not use"
        return _in_words(self.failure.call.value)

    @cached_property
    def error(self) -> str:
        """What went wrong when the function did not answer: the error, or why it stopped."""
        failure = self.failure
        assert isinstance(failure, LearnerError)
        if not self.withheld:
            return failure.message
        if isinstance(failure, LearnerRaised):
            return _exception_name(failure.raised)
        if isinstance(failure.call.outcome, Crashed):  # its reason may quote the child
            return "the process running your code stopped before it answered"
        return failure.message  # a time limit, a missing function: the grader's own words

    @property
    def traceback(self) -> str:
        failure = self.failure
        if self.withheld or not isinstance(failure, LearnerRaised):
            return ""
        return failure.raised.traceback

    @property
    def kept_back(self) -> str:
        """What the rule kept from the learner, in a sentence ("" when nothing)."""
        if not self.whole:
            return WITHHELD
        return WITHHELD_AFTER if self.withheld else ""


def _in_words(value: Any) -> str:
    """A withheld answer, told by a fixed sentence: what kind of answer it is, never a value,
    a shape or a text of it (learner code chooses those)."""
    if value is None:
        return "returned None (did you forget a return statement?)"
    if isinstance(value, dict):
        return "returned a dict that is not the answer expected"
    if isinstance(value, tuple):
        return "returned a wrong answer"
    array = (
        _numeric(value)
        if not isinstance(value, bool | int | float | np.generic)
        else _number(value)
    )
    if array is None or array.dtype.kind not in "biuf":
        return "returned something that is not a number or an array of numbers"
    if array.dtype.kind == "f" and bool(np.isnan(array).any()):
        return "returned an answer containing NaN (not a number): look for 0/0"
    return "returned a wrong answer"


def _number(value: Any) -> np.ndarray | None:
    try:
        return np.asarray(value, dtype=float)
    except (TypeError, ValueError, OverflowError):  # an int beyond every float
        return None


def _exception_name(raised: Raised) -> str:
    """`raised TypeError` for Python's own exceptions; a name learner code made up could say
    anything, so it is not repeated."""
    kind = getattr(builtins, raised.type, None)
    if isinstance(kind, type) and issubclass(kind, BaseException):
        return raised.type
    return "an exception"


def _parts(value: Any) -> bool:
    """A list or tuple that is not one array (its parts differ in shape)."""
    return (
        isinstance(value, list | tuple)
        and bool(value)
        and _numeric(value) is None
        and any(isinstance(part, np.ndarray | list | tuple) for part in value)
    )


def _numeric(value: Any) -> np.ndarray | None:
    """`value` as an array when it is an array or a list of numbers; None for anything else
    (a number, a text, an object), which counts as one value."""
    if not isinstance(value, np.ndarray | list | tuple):
        return None
    try:
        array = np.asarray(value)
    except (TypeError, ValueError):  # ragged lists
        return None
    return array if array.ndim >= 1 and array.dtype.kind in "biufc" else None
