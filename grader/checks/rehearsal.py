"""The calls a module's checks make, learnt by running the checks once against the reference
solution, here in the trusted process.

Most learners' files get the same calls, in the same order, as the reference does: the
sandbox sends them with the file (`Sandbox.load(..., then=...)`), and the child answers them
one after another instead of one round trip each. A learner whose checks go another way
(a check that stops at its first wrong answer, inputs drawn at random) is graded exactly the
same: the sandbox notices and makes the calls one at a time again.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from types import ModuleType
from typing import Any

from ..course import Module
from ..sandbox import wire
from ..sandbox.outcomes import Missing, Outcome, Raised, Returned
from ..sandbox.process import Request, call_request
from .api import Call
from .collect import CheckSpec

__all__ = ["rehearse"]


def rehearse(checks: Sequence[CheckSpec], module: Module,
             reference: ModuleType | None) -> tuple[Request, ...]:
    """The calls the checks make of a learner whose functions answer as `reference`'s do, in
    order; none without a reference."""
    if reference is None:
        return ()
    stand_in = _StandIn(module, reference)
    fixtures = {"learner": stand_in, "reference": reference}
    for spec in checks:
        try:
            spec.function(**{name: fixtures[name] for name in spec.fixtures})
        except Exception:  # noqa: BLE001, S112 - what it called before it stopped still counts
            continue
    return tuple(stand_in.requests)


class _StandIn:
    """Plays the learner's module with the reference's functions, noting every call."""

    def __init__(self, module: Module, reference: ModuleType) -> None:
        self._module = module
        self._reference = reference
        self.requests: list[Request] = []

    def __getattr__(self, name: str) -> Callable[..., Call]:
        if name.startswith("_"):
            raise AttributeError(name)
        signature = self._module.functions.get(name, ())

        def call(*args: Any, **kwargs: Any) -> Call:
            request = call_request(name, args, kwargs)
            self.requests.append(request)
            return Call(name, signature, args, kwargs, self._answer(name, args, kwargs))

        return call

    def _answer(self, name: str, args: tuple[Any, ...], kwargs: dict[str, Any]) -> Outcome:
        function = getattr(self._reference, name, None)
        if not callable(function):
            return Missing(name)
        # Through the wire and back, as a learner's answer would come: copies, so that the
        # reference cannot change the check's own inputs.
        args_copy = wire.decode(wire.encode(list(args)))
        kwargs_copy = wire.decode(wire.encode(dict(kwargs)))
        try:
            return Returned(wire.decode(wire.encode(function(*args_copy, **kwargs_copy))))
        except Exception as error:  # noqa: BLE001 - the check decides what that means
            return Raised(type(error).__name__, str(error), "", None)
