"""No learner process ever holds the capstone's private labels: every request the grader sends
to the sandboxed child while a pipeline is graded with the hidden checks is recorded off the
wire, and none carries the private test set's targets, while its features are sent.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import numpy as np
import pytest

from grader.course import load_course
from grader.inside import wire
from grader.predictions import read_table
from grader.sandbox.process import Sandbox
from grader.testing import score

from .conftest import ROOT

pytestmark = [pytest.mark.shipped_course, pytest.mark.slow]

PRIVATE = read_table(ROOT / "solutions" / "data" / "weather_test.csv")
TARGETS = ("rainfall_tomorrow", "rain_tomorrow")
PIPELINES = ROOT / "tests" / "capstone" / "pipelines"


def requests_sent(monkeypatch: pytest.MonkeyPatch, pipeline: str) -> list[dict[str, Any]]:
    """Grade the pipeline with public and hidden checks; every call request sent, decoded."""
    frames: list[bytes] = []
    send = Sandbox._send

    def recording(self: Sandbox, data: bytes, deadline: float) -> None:
        frames.append(bytes(data))
        send(self, data, deadline)

    monkeypatch.setattr(Sandbox, "_send", recording)
    scored = score("capstone", PIPELINES / f"{pipeline}.py", course=load_course(ROOT))
    assert any(c.visibility == "hidden" for c in scored.result.checks)
    messages = [json.loads(frame[wire.HEADER_SIZE :]) for frame in frames]
    calls = [m for m in messages if m.get("op") == "call"]
    return [
        {**m, "args": wire.decode(m["args"]), "kwargs": wire.decode(m["kwargs"])} for m in calls
    ]


def tables(value: Any) -> Iterator[dict[str, Any]]:
    """Every dict of columns anywhere in a decoded value."""
    if isinstance(value, dict):
        yield value
        for inner in value.values():
            yield from tables(inner)
    elif isinstance(value, list | tuple):
        for inner in value:
            yield from tables(inner)


def columns(value: Any) -> Iterator[Any]:
    """Every array and list of texts anywhere in a decoded value."""
    if isinstance(value, np.ndarray) or (
        isinstance(value, list) and value and all(isinstance(v, str | None) for v in value)
    ):
        yield value
    elif isinstance(value, dict):
        for inner in value.values():
            yield from columns(inner)
    elif isinstance(value, list | tuple):
        for inner in value:
            yield from columns(inner)


def private_rows(table: dict[str, Any]) -> bool:
    """Whether a table sent holds days of the private test set (by date and city)."""
    days = set(zip(PRIVATE["date"], PRIVATE["city"], strict=True))
    sent = list(zip(table.get("date", ()), table.get("city", ()), strict=False))
    return bool(sent) and all(day in days for day in sent)


def holds_private_targets(column: Any) -> bool:
    """The column is (the first rows of) the private rainfall or the private labels."""
    rows = len(column)
    if not 20 <= rows <= len(PRIVATE["date"]):
        return False
    if isinstance(column, np.ndarray) and column.dtype.kind == "f":
        private = PRIVATE["rainfall_tomorrow"][:rows]
        informative = np.count_nonzero(np.nan_to_num(private)) >= 3  # not a run of dry days
        return informative and np.allclose(column, private, equal_nan=True)
    labels = PRIVATE["rain_tomorrow"][:rows]
    return labels.count("Yes") >= 3 and list(column) == labels


@pytest.fixture(scope="module", params=["good_numpy", "target_not_dropped"])
def sent(request: pytest.FixtureRequest) -> list[dict[str, Any]]:
    """A good pipeline, and one that needs a target (the probes then send made-up ones)."""
    with pytest.MonkeyPatch.context() as monkeypatch:
        return requests_sent(monkeypatch, request.param)


def test_the_private_features_are_sent_to_the_learners_process(sent) -> None:
    whole = [
        t
        for m in sent
        for t in tables([m["args"], m["kwargs"]])
        if private_rows(t) and len(t["date"]) == len(PRIVATE["date"])
    ]
    assert whole, "the private test set's rows were never sent"
    for table in whole:
        assert table["date"] == PRIVATE["date"]
        given = ~np.isnan(table["avg_temp"])  # the hidden checks add gaps of their own
        assert np.array_equal(table["avg_temp"][given], PRIVATE["avg_temp"][given])


def test_no_request_holds_a_target_column_with_the_private_rows(sent) -> None:
    """A target column goes out only with a probe's made-up value, the same in every row."""
    for message in sent:
        for table in tables([message["args"], message["kwargs"]]):
            if not private_rows(table):
                continue
            for target in set(TARGETS) & set(table):
                values = table[target]
                assert len(values) < len(PRIVATE["date"]), target
                assert len({str(v) for v in values}) == 1, target


def test_no_request_carries_the_private_rainfall_or_labels_under_any_name(sent) -> None:
    carried = [
        message["function"]
        for message in sent
        for column in columns([message["args"], message["kwargs"]])
        if holds_private_targets(column)
    ]
    assert not carried


def test_the_recorder_sees_the_private_targets_when_they_are_sent() -> None:
    """The scan finds the private targets in a table that holds them: it can fail."""
    table = {name: PRIVATE[name] for name in ("date", "city", *TARGETS)}
    assert private_rows(table)
    assert all(holds_private_targets(table[target]) for target in TARGETS)


def test_the_private_test_set_is_the_one_the_hidden_checks_read() -> None:
    hidden = (ROOT / "solutions" / "checks" / "test_capstone_hidden.py").read_text()
    assert '"weather_test.csv"' in hidden
    assert Path(ROOT / "solutions" / "data" / "weather_test.csv").is_file()
