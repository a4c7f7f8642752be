"""Calls sent ahead: the checks rehearsed against the reference, and a learner graded with them
exactly as with calls made one at a time."""

from __future__ import annotations

import types
from dataclasses import replace
from pathlib import Path
from typing import Any

import numpy as np
import pytest

from grader.checks.api import check
from grader.checks.collect import CheckSpec
from grader.checks.rehearsal import rehearse
from grader.checks.run import ModuleChecks, module_checks, run_checks
from grader.course import load_course
from grader.results import ModuleResult
from grader.sandbox.messages import call_request
from grader.sandbox.process import Sandbox

from .conftest import COURSE as COURSE_ROOT

COURSE = load_course(COURSE_ROOT)


def spec(function) -> CheckSpec:
    return CheckSpec(function.__name__, function.__name__, 1.0, "", "hidden", function,
                     ("learner",))


def reference_with(**functions) -> types.ModuleType:
    module = types.ModuleType("reference")
    vars(module).update(functions)
    return module


@check()
def two_calls(learner):
    learner.double(2).should_equal(4)
    learner.double(x=2.0).should_equal(4.0)


@check()
def stops_at_its_first_call(learner):
    learner.double(3).should_equal(7)  # the reference gives 6: the check fails here
    learner.double(4).should_equal(8)


@check()
def mutating_call(learner):
    inputs = np.array([1.0, 2.0])
    learner.clear(inputs)
    learner.clear(inputs)  # the same inputs, unless the first call changed them


def test_the_calls_are_those_the_checks_make_of_the_reference_in_order() -> None:
    reference = reference_with(double=lambda x: 2 * x)
    calls = rehearse([spec(two_calls), spec(stops_at_its_first_call)],
                     COURSE.modules[0], reference).calls
    assert calls == (call_request("double", (2,), {}), call_request("double", (), {"x": 2.0}),
                     call_request("double", (3,), {}))


def test_calls_that_differ_only_in_type_are_different_calls() -> None:
    assert call_request("f", (1,), {}) != call_request("f", (1.0,), {})
    assert call_request("f", (0.0,), {}) != call_request("f", (-0.0,), {})
    assert call_request("f", (True,), {}) != call_request("f", (1,), {})


def test_the_reference_cannot_change_a_checks_own_inputs_while_rehearsing() -> None:
    def clear(values):
        values[:] = 0

    calls = rehearse([spec(mutating_call)], COURSE.modules[0], reference_with(clear=clear)).calls
    assert calls == (call_request("clear", (np.array([1.0, 2.0]),), {}),) * 2


def test_nothing_is_rehearsed_without_a_reference() -> None:
    checks = module_checks(COURSE.module("regression"), hidden=False)
    assert checks.reference is None and checks.expected_calls == ()


def test_the_course_checks_rehearse_one_call_per_check_that_sends_no_withheld_input() -> None:
    for module in COURSE.modules:
        checks = module_checks(module, hidden=True)
        withholding = checks.rehearsal.withholding
        assert withholding, module.name  # each module has hidden checks on large inputs
        assert len(checks.expected_calls) == len(checks.checks) - len(withholding), module.name


def test_the_withheld_checks_calls_are_sent_ahead_together_once_every_other_answer_is_back(
        monkeypatch: pytest.MonkeyPatch) -> None:
    checks = module_checks(COURSE.module("regression"), hidden=True)
    made: list[str] = []
    sent_ahead: list[tuple[int, int]] = []  # (calls made by then, calls sent ahead)
    call, send_ahead = Sandbox.call, Sandbox.send_ahead

    def counted_call(self: Sandbox, function: str, *args: object, **kwargs: Any) -> object:
        made.append(function)
        return call(self, function, *args, **kwargs)

    def recorded(self: Sandbox, requests: tuple[object, ...]) -> None:
        sent_ahead.append((len(made), len(requests)))
        send_ahead(self, requests)

    monkeypatch.setattr(Sandbox, "call", counted_call)
    monkeypatch.setattr(Sandbox, "send_ahead", recorded)
    graded(checks, (COURSE_ROOT / "solutions" / "regression.py").read_text())
    later = checks.rehearsal.later
    assert later and sent_ahead == [(len(checks.expected_calls), len(later))]
    assert len(made) == len(checks.expected_calls) + len(later)


def one_at_a_time(checks: ModuleChecks) -> ModuleChecks:
    alone = replace(checks)
    alone.__dict__["rehearsal"] = replace(checks.rehearsal, calls=(), later=())
    alone.__dict__["expected_calls"] = ()
    return alone


def graded(checks: ModuleChecks, source: str) -> ModuleResult:
    return replace(run_checks(checks, source, checks.module.filename, limits=COURSE.limits),
                   seconds=0.0)


SAMPLE = COURSE_ROOT / "examples" / "class"
LEARNER_FILES = [pytest.param(module.name, path, id=f"{path.parent.name}/{path.name}")
                 for module in COURSE.modules
                 for path in [*sorted(SAMPLE.glob(f"*/{module.filename}")), *module.mistakes]]


@pytest.mark.parametrize("module, path", LEARNER_FILES)
def test_a_file_graded_with_calls_sent_ahead_gets_the_result_of_calls_made_one_at_a_time(
        module: str, path: Path) -> None:
    checks = module_checks(COURSE.module(module), hidden=True)
    source = path.read_text()
    assert graded(checks, source) == graded(one_at_a_time(checks), source)


def test_a_check_that_stops_early_gets_the_same_result_and_output_as_one_call_at_a_time() -> None:
    # Learner code with state: each call counts and prints. The two-call check stops at its
    # first (wrong) answer, so the second call the reference made is never asked for.
    source = (
        "calls = []\n"
        "def mean_squared_error(y_true, y_pred):\n"
        "    calls.append(1)\n"
        "    print('call', len(calls))\n"
        "    return float(len(calls))\n"
    )
    module = COURSE.module("regression")
    checks = replace(module_checks(module, hidden=True),
                     checks=tuple(map(spec, [two_mse_calls, one_mse_call])))
    ahead, alone = graded(checks, source), graded(one_at_a_time(checks), source)
    assert ahead == alone
    assert alone.output == "call 1\ncall 2\n"


@check()
def two_mse_calls(learner):
    learner.mean_squared_error([1.0], [1.0]).should_be_close(0.0)
    learner.mean_squared_error([2.0], [2.0]).should_be_close(0.0)


@check()
def one_mse_call(learner):
    learner.mean_squared_error([0.0], [1.0]).should_be_close(1.0)
