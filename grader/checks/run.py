"""Run a module's checks against one learner's source, in a sandbox, and score each of them."""

from __future__ import annotations

import time
import traceback
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from functools import cached_property
from types import ModuleType
from typing import Any

from ..course import Module
from ..results import (
    CheckResult,
    CheckStatus,
    Detail,
    Misconception,
    ModuleResult,
    ModuleStatus,
    SmallestInput,
)
from ..sandbox.isolation import Plan
from ..sandbox.limits import Limits
from ..sandbox.outcomes import Crashed, Loaded, LoadNote, Outcome, Raised, TimedOut
from ..sandbox.process import Request, Sandbox
from ._answers import Answers
from .api import Call, CheckFailed, LearnerError, LearnerRaised, LearnerTimedOut
from .collect import CheckSpec, CollectError, collect, load_trusted_module
from .compare import show
from .disclosure import WITHHELD, described, shown
from .misconceptions import Mistake, diagnose, load_mistakes
from .rehearsal import rehearse
from .smallest import Smaller, smallest_failing_input

__all__ = ["LearnerModule", "ModuleChecks", "TimeBudget", "module_checks", "run_checks"]


@dataclass(frozen=True)
class ModuleChecks:
    """The checks of one module that a run uses: public only, or public and hidden."""

    module: Module
    checks: tuple[CheckSpec, ...]
    reference: ModuleType | None = None
    mistakes: tuple[Mistake, ...] = ()  # the course's classic mistakes, to diagnose answers
    # The reference's answers in the searches for smaller inputs, kept from file to file.
    reference_answers: Answers = field(default_factory=Answers, compare=False, repr=False)

    @cached_property
    def max_score(self) -> float:
        return round(sum(c.points for c in self.checks), 6)

    @cached_property
    def expected_calls(self) -> tuple[Request, ...]:
        """The calls the checks make of a file that answers as the reference does (none
        without a reference), sent to each learner's child with the file."""
        return rehearse(self.checks, self.module, self.reference)


def module_checks(module: Module, *, hidden: bool) -> ModuleChecks:
    """Collect a module's public checks, and its hidden ones when `hidden` (instructors only)."""
    checks = collect(module.public_checks, "public")
    reference = None
    if hidden:
        checks += collect(module.hidden_checks, "hidden")
        if module.reference.is_file():
            reference = load_trusted_module(module.reference, f"grader_reference_{module.name}")
    if not checks:
        raise CollectError(f"module {module.name!r} has no checks in {module.public_checks}")
    ids = [c.id for c in checks]
    if duplicates := sorted({i for i in ids if ids.count(i) > 1}):
        raise CollectError(f"module {module.name!r}: checks named twice: {duplicates}")
    return ModuleChecks(module, tuple(checks), reference,
                        load_mistakes(module.mistakes, module.name))


class TimeBudget:
    """The file's time budget, and the functions that already ran out of time."""

    def __init__(self, limits: Limits) -> None:
        self.limits = limits
        self.deadline = time.monotonic() + limits.file_timeout
        self.hung: set[str] = set()

    def timeout(self) -> float:
        return max(0.0, min(self.limits.call_timeout, self.deadline - time.monotonic()))

    def at_most(self, seconds: float) -> TimeBudget:
        """What is left of this budget, but no more than `seconds`; the same hung functions."""
        budget = TimeBudget(self.limits)
        budget.deadline = min(self.deadline, time.monotonic() + seconds)
        budget.hung = self.hung
        return budget


class LearnerModule:
    """The learner's module as a check sees it: each function call runs in the sandbox."""

    def __init__(self, sandbox: Sandbox, module: Module, clock: TimeBudget) -> None:
        self._sandbox = sandbox
        self._module = module
        self._clock = clock
        self._called: dict[str, None] = {}  # the functions called since the last take_called

    def __getattr__(self, name: str) -> Callable[..., Call]:
        if name.startswith("_"):
            raise AttributeError(name)
        signature = self._module.functions.get(name, ())

        def call(*args: Any, **kwargs: Any) -> Call:
            self._called[name] = None
            return Call(name, signature, args, kwargs, self._run(name, args, kwargs))

        return call

    def _take_called(self) -> tuple[str, ...]:
        """The functions called since the last time this was asked, in the order first called."""
        called, self._called = tuple(self._called), {}
        return called

    def _with_clock(self, clock: TimeBudget) -> LearnerModule:
        return LearnerModule(self._sandbox, self._module, clock)

    def _run(self, name: str, args: tuple[Any, ...], kwargs: dict[str, Any]) -> Outcome:
        if name in self._clock.hung:
            return TimedOut(self._clock.limits.call_timeout,
                            f"{name} was not called again: it already ran out of time "
                            "in an earlier check")
        timeout = self._clock.timeout()
        if timeout <= 0:
            return TimedOut(self._clock.limits.file_timeout,
                            f"the time limit for the whole file "
                            f"({self._clock.limits.file_timeout:g} s) was used up")
        replayed = self._sandbox.replayed
        outcome = self._sandbox.call(name, args, kwargs, timeout)
        self._clock.deadline += self._sandbox.replayed - replayed  # no one's time
        if isinstance(outcome, TimedOut):
            self._clock.hung.add(name)
        return outcome


