"""Run a module's checks against one learner's source, in a sandbox, and score each of them."""

from __future__ import annotations

import time
import traceback
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from functools import cached_property
from types import ModuleType
from typing import Any

from grader.checks._trusted_answers import Answers, RememberedReference
from grader.checks.answer_digest import answer_digest, error_digest
from grader.checks.api import (
    AnswerUnusable,
    ArgumentChanged,
    Call,
    CheckFailed,
    LearnerError,
    LearnerRaised,
    LearnerTimedOut,
    Measured,
)
from grader.checks.collect import CheckSpec, CollectError, collect, load_trusted_module
from grader.checks.compare import readable, show
from grader.checks.disclosure import OUTPUT_CUT, OUTPUT_WITHHELD, Told, described, shown
from grader.checks.learner_module import LearnerModule, TimeBudget
from grader.checks.loading import load_note, unloadable
from grader.checks.misconceptions import KnownMistake, diagnose, load_mistakes
from grader.checks.precomputed import load_precomputed
from grader.checks.rehearsal import Rehearsal, rehearse
from grader.checks.smallest import Smaller, smallest_failing_input
from grader.course import Module
from grader.predictions.project import Project
from grader.results import (
    CheckResult,
    CheckStatus,
    Detail,
    Misconception,
    ModuleResult,
    ModuleStatus,
    Note,
    SmallestInput,
)
from grader.sandbox.isolation import Plan
from grader.sandbox.limits import Limits
from grader.sandbox.messages import Request
from grader.sandbox.outcomes import Loaded, Returned
from grader.sandbox.process import Sandbox

__all__ = ["ModuleChecks", "module_checks", "run_checks"]


@dataclass(frozen=True)
class ModuleChecks:
    """The checks of one module that a run uses: public only, or public and hidden."""

    module: Module
    checks: tuple[CheckSpec, ...]
    reference: ModuleType | None = None
    mistakes: tuple[KnownMistake, ...] = ()  # the course's classic mistakes, to diagnose answers
    # The reference's answers in the searches for smaller inputs, kept from file to file.
    reference_answers: Answers = field(default_factory=Answers, compare=False, repr=False)
    # And its answers to the checks' own calls (the `reference` fixture), likewise.
    fixture_answers: Answers = field(default_factory=Answers, compare=False, repr=False)

    @cached_property
    def remembered_reference(self) -> RememberedReference | None:
        """The `reference` fixture: the reference, each answer computed once per worker."""
        if self.reference is None:
            return None
        return RememberedReference(self.reference, self.fixture_answers)

    @cached_property
    def max_score(self) -> float:
        return round(sum(c.points for c in self.checks), 6)

    @cached_property
    def rehearsal(self) -> Rehearsal:
        """The checks run once against the reference (grader.checks.rehearsal)."""
        return rehearse(self.checks, self.module, self.reference)

    @cached_property
    def expected_calls(self) -> tuple[Request, ...]:
        """The calls the checks make of a file that answers as the reference does (none
        without a reference), sent to each learner's child with the file; never those of
        checks that send withheld inputs."""
        return self.rehearsal.calls


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
    return ModuleChecks(module, tuple(checks), reference, _mistakes(module))


def _mistakes(module: Module) -> tuple[KnownMistake, ...]:
    """The mistakes' code where the course has it, else their answers recorded at release."""
    if module.mistakes:
        return load_mistakes(module.mistakes, module.name)
    return load_precomputed(module.precomputed_mistakes, module.name)


SHRINK_SECONDS = 5.0  # at most, to look for smaller failing inputs (given back to the file)


