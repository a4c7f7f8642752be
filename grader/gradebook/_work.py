"""A module's work as last graded: each learner's code as graded and the checks it did not
pass, read straight from the latest attempts (what a similarity run compares)."""

from __future__ import annotations

import json
import sqlite3
from contextlib import AbstractContextManager
from dataclasses import dataclass
from typing import Any, Protocol

from grader.results import CheckResult

__all__ = ["GradedWork", "graded_size", "graded_work"]


class _Book(Protocol):
    def reading(self) -> AbstractContextManager[sqlite3.Connection]: ...


@dataclass(frozen=True)
class GradedWork:
    learner: str
    source: str  # the code as graded (a notebook's code cells)
    missed: tuple[CheckResult, ...]  # the checks that did not pass, as graded


def graded_work(book: _Book, module: str) -> list[GradedWork]:
    """The learners who handed `module` in (a file graded or in error), removed learners left
    out, by id: their code and the checks they missed. Only those checks are read back: a
    class's passed checks are most of its results and say nothing here."""
    with book.reading() as db:
        rows = db.execute(
            "SELECT l.learner, coalesce(s.text, ''), a.result "
            "FROM latest l JOIN attempts a ON a.id = l.attempt_id "
            "LEFT JOIN sources s ON s.sha256 = a.source_sha256 "
            "WHERE l.module = ? AND a.status != 'missing' AND a.file IS NOT NULL "
            "AND l.learner NOT IN (SELECT learner FROM removed_learners) ORDER BY l.learner",
            (module,),
        ).fetchall()
    return [GradedWork(learner, source, _missed(result)) for learner, source, result in rows]


def graded_size(book: _Book, module: str) -> int:
    """How many characters of code the learners' latest attempts at `module` hold."""
    with book.reading() as db:
        row = db.execute(
            "SELECT coalesce(sum(length(s.text)), 0) FROM latest l "
            "JOIN attempts a ON a.id = l.attempt_id JOIN sources s ON s.sha256 = a.source_sha256 "
            "WHERE l.module = ?",
            (module,),
        ).fetchone()
    return int(row[0])


def _missed(result: str) -> tuple[CheckResult, ...]:
    try:
        checks: Any = json.loads(result).get("checks", ())
        return tuple(CheckResult.from_dict(c) for c in checks if c.get("status") != "passed")
    except (ValueError, TypeError, KeyError, AttributeError):  # a result this grader cannot read
        return ()