SHRINK_SECONDS = 5.0  # of the file's time budget, at most, to look for smaller failing inputs


def run_checks(checks: ModuleChecks, source: str, filename: str, *,
               limits: Limits, plan: Plan | None = None) -> ModuleResult:
    """Grade one learner file: load it in a fresh sandbox, then run every check against it."""
    module = checks.module
    started = time.monotonic()
    with Sandbox(limits, plan) as sandbox:
        sandbox.start()
        clock = TimeBudget(limits)
        loaded = sandbox.load(source, filename, module.name,
                              min(limits.load_timeout, limits.file_timeout),
                              then=checks.expected_calls)
        if not isinstance(loaded, Loaded):
            return _unloadable(checks, filename, source, loaded, sandbox.close())
        learner = LearnerModule(sandbox, module, clock)
        ran = [_run_one(spec, learner, checks.reference) for spec in checks.checks]
        # Once every check is scored: nothing below can change a score.
        results = _explained(ran, checks, learner._with_clock(clock.at_most(SHRINK_SECONDS)))
        output = sandbox.close()
    return ModuleResult(
        module=module.name,
        file=filename,
        status=ModuleStatus.GRADED,
        checks=results,
        max_score=checks.max_score,
        notes=tuple(_note(n) for n in loaded.notes),
        output=output,
        source=source,
        seconds=time.monotonic() - started,
    )


@dataclass(frozen=True)
class _Ran:
    """How one check went, before its result is written for the learner."""

    spec: CheckSpec
    functions: tuple[str, ...]  # the learner's functions it called
    failure: CheckFailed | LearnerError | None = None
    internal_error: str = ""  # the check itself broke

    @property
    def status(self) -> CheckStatus:
        if isinstance(self.failure, CheckFailed):
            return CheckStatus.FAILED
        if isinstance(self.failure, LearnerTimedOut):
            return CheckStatus.TIMEOUT
        if self.failure is not None or self.internal_error:
            return CheckStatus.ERROR
        return CheckStatus.PASSED


def _run_one(spec: CheckSpec, learner: LearnerModule, reference: ModuleType | None) -> _Ran:
    fixtures = {"learner": learner, "reference": reference}
    learner._take_called()
    try:
        spec.function(**{name: fixtures[name] for name in spec.fixtures})
    except (CheckFailed, LearnerError) as failure:
        return _Ran(spec, learner._take_called(), failure)
    except Exception:  # a bug in the check itself: never the learner's fault
        return _Ran(spec, learner._take_called(),
                    internal_error=traceback.format_exc(limit=-3))
    return _Ran(spec, learner._take_called())


def _explained(ran: list[_Ran], checks: ModuleChecks, learner: LearnerModule
               ) -> tuple[CheckResult, ...]:
    """Each check's result, a wrong answer explained: the classic mistakes that give it, and a
    smaller input that still shows it."""
    failures = [r.failure if not r.internal_error else None for r in ran]
    diagnoses = diagnose(checks.mistakes, failures)
    results = []
    for one, misconceptions in zip(ran, diagnoses, strict=True):
        smaller = None
        if isinstance(one.failure, CheckFailed) and checks.reference is not None:
            smaller = smallest_failing_input(one.failure, checks.reference,
                                             _caller(learner, one.failure.call.function),
                                             answers=checks.reference_answers)
        told = _Told(one.failure, one.spec.visibility == "hidden") if one.failure else None
        detail = _detail(one, told, misconceptions, smaller, diagnosed=bool(checks.mistakes))
        results.append(_result(one, told, detail))
    return tuple(results)


def _caller(learner: LearnerModule, function: str) -> Callable[[tuple[Any, ...], dict[str, Any]],
                                                                Call]:
    def call(args: tuple[Any, ...], kwargs: dict[str, Any]) -> Call:
        return getattr(learner, function)(*args, **kwargs)

    return call


class _Told:
    """What the learner is told of a failed call, each part worked out once, though both the
    feedback line and the detail tell it: the call (cut shorter in the feedback line, unless
    the hidden-input rule cut it already), whether every input is shown whole, and the reason."""

    def __init__(self, failure: CheckFailed | LearnerError, hidden: bool) -> None:
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

    @cached_property
    def call_line(self) -> str:
        if self.hidden:  # described() cuts a hidden check's inputs by the rule, at any limit
            return self.call
        return described(self.failure.call, hidden=False, limit=120)[0]

    @cached_property
    def reason(self) -> str:
        assert isinstance(self.failure, CheckFailed)
        return _reason(self.failure, quote=self.whole)


_PASSED = Detail()  # a passed check's detail: nothing to show