def run_checks(
    checks: ModuleChecks, source: str, filename: str, *, limits: Limits, plan: Plan | None = None
) -> ModuleResult:
    """Grade one learner file: load it in a fresh sandbox, then run every check against it:
    first those that send no withheld input, with their smaller failing inputs, then the
    others (grader.checks.disclosure), so that nothing shown comes from a process that held
    a withheld input. Results keep the checks' order."""
    module = checks.module
    started = time.monotonic()
    with Sandbox(limits, plan, preload=checks.module.preload) as sandbox:
        sandbox.start()
        clock = TimeBudget(limits)
        loaded = sandbox.load(
            source,
            filename,
            module.name,
            min(limits.load_timeout, limits.file_timeout),
            then=checks.expected_calls,
        )
        if not isinstance(loaded, Loaded):
            attempt = (filename, source, loaded, sandbox.close())
            return unloadable(module.name, checks.checks, checks.max_score, attempt)
        learner = LearnerModule(sandbox, module, clock)
        project = Project(learner)  # a project's pipeline, called once for all its checks
        # The checks that send withheld inputs run last: all the learner is shown of the
        # others (smaller failing inputs included) comes back before any is sent.
        early = [s for s in checks.checks if s.id not in checks.rehearsal.withholding]
        ran = {s.id: _run_one(s, learner, checks, project) for s in early}
        smaller = _searched(list(ran.values()), checks, learner, clock)
        if checks.rehearsal.later:  # what is printed from here on may hold withheld inputs
            learner._sent.withhold(sandbox)
            sandbox.send_ahead(checks.rehearsal.later)
        ran |= {
            s.id: _run_one(s, learner, checks, project) for s in checks.checks if s.id not in ran
        }
        results = _explained([ran[s.id] for s in checks.checks], checks, smaller)
        printed = sandbox.printed()
        output = sandbox.close()
    notes = tuple(load_note(n) for n in loaded.notes)
    if (sent := learner._sent).withheld:
        output = sent.output
        if printed > sent.printed:
            notes = (*notes, Note(OUTPUT_CUT if output else OUTPUT_WITHHELD))
    return ModuleResult(
        module=module.name,
        file=filename,
        status=ModuleStatus.GRADED,
        checks=results,
        max_score=checks.max_score,
        notes=notes,
        output=output,
        source=source,
        seconds=time.monotonic() - started,
        evaluations=tuple(project.evaluations.values()),
    )


@dataclass(frozen=True)
class _Ran:
    """How one check went, before its result is written for the learner."""

    spec: CheckSpec
    functions: tuple[str, ...]  # the learner's functions it called
    failure: CheckFailed | LearnerError | None = None
    internal_error: str = ""  # the check itself broke
    calls: tuple[Call, ...] = ()  # the calls it made, answered or not

    @property
    def status(self) -> CheckStatus:
        if isinstance(self.failure, CheckFailed):
            return CheckStatus.FAILED
        if isinstance(self.failure, LearnerTimedOut):
            return CheckStatus.TIMEOUT
        if self.failure is not None or self.internal_error:
            return CheckStatus.ERROR
        return CheckStatus.PASSED


def _run_one(
    spec: CheckSpec, learner: LearnerModule, checks: ModuleChecks, project: Project
) -> _Ran:
    ran = _checked(spec, learner, checks, project)
    calls = tuple(learner._calls)
    # An argument the contract protects, changed in place, fails the check whatever the
    # answers were: the caller's array is not what it was (grader.checks.api.ArgumentChanged).
    changed = next(
        (c for c in calls if isinstance(c.outcome, Returned) and c.outcome.changed), None
    )
    if changed is not None and not ran.internal_error:
        ran = replace(ran, failure=ArgumentChanged(changed))
    return replace(ran, calls=calls)


def _checked(
    spec: CheckSpec, learner: LearnerModule, checks: ModuleChecks, project: Project
) -> _Ran:
    rehearsal = checks.rehearsal
    fixtures = {
        "learner": learner._checking(hidden=spec.visibility == "hidden"),
        "reference": checks.remembered_reference,
        "project": project,
    }
    try:
        spec.function(**{name: fixtures[name] for name in spec.fixtures})
    except (CheckFailed, LearnerError) as failure:
        return _Ran(spec, learner._take_called(), failure)
    except Exception as error:
        ran_through = spec.id in rehearsal.ran_through if rehearsal.rehearsed else None
        if (call := _unusable_answer(learner._calls, ran_through)) is not None:
            return _Ran(spec, learner._take_called(), AnswerUnusable(call, error))
        # A bug in the check itself: never the learner's fault.
        return _Ran(spec, learner._take_called(), internal_error=traceback.format_exc(limit=-3))
    return _Ran(spec, learner._take_called())


