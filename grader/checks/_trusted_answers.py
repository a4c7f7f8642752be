"""What trusted instructor code (the reference solution, a classic mistake) answered, kept by
the content of its inputs, so that one answer is computed once per worker, not once per file.

Every learner who fails a check fails it on the check's own inputs, so the reference and the
course's classic mistakes are asked the same questions file after file. They are plain
functions of their inputs (the course's reference and mistakes keep no state and draw no
random numbers), and are always given deep copies of them, so an answer computed once stands
for every later call on inputs of the same content. A course whose reference or mistakes drew
random numbers would need them asked every time. Inputs that cannot be told apart by their
content (objects, arrays of objects) are not remembered: they are computed every time.
"""

from __future__ import annotations

import copy
import functools
import inspect
import struct
from collections.abc import Callable, Hashable, Mapping
from types import ModuleType
from typing import Any, TypeVar

import numpy as np

from grader.checks.api import Call

__all__ = ["Answers", "RememberedReference"]

T = TypeVar("T")

MAX_ANSWERS = 1024  # per reference or mistake: many times the course's distinct failed calls
MAX_BYTES = 1 << 20  # of array inputs kept as keys, per reference or mistake
_NUMBERS = "biufc"
_DOUBLE = struct.Struct("<d")
_UNSET = object()


class Answers:
    """The answers one piece of instructor code gave, by the content of the call's inputs."""

    def __init__(self) -> None:
        self._known: dict[Hashable, Any] = {}
        self._bytes = 0

    def get(self, call: Call, compute: Callable[[], T]) -> T:
        """The answer to `call`'s inputs: remembered, else `compute()` (and remembered while
        there is room)."""
        return self.answer(call.function, call.args, call.kwargs, compute)

    def answer(
        self,
        function: str,
        args: tuple[Any, ...],
        kwargs: Mapping[str, Any],
        compute: Callable[[], T],
    ) -> T:
        """The answer of `function` to these inputs: remembered, else `compute()`."""
        sizes = [0]
        key = _call_key(function, args, kwargs, sizes)
        if key is None:
            return compute()
        answer = self._known.get(key, _UNSET)
        if answer is _UNSET:
            answer = compute()
            if len(self._known) < MAX_ANSWERS and self._bytes + sizes[0] <= MAX_BYTES:
                self._known[key] = answer
                self._bytes += sizes[0]
        return answer  # type: ignore[return-value]


def _call_key(
    function: str, args: tuple[Any, ...], kwargs: Mapping[str, Any], sizes: list[int]
) -> Hashable | None:
    """The function and its inputs, by content; None when an input cannot be keyed."""
    keys = tuple(_key(value, sizes) for value in args)
    named = tuple((name, _key(value, sizes)) for name, value in kwargs.items())
    if None in keys or any(key is None for _, key in named):
        return None
    return function, keys, named


class RememberedReference:
    """The reference solution as the checks' `reference` fixture: each answer computed once
    per worker for inputs of the same content (the checks ask it the same questions for every
    file), on deep copies of the inputs, and given to the check as a deep copy, which it may
    change as it likes. Anything but a public function is the module's own attribute."""

    def __init__(self, module: ModuleType, answers: Answers) -> None:
        self._module = module
        self._answers = answers

    def __getattr__(self, name: str) -> Any:
        value = getattr(self._module, name)
        if name.startswith("_") or not inspect.isfunction(value):
            return value
        return functools.partial(self._call, name, value)

    def _call(self, name: str, function: Callable[..., Any], *args: Any, **kwargs: Any) -> Any:
        def compute() -> Any:
            return function(*copy.deepcopy(args), **copy.deepcopy(kwargs))

        return copy.deepcopy(self._answers.answer(name, args, kwargs, compute))


def _key(value: Any, sizes: list[int]) -> Hashable | None:
    """Equal keys for inputs no function can tell apart: same types, same bits (0.0 is not
    -0.0, 1 is not 1.0 nor True), arrays of the same dtype, shape, strides and bytes; about
    the bytes each input takes in the key are added to `sizes[0]`."""
    kind = type(value)
    if kind is float:
        sizes[0] += 8
        return float, _DOUBLE.pack(value)
    if kind is int or kind is bool or kind is str or value is None:
        sizes[0] += len(value) if kind is str else 8
        return kind, value
    if kind is np.ndarray:
        if value.dtype.kind not in _NUMBERS:
            return None
        sizes[0] += value.nbytes
        return kind, value.dtype.str, value.shape, value.strides, value.tobytes()
    if isinstance(value, np.generic) and value.dtype.kind in _NUMBERS:
        return kind, value.tobytes()
    if kind is tuple or kind is list:
        parts = tuple(_key(part, sizes) for part in value)
        return None if None in parts else (kind, parts)
    return None
