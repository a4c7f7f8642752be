"""How much of a hidden check a learner sees: the hidden-input rule, in one place.

A learner sees a hidden check's title, points and hint, never its code. Its inputs are shown
one argument at a time: a number, a text, or an array (or list) of at most SHOWN_WHOLE values
is shown whole; a larger array as its shape and its first FIRST_VALUES values, then "…".
The expected answer is shown only when every input is shown whole. Otherwise the learner's
own answer is cut the same way (it may repeat an input) and the explanation of the difference
quotes no expected value. Public checks are shown in full: learners have their code.

Every `Detail` is built by this rule (grader.checks.run), so results.json, the reports and
every export follow it alike.
"""

from __future__ import annotations

from typing import Any

import numpy as np

from .api import Call
from .compare import show

__all__ = ["FIRST_VALUES", "SHOWN_WHOLE", "WITHHELD", "described", "is_whole", "shown"]

SHOWN_WHOLE = 6
FIRST_VALUES = 3
WITHHELD = ("This is a hidden check whose inputs are too large to show whole: you see the "
            "shape and first values of each, and not the expected answer.")


def is_whole(value: Any) -> bool:
    """Whether a hidden input is small enough to be shown whole."""
    if _parts(value):
        return all(is_whole(part) for part in value)
    array = _numeric(value)
    return array is None or array.size <= SHOWN_WHOLE


def shown(value: Any) -> str:
    """A hidden input (or an answer to one) as the rule lets a learner see it."""
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


def _parts(value: Any) -> bool:
    """A list or tuple that is not one array (its parts differ in shape)."""
    return isinstance(value, list | tuple) and bool(value) and _numeric(value) is None and any(
        isinstance(part, np.ndarray | list | tuple) for part in value)


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
