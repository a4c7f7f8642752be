"""A check may fail a call that raised, for what it found out about it (a project's probe
names the target column a pipeline cannot do without): the learner is told the finding,
public check or hidden, and the grader never chokes on the answer the call did not give."""

from __future__ import annotations

import numpy as np
import pytest

from grader.checks.api import Call, CheckFailed
from grader.checks.disclosure import Told
from grader.sandbox.outcomes import Raised

FINDING = "predicts only when the rows to predict hold rainfall_tomorrow"


@pytest.mark.parametrize("hidden", [False, True])
def test_a_finding_about_a_call_that_raised_is_told_in_the_checks_words(hidden: bool) -> None:
    rows = {"avg_temp": np.linspace(0, 30, 584)}  # a hidden check's table is not shown whole
    raised = Raised("KeyError", "'rainfall_tomorrow'")
    call = Call("fit_and_predict", ("train", "test"), ({}, rows), {}, raised)
    told = Told(CheckFailed(call, FINDING, "predictions from the features alone"), hidden=hidden)
    assert told.reason == FINDING
    assert told.got == ""
