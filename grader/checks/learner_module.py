"""The learner's module as a check sees it: each function call runs in the sandbox, within the
file's time budget, and a call past a hidden check's withheld inputs is marked so that what
the process printed from then on is kept back.

Its own attributes start with an underscore: any other name is one of the learner's
functions, which a check calls as `learner.mean_squared_error(...)`.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from typing import Any

from grader.checks.api import Call
from grader.checks.disclosure import withholds
from grader.course import Module
from grader.sandbox.limits import Limits
from grader.sandbox.outcomes import Outcome, TimedOut
from grader.sandbox.process import Sandbox

__all__ = ["LearnerModule", "Sent", "TimeBudget"]


class TimeBudget:
    """The file's time budget, and the functions that already ran out of time."""

    def __init__(self, limits: Limits) -> None:
        self.limits = limits
        self.deadline = time.monotonic() + limits.file_timeout
        self.hung: set[str] = set()

    def timeout(self) -> float:
        return max(0.0, min(self.limits.call_timeout, self.deadline - time.monotonic()))

    def apart(self, seconds: float) -> TimeBudget:
        """What is left of this budget, but no more than `seconds`, for work that must change
        no score: the functions that run out of time in it are not hung for the checks."""
        budget = TimeBudget(self.limits)
        budget.deadline = min(self.deadline, time.monotonic() + seconds)
        budget.hung = set(self.hung)
        return budget


class LearnerModule:
    """The learner's module as a check sees it: each function call runs in the sandbox."""

    def __init__(self, sandbox: Sandbox, module: Module, clock: TimeBudget) -> None:
        self._sandbox = sandbox
        self._module = module
        self._clock = clock
        self._called: dict[str, None] = {}  # the functions called since the last take_called
        self._calls: list[Call] = []  # ... and the calls themselves
        self._hidden = False  # the calls are a hidden check's
        self._sent = Sent()  # shared by the views of this file with another clock

    def __getattr__(self, name: str) -> Callable[..., Call]:
        if name.startswith("_"):
            raise AttributeError(name)
        signature = self._module.functions.get(name, ())

        def call(*args: Any, **kwargs: Any) -> Call:
            self._called[name] = None
            sent = self._sent
            # Before the call: from its inputs on, the process may hold withheld inputs.
            if not sent.withheld and withholds(args, kwargs, hidden=self._hidden):
                sent.withhold(self._sandbox)
            made = Call(
                name, signature, args, kwargs, self._run(name, args, kwargs), withheld=sent.withheld
            )
            self._calls.append(made)
            return made

        return call

    def _reused(self, call: Call) -> None:
        """A call an earlier check made, read again by this one (grader.predictions: one
        pipeline's predictions serve many checks): it counts among this check's calls."""
        self._called[call.function] = None
        self._calls.append(call)

    def _checking(self, *, hidden: bool) -> LearnerModule:
        """This module, for the calls of a check (a hidden one, or not) about to run."""
        self._hidden = hidden
        self._called, self._calls = {}, []
        return self

    def _take_called(self) -> tuple[str, ...]:
        """The functions called since the last time this was asked, in the order first called."""
        called, self._called = tuple(self._called), {}
        return called

    def _with_clock(self, clock: TimeBudget) -> LearnerModule:
        view = LearnerModule(self._sandbox, self._module, clock)
        view._sent = self._sent
        return view

    def _run(self, name: str, args: tuple[Any, ...], kwargs: dict[str, Any]) -> Outcome:
        if name in self._clock.hung:
            return TimedOut(
                self._clock.limits.call_timeout,
                f"{name} was not called again: it already ran out of time in an earlier check",
            )
        timeout = self._clock.timeout()
        if timeout <= 0:
            return TimedOut(
                self._clock.limits.file_timeout,
                f"the time limit for the whole file "
                f"({self._clock.limits.file_timeout:g} s) was used up",
            )
        replayed = self._sandbox.replayed
        outcome = self._sandbox.call(
            name,
            args,
            kwargs,
            timeout,
            protected=self._module.protected.get(name, ()),
            signature=self._module.functions.get(name, ()),
        )
        self._clock.deadline += self._sandbox.replayed - replayed  # no one's time
        if isinstance(outcome, TimedOut):
            self._clock.hung.add(name)
        return outcome


class Sent:
    """Whether a file's process has been sent a withheld input (and so every process of the
    file since: it may have left them in its scratch folder), and what it had printed before
    the first: all of the output that may be shown, read then, so that nothing printed
    later (a process started again rewrites its output) can take its place."""

    withheld = False
    printed = 0  # bytes printed when the first withheld input was sent
    output = ""  # ... and the text they make, as a report shows it

    def withhold(self, sandbox: Sandbox) -> None:
        self.withheld = True
        self.printed = sandbox.printed()
        self.output = sandbox.output(self.printed) if self.printed else ""
