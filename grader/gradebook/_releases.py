"""The gradebook's part of feedback release: the course's policy per module as of the last run,
and the releases by hand (`grader publish --release`), with who made them and when."""

from __future__ import annotations

import sqlite3
from collections.abc import Mapping, Sequence
from contextlib import AbstractContextManager
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any, Protocol

from grader.course.feedback import RELEASES, FeedbackPolicy, Release, feedback_release
from grader.course.lateness import Extension, parse_time
from grader.results import FeedbackRelease

__all__ = [
    "ReleaseRow",
    "Releases",
    "feedback_policies",
    "record_release",
    "released_by_hand",
    "replace_feedback_policies",
    "withdraw_release",
]


@dataclass(frozen=True)
class ReleaseRow:
    """A module released by hand, and by whom."""

    module: str
    released_at: str
    released_by: str


def replace_feedback_policies(
    db: sqlite3.Connection, policies: Mapping[str, FeedbackPolicy]
) -> None:
    db.execute("DELETE FROM feedback_policies")
    db.executemany(
        "INSERT INTO feedback_policies (module, release, due, cutoff) VALUES (?, ?, ?, ?)",
        [
            (
                module,
                policy.release,
                policy.due.isoformat() if policy.due else None,
                policy.cutoff.isoformat() if policy.cutoff else None,
            )
            for module, policy in policies.items()
        ],
    )


def feedback_policies(db: sqlite3.Connection) -> dict[str, FeedbackPolicy]:
    rows = db.execute("SELECT module, release, due, cutoff FROM feedback_policies").fetchall()
    return {
        module: FeedbackPolicy(
            _release(release),
            parse_time(due, "gradebook") if due else None,
            parse_time(cutoff, "gradebook") if cutoff else None,
        )
        for module, release, due, cutoff in rows
    }


def _release(value: str) -> Release:
    # A value this grader does not know (a newer one wrote it) holds the details back.
    return next((r for r in RELEASES if r == value), "manual")


def released_by_hand(db: sqlite3.Connection) -> dict[str, ReleaseRow]:
    rows = db.execute(
        "SELECT module, released_at, released_by FROM releases WHERE withdrawn_at IS NULL"
    ).fetchall()
    return {row[0]: ReleaseRow(*row) for row in rows}


def record_release(db: sqlite3.Connection, module: str, *, at: str, by: str) -> bool:
    """Release `module` by hand; False when it already was."""
    if db.execute(
        "SELECT 1 FROM releases WHERE module = ? AND withdrawn_at IS NULL", (module,)
    ).fetchone():
        return False
    db.execute(
        "INSERT INTO releases (module, released_at, released_by) VALUES (?, ?, ?)",
        (module, at, by),
    )
    return True


def withdraw_release(db: sqlite3.Connection, module: str, *, at: str, by: str) -> bool:
    """Take back `module`'s release by hand (the row stays); False when there was none."""
    return (
        db.execute(
            "UPDATE releases SET withdrawn_at = ?, withdrawn_by = ? "
            "WHERE module = ? AND withdrawn_at IS NULL",
            (at, by, module),
        ).rowcount
        > 0
    )


class _Book(Protocol):
    def reading(self) -> AbstractContextManager[sqlite3.Connection]: ...
    def writing(self) -> AbstractContextManager[sqlite3.Connection]: ...
    def class_header(self, grader_version: str) -> Any: ...
    def extensions(self) -> Sequence[Extension]: ...


class Releases:
    """A gradebook's feedback releases: the course's policy per module as of the last run,
    the releases by hand, and which modules' details learners may see at a given time."""

    def __init__(self, book: _Book) -> None:
        self._book = book

    def replace_policies(self, policies: Mapping[str, FeedbackPolicy]) -> None:
        with self._book.writing() as db:
            replace_feedback_policies(db, policies)

    def by_hand(self) -> dict[str, ReleaseRow]:
        with self._book.reading() as db:
            return released_by_hand(db)

    def set(self, module: str, *, released: bool, by: str) -> bool:
        """Release `module` by hand, or withdraw that release; False when nothing changed."""
        change = record_release if released else withdraw_release
        at = datetime.now(UTC).isoformat(timespec="seconds")
        with self._book.writing() as db:
            return change(db, module, at=at, by=by)

    def as_of(self, at: datetime | None = None) -> FeedbackRelease:
        """Which modules' details learners may see at `at` (now when not given)."""
        with self._book.reading() as db:
            policies = feedback_policies(db)
        return feedback_release(
            modules=self._book.class_header("").modules,
            policies=policies,
            released_by_hand=self.by_hand(),
            extensions=self._book.extensions(),
            now=at or datetime.now(UTC),
        )