def _result(one: _Ran, told: _Told | None, detail: Detail) -> CheckResult:
    spec, status = one.spec, one.status
    return CheckResult(
        id=spec.id,
        title=spec.title,
        visibility=spec.visibility,
        status=status,
        score=spec.points if status is CheckStatus.PASSED else 0.0,
        max_score=spec.points,
        feedback=_feedback(one, told),
        detail=detail if status is CheckStatus.PASSED else _with_hint(detail, spec.hint),
        internal_error=one.internal_error,
        functions=one.functions,
    )


def _with_hint(detail: Detail, hint: str) -> Detail:
    if detail.hint or not hint:
        return detail
    return replace(detail, hint=hint)


def _feedback(one: _Ran, told: _Told | None) -> str:
    if one.internal_error:
        return ("This check itself failed (a problem in the grader or the course, not in your "
                "code). Your instructor will see it.")
    if isinstance(one.failure, CheckFailed) and told:
        return f"{told.call_line} {told.reason}"
    if isinstance(one.failure, LearnerError) and told:
        return _error_feedback(one.failure, told)
    return ""


def _reason(failed: CheckFailed, *, quote: bool) -> str:
    if quote:
        return failed.reason
    mismatch = failed.mismatch(failed.call.value, failed.expected_value, quote=False)
    return mismatch.reason if mismatch else failed.reason


def _detail(one: _Ran, told: _Told | None, misconceptions: tuple[Misconception, ...],
            smaller: Smaller | None, *, diagnosed: bool) -> Detail:
    if isinstance(one.failure, CheckFailed) and told:
        return replace(_failed_detail(one.failure, told), misconceptions=misconceptions,
                       diagnosed=diagnosed,
                       smallest=_smallest(one.failure, smaller, told.hidden) if smaller else None)
    if isinstance(one.failure, LearnerError) and told:
        return replace(_error_detail(one.failure, told), misconceptions=misconceptions)
    return _PASSED


def _failed_detail(failed: CheckFailed, told: _Told) -> Detail:
    whole = told.whole
    got = failed.call.value
    return Detail(call=told.call, expected=failed.expected if whole else "",
                  got=show(got) if whole else shown(got), reason=told.reason,
                  hint=failed.hint, function=failed.call.function,
                  withheld="" if whole else WITHHELD)


def _smallest(failed: CheckFailed, smaller: Smaller, hidden: bool) -> SmallestInput:
    call, whole = described(smaller.call, hidden=hidden)
    got = smaller.call.value
    mismatch = failed.mismatch(got, smaller.expected, quote=whole)
    return SmallestInput(call=call, expected=show(smaller.expected) if whole else "",
                         got=show(got) if whole else shown(got),
                         reason=mismatch.reason if mismatch else "")


def _not_implemented(error: LearnerError) -> bool:
    return isinstance(error, LearnerRaised) and error.raised.type == "NotImplementedError"


def _error_feedback(error: LearnerError, told: _Told) -> str:
    if _not_implemented(error):
        return (f"{error.call.function} is not implemented yet: it still raises "
                "NotImplementedError. Replace the `raise NotImplementedError` line with your code.")
    if isinstance(error, LearnerRaised):
        return f"{told.call_line} raised {error.message}"
    return error.message


def _error_detail(error: LearnerError, told: _Told) -> Detail:
    call = told.call
    if _not_implemented(error):  # the stub as handed out: nothing to debug yet
        return Detail(call=call, function=error.call.function)
    trace = error.raised.traceback if isinstance(error, LearnerRaised) else ""
    return Detail(call=call, reason=error.message, traceback=trace, function=error.call.function)


def _unloadable(checks: ModuleChecks, filename: str, source: str,
                outcome: Loaded | Outcome, output: str) -> ModuleResult:
    message = _load_failure(filename, outcome)
    status = CheckStatus.TIMEOUT if isinstance(outcome, TimedOut) else CheckStatus.ERROR
    trace = outcome.traceback if isinstance(outcome, Raised) else ""
    results = tuple(
        CheckResult(spec.id, spec.title, spec.visibility, status, 0.0, spec.points,
                    f"not run: {message}", Detail(traceback=trace))
        for spec in checks.checks
    )
    return ModuleResult(checks.module.name, filename, ModuleStatus.ERROR, results,
                        checks.max_score, message=message, output=output, source=source)


def _load_failure(filename: str, outcome: Loaded | Outcome) -> str:
    if isinstance(outcome, Raised):
        where = f" (line {outcome.line})" if outcome.line else ""
        return f"{filename} could not be loaded{where}: {outcome.type}: {outcome.message}"
    if isinstance(outcome, TimedOut):
        return (f"{filename} could not be loaded: its top-level code ran for more than "
                f"{outcome.seconds:g} s. Code outside functions runs when the file is loaded; "
                "put demos under `if __name__ == '__main__':`")
    if isinstance(outcome, Crashed):
        return f"{filename} could not be loaded: {outcome.reason}"
    return f"{filename} could not be loaded"


def _note(note: LoadNote) -> str:
    return (f"line {note.line}: top-level code raised {note.error.type}: {note.error.message}. "
            "That statement was skipped and the rest of the file was graded.")
