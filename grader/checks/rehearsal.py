"""The calls a module's checks make, learnt by running the checks once against the reference
solution, here in the trusted process.

Most learners' files get the same calls, in the same order, as the reference does: the
sandbox sends them with the file (`Sandbox.load(..., then=...)`), and the child answers them
one after another instead of one round trip each. A learner whose checks go another way
(a check that stops at its first wrong answer, inputs drawn at random) is graded exactly the
same: the sandbox notices and makes the calls one at a time again.

Calls whose inputs a learner may not see (a hidden check's inputs too large to show whole,
grader.checks.disclosure) are never sent ahead: learner code can read whatever its process
was sent, and put it in what it prints, raises or returns. The checks that make them run
last, one call at a time, after everything else the learner is shown has come back.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from types import ModuleType
from typing import Any

from grader.checks.api import Call
from grader.checks.collect import CheckSpec
from grader.checks.disclosure import is_whole
from grader.course import Module
from grader.inside import wire
from grader.predictions.project import Project
from grader.sandbox.messages import Request, call_request
from grader.sandbox.outcomes import Missing, Outcome, Raised, Returned

__all__ = ["Rehearsal", "rehearse"]


@dataclass(frozen=True)
class Rehearsal:
    """What running the checks against the reference solution taught."""

    calls: tuple[Request, ...]  # to send ahead with the file, in the order the checks run
    withholding: frozenset[str]  # checks that send inputs the learner may not see, or may
    ran_through: frozenset[str]  # checks that ran to their end on the reference's answers
    rehearsed: bool = True  # False without a reference: nothing is known of the checks
    # The calls of the `withholding` checks, in order: sent ahead only once every other
    # check's answer is back, when they are about to run.
    later: tuple[Request, ...] = ()


def rehearse(
    checks: Sequence[CheckSpec], module: Module, reference: ModuleType | None
) -> Rehearsal:
    """The calls the checks make of a learner whose functions answer as `reference`'s do, in
    order, but for those of checks that send withheld inputs; without a reference, no calls,
    and every hidden check may send withheld inputs."""
    if reference is None:
        return Rehearsal(
            (),
            frozenset(s.id for s in checks if s.visibility == "hidden"),
            frozenset(),
            rehearsed=False,
        )
    stand_in = _StandIn(module, reference)
    fixtures = {"learner": stand_in, "reference": reference, "project": Project(stand_in)}
    calls: list[Request] = []
    later: list[Request] = []
    withholding: set[str] = set()
    ran_through: set[str] = set()
    for spec in checks:
        stand_in.requests, stand_in.withheld = [], False
        try:
            spec.function(**{name: fixtures[name] for name in spec.fixtures})
            ran_through.add(spec.id)
        except Exception:  # noqa: BLE001, S110 - what it called before it stopped still counts
            pass
        if spec.visibility == "hidden" and stand_in.withheld:
            withholding.add(spec.id)
            later += stand_in.requests
        else:
            calls += stand_in.requests
    return Rehearsal(
        tuple(calls), frozenset(withholding), frozenset(ran_through), later=tuple(later)
    )


class _StandIn:
    """Plays the learner's module with the reference's functions, noting every call."""

    def __init__(self, module: Module, reference: ModuleType) -> None:
        self._module = module
        self._reference = reference
        self.requests: list[Request] = []
        self.withheld = False  # a call had an input too large to show whole

    def _reused(self, call: Call) -> None:
        """A call an earlier check made (grader.predictions.Project): nothing more to note."""

    def __getattr__(self, name: str) -> Callable[..., Call]:
        if name.startswith("_"):
            raise AttributeError(name)
        signature = self._module.functions.get(name, ())

        def call(*args: Any, **kwargs: Any) -> Call:
            protected = self._module.protected.get(name, ())
            request = call_request(name, args, kwargs, protected, signature)
            self.requests.append(request)
            self.withheld |= not all(map(is_whole, [*args, *kwargs.values()]))
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