def _unusable_answer(calls: list[Call], ran_through: bool | None) -> Call | None:
    """The learner's answer a check raised on, if the answer is to blame: one that is not plain
    numbers (NaN, None, an object, an int beyond every float...), or any, when the check ran to
    its end on the reference's answers. None, the check's fault, when it did not (it breaks
    whatever the answers), or when it read no answer at all."""
    if ran_through is False:
        return None
    answered = [c for c in calls if isinstance(c.outcome, Returned)]
    odd = [c for c in answered if not readable(c.value)]
    if odd:
        return odd[-1]
    return answered[-1] if ran_through and answered else None


def _searched(
    ran: list[_Ran], checks: ModuleChecks, learner: LearnerModule, clock: TimeBudget
) -> dict[str, Smaller]:
    """A smaller failing input for each wrong answer that can be shown, once those checks are
    scored; the time it takes is given back to the file's clock, so that it changes no score."""
    if checks.reference is None:
        return {}
    started = time.monotonic()
    search = learner._with_clock(clock.apart(SHRINK_SECONDS))
    found = {}
    for one in ran:
        failure = one.failure
        if (
            not isinstance(failure, CheckFailed)
            or isinstance(failure, AnswerUnusable | ArgumentChanged | Measured)
            or failure.call.withheld
            or one.internal_error
        ):
            continue
        hidden = one.spec.visibility == "hidden"
        smaller = smallest_failing_input(
            failure,
            checks.reference,
            _caller(search, failure.call.function, hidden=hidden),
            answers=checks.reference_answers,
        )
        if smaller is not None and not smaller.call.withheld:
            found[one.spec.id] = smaller
    clock.deadline += time.monotonic() - started
    return found


def _explained(
    ran: list[_Ran], checks: ModuleChecks, smaller: dict[str, Smaller]
) -> tuple[CheckResult, ...]:
    """Each check's result, a wrong answer explained: the classic mistakes that give it, and a
    smaller input that still shows it."""
    failures = [r.failure if not r.internal_error else None for r in ran]
    calls = [call for one in ran for call in one.calls]
    diagnoses = [
        _recognised(failure) or found
        for failure, found in zip(failures, diagnose(checks.mistakes, failures, calls), strict=True)
    ]
    on_ties = _wrong_only_on_ties(ran)
    results = []
    for one, misconceptions in zip(ran, diagnoses, strict=True):
        told = Told(one.failure, hidden=one.spec.visibility == "hidden") if one.failure else None
        # A changed argument is not a wrong answer: no mistake was looked for.
        diagnosed = (
            bool(checks.mistakes) and not isinstance(one.failure, ArgumentChanged)
        ) or bool(_recognised(one.failure))
        detail = _detail(one, told, misconceptions, smaller.get(one.spec.id), diagnosed=diagnosed)
        if detail.diagnosed and not misconceptions and detail.function in on_ties:
            detail = replace(detail, known=_ON_TIES.format(function=detail.function))
        results.append(_result(one, told, detail))
    return tuple(results)


def _recognised(failure: CheckFailed | LearnerError | None) -> tuple[Misconception, ...]:
    """The classic mistake a check recognised itself from the learner's answers."""
    mistake = getattr(failure, "mistake", None)
    return (mistake,) if isinstance(failure, CheckFailed) and mistake is not None else ()


_ON_TIES = "wrong only on ties: {function} passes every check of it without a tie"


def _wrong_only_on_ties(ran: list[_Ran]) -> set[str]:
    """The functions every failed call of which was in a check that declares a tie (@check(
    ties=True)), while a check of them without one passed: what is known for certain when no
    classic mistake gives the answers."""
    failed: dict[str, list[_Ran]] = {}
    for one in ran:
        if one.failure is not None:
            failed.setdefault(one.failure.call.function, []).append(one)
    passed = {
        f
        for one in ran
        if one.status is CheckStatus.PASSED and not one.spec.ties
        for f in one.functions
    }
    return {f for f, ones in failed.items() if f in passed and all(o.spec.ties for o in ones)}


def _caller(
    learner: LearnerModule, function: str, *, hidden: bool
) -> Callable[[tuple[Any, ...], dict[str, Any]], Call]:
    def call(args: tuple[Any, ...], kwargs: dict[str, Any]) -> Call:
        return getattr(learner._checking(hidden=hidden), function)(*args, **kwargs)

    return call


_PASSED = Detail()  # a passed check's detail: nothing to show


