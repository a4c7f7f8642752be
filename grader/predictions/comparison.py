"""The check of a learner's own comparison of models: a dict of metrics per model, held to
scikit-learn's metrics of the same predictions, entry by entry."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from grader.checks.api import Call, CheckFailed
from grader.checks.compare import compare
from grader.results import Scores

__all__ = ["agrees_with"]

RTOL = 1e-6  # the learner may sum in another order, or clip probabilities a little apart


def agrees_with(call: Call, expected: Scores) -> None:
    """Every model and metric of `expected` is in the answer, and close to it."""
    answer = call.value
    if not isinstance(answer, Mapping):
        raise CheckFailed(call, "did not return a dict of metrics per model", expected)
    for model, metrics in expected.items():
        got = answer.get(model)
        if not isinstance(got, Mapping):
            raise CheckFailed(call, f"has no dict of metrics for {model!r}", expected)
        for metric, value in metrics.items():
            _agrees(call, expected, f"[{model!r}][{metric!r}]", got.get(metric), value)


def _agrees(call: Call, expected: Scores, where: str, got: Any, value: float) -> None:
    if got is None:
        raise CheckFailed(call, f"has no entry {where}", expected)
    mismatch = compare(got, value, rtol=RTOL, atol=1e-9)
    if mismatch is not None:
        raise CheckFailed(
            call, f"{where}: {mismatch.reason} (scikit-learn gives {value:.6g})", expected
        )
