"""The gradebook's part of a project's leaderboards: each learner's latest evaluations, read
without the rest of their results, so that the class can be ranked before any learner's page
that shows the ranking is written."""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Collection, Iterator
from contextlib import AbstractContextManager
from typing import Any, Protocol

from grader.results import Evaluation, ModuleStatus

__all__ = ["latest_evaluations"]

MAX_EVALUATIONS = 4  # as a module's result keeps them (grader.results.modules)

# SQLite picks out each result's status and evaluations, without the points of their charts,
# which a leaderboard never needs: a class of 250 capstones is read in a tenth of a second,
# where parsing every result whole in Python takes over a second. SQLite's JSON has no NaN,
# which a score may be: such a result (or a damaged one) comes whole, to be read in Python.
_CHARTS = ("roc", "scatter")
_PATHS = ", ".join(f"'$[{index}].{chart}'" for index in range(MAX_EVALUATIONS) for chart in _CHARTS)
_READABLE = "json_valid(a.result) AND json_type(a.result, '$.evaluations') = 'array'"
_LATEST = f"""
    SELECT l.learner, l.module,
        CASE WHEN {_READABLE} AND json_extract(a.result, '$.status') = ?
             THEN json_remove(json_extract(a.result, '$.evaluations'), {_PATHS}) END,
        CASE WHEN {_READABLE} THEN NULL ELSE a.result END
    FROM latest l JOIN attempts a ON a.id = l.attempt_id
    WHERE instr(a.result, '"evaluations"') > 0
    ORDER BY l.learner, l.module
"""


class _Book(Protocol):
    def reading(self) -> AbstractContextManager[sqlite3.Connection]: ...


def latest_evaluations(
    book: _Book, modules: Collection[str]
) -> Iterator[tuple[str, str, tuple[Evaluation, ...]]]:
    """(learner, module, evaluations) of each learner's latest graded attempt at one of
    `modules` that measured predictions, by learner, the charts' points left out; removed
    learners too (the caller knows who is in the class). What cannot be read is left out,
    as the learner's own page leaves it out."""
    with book.reading() as db:
        rows = db.execute(_LATEST, (ModuleStatus.GRADED.value,))
        for learner, module, evaluations, whole in rows:
            if module not in modules:
                continue
            items = _items(evaluations) if whole is None else _graded_items(whole)
            if found := _evaluations(items):
                yield learner, module, found


def _items(text: str | None) -> Any:
    try:
        return json.loads(text) if text is not None else []
    except ValueError:
        return []


def _graded_items(text: str) -> Any:
    """The evaluations of a result SQLite could not read, if Python can and it is graded."""
    data = _items(text)
    if not isinstance(data, dict) or data.get("status") != ModuleStatus.GRADED.value:
        return []
    return data.get("evaluations")


def _evaluations(items: Any) -> tuple[Evaluation, ...]:
    """Read as the learner's own page reads them (ModuleResult.from_dict), charts left out."""
    if not isinstance(items, list):
        return ()
    read = (Evaluation.read(_without_charts(item)) for item in items[:MAX_EVALUATIONS])
    return tuple(evaluation for evaluation in read if evaluation is not None)


def _without_charts(item: Any) -> Any:
    if not isinstance(item, dict):
        return item
    return {key: value for key, value in item.items() if key not in _CHARTS}
