"""The smallest failing input: a smaller input than a failed check's on which the learner's
function still gives a wrong answer, for the learner to reproduce by hand.

It needs the reference solution, which says what the right answer to a smaller input is (it
runs here, in the trusted process; the learner's function runs in the sandbox, as in a check),
and it is used only when the reference agrees with the check on the check's own input. Two
ways to make an input smaller, each tried within MAX_CALLS calls of the learner's function:

1. One row: when the answer has a row per row of one input (`knn_predict` a label per query,
   `assign_clusters` one per point, `euclidean_distances` a row per point of A), the first
   wrong row alone, if the reference gives that row the same answer alone.
2. Prefixes: the arrays that share their first dimension (`y_true`/`y_pred`, `X`/`y`), or else
   the first array, cut to their first 1, 2, 3, 4, 6, 8, ... rows; never fewer rows than an
   integer argument (`k` of k-NN) asks for. The first prefix that fails is the smallest.

An input whose arrays hold at most SMALL values each is small already and is left as it is.
The reference's answers can be remembered across files (`answers`): learners who fail a check
fail it on the same input, and their searches ask the reference the same questions.
"""

from __future__ import annotations

import copy
from collections.abc import Callable
from dataclasses import dataclass
from types import ModuleType
from typing import Any

import numpy as np

from grader.checks._trusted_answers import Answers
from grader.checks.api import Call, CheckFailed
from grader.checks.misconceptions import quietly
from grader.sandbox.outcomes import Returned, TimedOut

__all__ = ["MAX_CALLS", "SMALL", "Smaller", "smallest_failing_input"]

MAX_CALLS = 10
SMALL = 6
_PREFIXES = (1, 2, 3, 4, 6, 8, 12, 16, 24, 32)

Key = int | str  # a positional argument's index, or a keyword argument's name
CallLearner = Callable[[tuple[Any, ...], dict[str, Any]], Call]


@dataclass(frozen=True)
class Smaller:
    """A smaller input on which the learner's function is wrong: the call, and the answer the
    reference gives to it."""

    call: Call
    expected: Any


def smallest_failing_input(
    failed: CheckFailed,
    reference: ModuleType | None,
    call_learner: CallLearner,
    *,
    answers: Answers | None = None,
) -> Smaller | None:
    """The smallest input found on which the learner's answer is wrong; None when none was
    found, the input is small already, or there is no reference to say what is right.
    `answers` remembers this reference's answers from one file to the next."""
    call = failed.call
    function = getattr(reference, call.function, None)
    if not callable(function) or _small(call):
        return None
    right = _Reference(function, answers if answers is not None else Answers())
    if not _agrees(failed, right, call):
        return None
    search = _Search(failed, right, call_learner)
    found = search.one_row(call)
    return search.prefixes(found.call if found else call) or found


class _Search:
    """Smaller inputs tried one after another, within MAX_CALLS calls of the learner's."""

    def __init__(self, failed: CheckFailed, right: _Reference, call_learner: CallLearner) -> None:
        self.failed = failed
        self.right = right
        self.call_learner = call_learner
        self.calls = 0
        self.hung = False

    def one_row(self, call: Call) -> Smaller | None:
        expected = (
            np.asarray(self.failed.expected_value)
            if not isinstance(self.failed.expected_value, tuple)
            else None
        )
        if expected is None or expected.ndim == 0:
            return None
        keys = [k for k, v in _arrays(call).items() if len(v) == len(expected) > 1]
        if len(keys) != 1 or _indexed(call, keys):
            return None
        row = _first_wrong_row(self.failed, call.value, expected)
        if row is None:
            return None
        smaller = _with(call, {keys[0]: _arrays(call)[keys[0]][row : row + 1]})
        answer = self.right.answer(smaller)
        if answer is None or not _same(self.failed, answer[0], expected[row : row + 1]):
            return None  # the rows of the answer are not independent of one another
        return self.attempt(smaller, answer[0])

    def prefixes(self, call: Call) -> Smaller | None:
        group = _samples(call)
        if not group or _indexed(call, group):
            return None
        rows = len(_arrays(call)[group[0]])
        fewest = max([1, *(a for a in call.inputs() if _is_count(a))])
        for size in (s for s in _PREFIXES if fewest <= s < rows):
            if self.calls >= MAX_CALLS or self.hung:
                break
            smaller = _with(call, {key: _arrays(call)[key][:size] for key in group})
            answer = self.right.answer(smaller)
            if answer is not None and (found := self.attempt(smaller, answer[0])):
                return found
        return None

    def attempt(self, smaller: Call, expected: Any) -> Smaller | None:
        """Call the learner's function on the smaller input; a Smaller when it is wrong."""
        self.calls += 1
        answered = self.call_learner(smaller.args, smaller.kwargs)
        self.hung = isinstance(answered.outcome, TimedOut)
        if not isinstance(answered.outcome, Returned):
            return None  # a raise is another failure than the check's
        wrong = not _same(self.failed, answered.value, expected, otherwise=True)
        return Smaller(answered, expected) if wrong else None


