"""Run a module's checks against one learner's source, in a sandbox, and score each of them."""

from __future__ import annotations

import time
import traceback
from collections.abc import Callable
from dataclasses import dataclass
from types import ModuleType
from typing import Any

from ..course import Module
from ..results import CheckResult, CheckStatus, Detail, ModuleResult, ModuleStatus
from ..sandbox.isolation import Plan
from ..sandbox.limits import Limits
from ..sandbox.outcomes import Crashed, Loaded, LoadNote, Outcome, Raised, TimedOut
from ..sandbox.process import Sandbox
from .api import Call, CheckFailed, LearnerError, LearnerRaised, LearnerTimedOut
from .collect import CheckSpec, CollectError, collect, load_trusted_module
from .compare import show

__all__ = ["LearnerModule", "ModuleChecks", "TimeBudget", "module_checks", "run_checks"]


@dataclass(frozen=True)
class ModuleChecks:
    """The checks of one module that a run uses: public only, or public and hidden."""

    module: Module
    checks: tuple[CheckSpec, ...]
    reference: ModuleType | None = None

    @property
    def max_score(self) -> float:
        return round(sum(c.points for c in self.checks), 6)


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
    return ModuleChecks(module, tuple(checks), reference)


class TimeBudget:
    """The file's time budget, and the functions that already ran out of time."""

    def __init__(self, limits: Limits) -> None:
        self.limits = limits
        self.deadline = time.monotonic() + limits.file_timeout
        self.hung: set[str] = set()

    def timeout(self) -> float:
        return max(0.0, min(self.limits.call_timeout, self.deadline - time.monotonic()))


class LearnerModule:
    """The learner's module as a check sees it: each function call runs in the sandbox."""

    def __init__(self, sandbox: Sandbox, module: Module, clock: TimeBudget) -> None:
        self._sandbox = sandbox
        self._module = module
        self._clock = clock

    def __getattr__(self, name: str) -> Callable[..., Call]:
        if name.startswith("_"):
            raise AttributeError(name)
        signature = self._module.functions.get(name, ())

        def call(*args: Any, **kwargs: Any) -> Call:
            return Call(name, signature, args, kwargs, self._run(name, args, kwargs))

        return call

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
        outcome = self._sandbox.call(name, args, kwargs, timeout)
        if isinstance(outcome, TimedOut):
            self._clock.hung.add(name)
        return outcome


def run_checks(checks: ModuleChecks, source: str, filename: str, *,
               limits: Limits, plan: Plan | None = None) -> ModuleResult:
    """Grade one learner file: load it in a fresh sandbox, then run every check against it."""
    module = checks.module
    with Sandbox(limits, plan) as sandbox:
        sandbox.start()
        clock = TimeBudget(limits)
        loaded = sandbox.load(source, filename, module.name,
                              min(limits.load_timeout, limits.file_timeout))
        if not isinstance(loaded, Loaded):
            return _unloadable(checks, filename, source, loaded, sandbox.close())
        learner = LearnerModule(sandbox, module, clock)
        results = tuple(_run_one(spec, learner, checks.reference) for spec in checks.checks)
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
    )


def _run_one(spec: CheckSpec, learner: LearnerModule, reference: ModuleType | None) -> CheckResult:
    fixtures = {"learner": learner, "reference": reference}
    try:
        spec.function(**{name: fixtures[name] for name in spec.fixtures})
    except CheckFailed as failed:
        return _result(spec, CheckStatus.FAILED, _failed_feedback(failed), _failed_detail(failed))
    except LearnerError as error:
        status = CheckStatus.TIMEOUT if isinstance(error, LearnerTimedOut) else CheckStatus.ERROR
        return _result(spec, status, _error_feedback(error), _error_detail(spec, error))
    except Exception:  # a bug in the check itself: never the learner's fault
        return _result(spec, CheckStatus.ERROR, "This check itself failed (a problem in the "
                       "grader or the course, not in your code). Your instructor will see it.",
                       Detail(), internal_error=traceback.format_exc(limit=-3))
    return _result(spec, CheckStatus.PASSED, "", Detail())


def _result(spec: CheckSpec, status: CheckStatus, feedback: str, detail: Detail,
            internal_error: str = "") -> CheckResult:
    return CheckResult(
        id=spec.id,
        title=spec.title,
        visibility=spec.visibility,
        status=status,
        score=spec.points if status is CheckStatus.PASSED else 0.0,
        max_score=spec.points,
        feedback=feedback,
        detail=detail if status is CheckStatus.PASSED else _with_hint(detail, spec.hint),
        internal_error=internal_error,
    )


def _with_hint(detail: Detail, hint: str) -> Detail:
    if detail.hint or not hint:
        return detail
    return Detail(**{**detail.to_dict(), "hint": hint})


def _failed_feedback(failed: CheckFailed) -> str:
    return f"{failed.call.describe(limit=120)} {failed.reason}"


def _failed_detail(failed: CheckFailed) -> Detail:
    return Detail(call=failed.call.describe(), expected=failed.expected, got=show(failed.call.value),
                  reason=failed.reason, hint=failed.hint, function=failed.call.function)


def _not_implemented(error: LearnerError) -> bool:
    return isinstance(error, LearnerRaised) and error.raised.type == "NotImplementedError"


def _error_feedback(error: LearnerError) -> str:
    if _not_implemented(error):
        return (f"{error.call.function} is not implemented yet: it still raises "
                "NotImplementedError. Replace the `raise NotImplementedError` line with your code.")
    if isinstance(error, LearnerRaised):
        return f"{error.call.describe(limit=120)} raised {error.message}"
    return error.message


def _error_detail(spec: CheckSpec, error: LearnerError) -> Detail:
    if _not_implemented(error):  # the stub as handed out: nothing to debug yet
        return Detail(call=error.call.describe(), function=error.call.function)
    trace = error.raised.traceback if isinstance(error, LearnerRaised) else ""
    return Detail(call=error.call.describe(), reason=error.message, traceback=trace,
                  function=error.call.function)


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
