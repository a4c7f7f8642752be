"""The gradebook's part of a project's leaderboards: each learner's latest evaluations, read
without the rest of their results, so that the class can be ranked before any learner's page
that shows the ranking is written."""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Collection, Iterator
from contextlib import AbstractContextManager
from typing import Protocol

from grader.results import Evaluation, ModuleResult, ModuleStatus

__all__ = ["latest_evaluations"]


class _Book(Protocol):
    def reading(self) -> AbstractContextManager[sqlite3.Connection]: ...


def latest_evaluations(
    book: _Book, modules: Collection[str]
) -> Iterator[tuple[str, str, tuple[Evaluation, ...]]]:
    """(learner, module, evaluations) of each learner's latest graded attempt at one of
    `modules` that measured predictions, by learner; removed learners too (the caller knows
    who is in the class). A result too damaged to read is left out, as its learner's page
    reads it as an error."""
    with book.reading() as db:
        # Only a project's results hold the word; the others are never parsed.
        rows = db.execute(
            "SELECT l.learner, l.module, a.result FROM latest l "
            "JOIN attempts a ON a.id = l.attempt_id "
            "WHERE a.status = ? AND instr(a.result, '\"evaluations\"') > 0 "
            "ORDER BY l.learner, l.module",
            (ModuleStatus.GRADED.value,),
        )
        for learner, module, text in rows:
            if module in modules and (found := _evaluations(text)):
                yield learner, module, found


def _evaluations(text: str) -> tuple[Evaluation, ...]:
    """Read as the learner's own page reads them (ModuleResult.from_dict)."""
    try:
        result = ModuleResult.from_dict(json.loads(text))
    except Exception:  # noqa: BLE001 - one damaged row: its learner is left off the boards
        return ()
    return result.evaluations if result.status is ModuleStatus.GRADED else ()