def _result(one: _Ran, told: Told | None, detail: Detail) -> CheckResult:
    spec, status = one.spec, one.status
    return CheckResult(
        id=spec.id,
        title=spec.title,
        visibility=spec.visibility,
        status=status,
        score=_score(one),
        max_score=spec.points,
        feedback=_feedback(one, told),
        detail=detail if status is CheckStatus.PASSED else _with_hint(detail, spec.hint),
        internal_error=one.internal_error,
        functions=one.functions,
    )


def _score(one: _Ran) -> float:
    """The check's points when it passed; the share its bands reached when it was measured."""
    if one.status is CheckStatus.PASSED:
        return one.spec.points
    if isinstance(one.failure, Measured):
        return round(one.spec.points * one.failure.earned, 6)
    return 0.0


def _with_hint(detail: Detail, hint: str) -> Detail:
    """The check's hint, unless it is beside the point: a check's hint speaks of the function
    it calls, and the mistake named lives in another (a wrong vote inside the neighbours'
    prediction), whose own hint is the one to follow."""
    named = detail.misconceptions
    if named and detail.function and named[0].function != detail.function:
        return replace(detail, hint="")
    if detail.hint or not hint:
        return detail
    return replace(detail, hint=hint)


def _feedback(one: _Ran, told: Told | None) -> str:
    if one.internal_error:
        return (
            "This check itself failed (a problem in the grader or the course, not in your "
            "code). Your instructor will see it."
        )
    if isinstance(one.failure, CheckFailed) and told:
        return f"{told.call_line} {told.reason}"
    if isinstance(one.failure, LearnerError) and told:
        return _error_feedback(one.failure, told)
    return ""


def _detail(
    one: _Ran,
    told: Told | None,
    misconceptions: tuple[Misconception, ...],
    smaller: Smaller | None,
    *,
    diagnosed: bool,
) -> Detail:
    if isinstance(one.failure, CheckFailed) and told:
        return replace(
            _failed_detail(one.failure, told),
            misconceptions=misconceptions,
            diagnosed=diagnosed,
            smallest=_smallest(one.failure, smaller, told.hidden) if smaller else None,
        )
    if isinstance(one.failure, LearnerError) and told:
        return replace(_error_detail(one.failure, told), misconceptions=misconceptions)
    return _PASSED


def _failed_detail(failed: CheckFailed, told: Told) -> Detail:
    return Detail(
        call=told.call,
        expected=told.expected,
        got=told.got,
        reason=told.reason,
        hint=failed.hint,
        function=failed.call.function,
        withheld=told.kept_back,
        answer=_digest(failed.call),
    )


def _digest(call: Call) -> str:
    """The digest of what the call returned; none when it did not return (a project's check
    fails on what its pipeline did, not always on one call's answer)."""
    outcome = call.outcome
    return answer_digest(outcome.value) if isinstance(outcome, Returned) else ""


def _smallest(failed: CheckFailed, smaller: Smaller, hidden: bool) -> SmallestInput:
    """A smaller failing input (only ever found for a call that is not withheld, of inputs a
    learner sees whole)."""
    call, whole = described(smaller.call, hidden=hidden)
    got = smaller.call.value
    mismatch = failed.mismatch(got, smaller.expected, quote=whole)
    return SmallestInput(
        call=call,
        expected=show(smaller.expected) if whole else "",
        got=show(got) if whole else shown(got),
        reason=mismatch.reason if mismatch else "",
    )


def _not_implemented(error: LearnerError) -> bool:
    return isinstance(error, LearnerRaised) and error.raised.type == "NotImplementedError"


def _error_feedback(error: LearnerError, told: Told) -> str:
    if _not_implemented(error):
        return (
            f"{error.call.function} is not implemented yet: it still raises "
            "NotImplementedError. Replace the `raise NotImplementedError` line with your code."
        )
    if isinstance(error, LearnerRaised):
        return f"{told.call_line} raised {told.error}"
    return told.error


def _error_detail(error: LearnerError, told: Told) -> Detail:
    call = told.call
    if _not_implemented(error):  # the stub as handed out: nothing to debug yet
        return Detail(call=call, function=error.call.function)
    return Detail(
        call=call,
        reason=told.error,
        traceback=told.traceback,
        function=error.call.function,
        withheld=told.kept_back,
        answer=error_digest(error.message) if isinstance(error, LearnerRaised) else "",
    )