def _small(call: Call) -> bool:
    return all(array.size <= SMALL for array in _arrays(call).values())


def _agrees(failed: CheckFailed, right: _Reference, call: Call) -> bool:
    """The reference gives the check's expected answer on the check's input: what it says of
    a smaller input then speaks for the check."""
    answer = right.answer(call)
    return answer is not None and _same(failed, answer[0], failed.expected_value)


def _same(failed: CheckFailed, got: Any, expected: Any, *, otherwise: bool = False) -> bool:
    """`got` passes for `expected` by the check's comparison; `otherwise` when that cannot be
    told (an answer compare() cannot read, or whose mismatch it cannot explain)."""
    try:
        if not otherwise:  # an unexplained mismatch is `otherwise` as well: no need to explain
            return failed.matches(got, expected)
        return failed.mismatch(got, expected) is None
    except Exception:  # noqa: BLE001
        return otherwise


def _indexed(call: Call, keys: list[Key]) -> bool:
    """Another input holds indices into the rows of those to cut (the labels given to
    `update_centroids` number the centroids): cutting would leave them pointing nowhere."""
    arrays = _arrays(call)
    rows = len(arrays[keys[0]])
    return any(
        other.dtype.kind in "iu" and other.size > 0 and other.min() >= 0 and other.max() < rows
        for key, other in arrays.items()
        if key not in keys
    )


@dataclass(frozen=True)
class _Reference:
    """The reference's function that the failed call called, and its remembered answers."""

    function: Callable[..., Any]
    answers: Answers

    def answer(self, call: Call) -> tuple[Any] | None:
        """The reference's answer (in a 1-tuple), None when it raises on this input."""
        return self.answers.get(call, lambda: self._run(call))

    def _run(self, call: Call) -> tuple[Any] | None:
        args, kwargs = copy.deepcopy((call.args, call.kwargs))
        try:
            with quietly():
                return (self.function(*args, **kwargs),)
        except Exception:  # noqa: BLE001 - an input the reference refuses is not tried
            return None


def _arrays(call: Call) -> dict[Key, np.ndarray]:
    """The call's array inputs of at least one dimension, by position or keyword."""
    inputs: dict[Key, Any] = dict(enumerate(call.args))
    inputs.update(call.kwargs)
    return {k: v for k, v in inputs.items() if isinstance(v, np.ndarray) and v.ndim >= 1}


def _samples(call: Call) -> list[Key]:
    """The arrays cut together: the most arrays sharing a first dimension of 2 or more rows
    (the longest on a tie), else the first array alone."""
    arrays = _arrays(call)
    by_rows: dict[int, list[Key]] = {}
    for key, array in arrays.items():
        if len(array) > 1:
            by_rows.setdefault(len(array), []).append(key)
    if not by_rows:
        return []
    shared = max(by_rows.items(), key=lambda item: (len(item[1]), item[0]))
    return shared[1] if len(shared[1]) > 1 else [next(k for k in arrays if len(arrays[k]) > 1)]


def _is_count(value: Any) -> bool:
    return isinstance(value, int | np.integer) and not isinstance(value, bool) and bool(value > 0)


def _first_wrong_row(failed: CheckFailed, got: Any, expected: np.ndarray) -> int | None:
    try:
        answer = np.asarray(got)
    except (TypeError, ValueError):
        return None
    if answer.shape != expected.shape:
        return None
    for row in range(len(expected)):
        if not _same(failed, answer[row], expected[row], otherwise=True):
            return row
    return None


def _with(call: Call, changes: dict[Key, Any]) -> Call:
    """The call with some inputs replaced, not yet made (its outcome is the original's); its
    decimals cut to those the feedback prints, so that the learner can paste it and get
    exactly the answer shown."""
    args = tuple(_printed(changes.get(index, value)) for index, value in enumerate(call.args))
    kwargs = {name: _printed(changes.get(name, value)) for name, value in call.kwargs.items()}
    return Call(call.function, call.signature, args, kwargs, call.outcome)


def _printed(value: Any) -> Any:
    """A float array as `show` prints it: six significant digits."""
    if not isinstance(value, np.ndarray) or value.dtype.kind != "f":
        return value
    return np.array([float(f"{v:.6g}") for v in value.flat], dtype=value.dtype).reshape(value.shape)
