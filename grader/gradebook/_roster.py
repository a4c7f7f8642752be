"""The class list in the gradebook: the roster a run stored, the learners renamed, removed and
restored with a record of each, and a learner on the roster who has no result yet, shown as
missing in every module and quiz."""

from __future__ import annotations

import sqlite3
from collections.abc import Sequence
from contextlib import AbstractContextManager
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Protocol

from grader.errors import BadInput
from grader.gradebook._assemble import OverrideRow, apply_overrides
from grader.gradebook._quizzes import overridden, quiz_overrides
from grader.load.roster import Roster, RosterEntry, unusable_id
from grader.results import LearnerResult, ModuleResult, ModuleStatus, QuizResult, QuizStatus

__all__ = [
    "LEARNER_TABLES",
    "ClassList",
    "ClassListError",
    "Points",
    "RecordRow",
    "has_records",
    "missing_learner",
    "record",
    "remove",
    "removed",
    "rename",
    "renames",
    "replace_roster",
    "restore",
    "stored_roster",
]

# Every table that keeps something of a learner, with its learner column: a rename moves
# all of them, so that no attempt, override, extension or quiz result stays behind.
# The peer review's tables name a learner as an author or a reviewer.
PEER_COLUMNS = tuple(
    (table, column)
    for table in ("peer_submissions", "peer_pairs", "peer_reviews", "latest_review")
    for column in ("author", "reviewer")
    if (table, column) != ("peer_submissions", "reviewer")
) + (
    ("peer_refusals", "reviewer"),
    ("peer_overrides", "author"),
    ("peer_overrides", "reviewer"),
    ("peer_calibrations", "author"),
)
LEARNER_TABLES = (
    "attempts",
    "latest",
    "overrides",
    "extensions",
    "quiz_attempts",
    "latest_quiz",
    "quiz_overrides",
)
MISSING_MESSAGE = "nothing handed in: no points for this {what}"


class ClassListError(BadInput):
    """A learner cannot be renamed, removed or restored as asked: no such learner, the new
    id taken or unusable, not removed; the message says which."""


class _Transactions(Protocol):
    def reading(self) -> AbstractContextManager[sqlite3.Connection]: ...
    def writing(self) -> AbstractContextManager[sqlite3.Connection]: ...


@dataclass(frozen=True)
class RecordRow:
    """One change to the class list, as the gradebook keeps it."""

    what: str  # rename | remove | restore
    old: str
    new: str
    reason: str
    at: str
    by: str

    def describe(self) -> str:
        change = {
            "rename": f"{self.old} renamed {self.new}",
            "remove": f"{self.old} removed",
            "restore": f"{self.old} restored",
        }.get(self.what, f"{self.what} {self.old} {self.new}")
        return f"{self.at}  {change}: {self.reason} (by {self.by})"


def replace_roster(db: sqlite3.Connection, roster: Roster) -> None:
    db.execute("DELETE FROM roster")
    db.executemany(
        "INSERT INTO roster (learner, name, email, lms_id, source) VALUES (?, ?, ?, ?, ?)",
        [(e.learner, e.name, e.email, e.lms_id, roster.source) for e in roster],
    )


def stored_roster(db: sqlite3.Connection) -> Roster | None:
    """The roster the last run given one stored; None when no run was."""
    rows = db.execute(
        "SELECT learner, name, email, lms_id, source FROM roster ORDER BY position"
    ).fetchall()
    if not rows:
        return None
    return Roster(tuple(RosterEntry(*r[:4]) for r in rows), rows[0][4])


def removed(db: sqlite3.Connection) -> frozenset[str]:
    return frozenset(r[0] for r in db.execute("SELECT learner FROM removed_learners"))


def has_records(db: sqlite3.Connection, learner: str) -> bool:
    """Whether the gradebook keeps anything of `learner` (the roster aside)."""
    return any(
        db.execute(f"SELECT 1 FROM {table} WHERE learner = ? LIMIT 1", (learner,)).fetchone()
        for table in LEARNER_TABLES
    )


def rename(db: sqlite3.Connection, old: str, new: str, *, reason: str, by: str, at: str) -> None:
    """Move everything of `old` to `new`; the roster's entry follows unless `new` has one."""
    for table in (*LEARNER_TABLES, "removed_learners"):
        db.execute(f"UPDATE {table} SET learner = ? WHERE learner = ?", (new, old))
    for table, column in PEER_COLUMNS:  # their reviews, given and received, follow them
        db.execute(f"UPDATE {table} SET {column} = ? WHERE {column} = ?", (new, old))
    on_roster = db.execute("SELECT 1 FROM roster WHERE learner = ?", (new,)).fetchone()
    if not on_roster:
        db.execute("UPDATE roster SET learner = ? WHERE learner = ?", (new, old))
    _note(db, "rename", old, new, reason=reason, by=by, at=at)


def remove(db: sqlite3.Connection, learner: str, *, reason: str, by: str, at: str) -> None:
    record_id = _note(db, "remove", learner, "", reason=reason, by=by, at=at)
    db.execute(
        "INSERT INTO removed_learners (learner, record_id) VALUES (?, ?)", (learner, record_id)
    )


def restore(db: sqlite3.Connection, learner: str, *, reason: str, by: str, at: str) -> None:
    db.execute("DELETE FROM removed_learners WHERE learner = ?", (learner,))
    _note(db, "restore", learner, learner, reason=reason, by=by, at=at)


def record(db: sqlite3.Connection) -> list[RecordRow]:
    rows = db.execute("SELECT what, old, new, reason, at, by FROM learner_record ORDER BY id")
    return [RecordRow(*r) for r in rows]


def renames(db: sqlite3.Connection) -> dict[str, str]:
    """Each id renamed, to the id its learner has now (a learner renamed twice included)."""
    steps: dict[str, str] = {}
    for old, new in db.execute(
        "SELECT old, new FROM learner_record WHERE what = 'rename' ORDER BY id"
    ):
        steps[old] = new
        steps.pop(new, None)  # the id is a learner's again
    final = {}
    for old in steps:
        new, seen = steps[old], {old}
        while new in steps and new not in seen:
            seen.add(new)
            new = steps[new]
        final[old] = new
    return final


def _note(
    db: sqlite3.Connection, what: str, old: str, new: str, *, reason: str, by: str, at: str
) -> int:
    row_id = db.execute(
        "INSERT INTO learner_record (what, old, new, reason, at, by) VALUES (?, ?, ?, ?, ?, ?)",
        (what, old, new, reason, at, by),
    ).lastrowid
    assert row_id is not None
    return row_id


@dataclass(frozen=True)
class Points:
    """What each module and quiz is worth now."""

    modules: dict[str, float]
    quizzes: dict[str, float]

    @classmethod
    def read(cls, db: sqlite3.Connection) -> Points:
        return cls(
            _points(db, "attempts", "latest", "module"),
            _points(db, "quiz_attempts", "latest_quiz", "quiz"),
        )


def missing_learner(
    db: sqlite3.Connection,
    learner: str,
    modules: Sequence[str],
    quizzes: Sequence[str],
    points: Points,
) -> LearnerResult:
    """A learner on the roster with nothing graded: missing everywhere, each module and quiz
    worth what it is worth to the rest of the class, with any score the instructor gave
    them (for work handed in some other way)."""
    chosen: dict[str, dict[str, OverrideRow]] = {}
    for row in db.execute(
        "SELECT learner, module, check_id, score, reason, set_at FROM overrides "
        "WHERE cleared_at IS NULL AND learner = ?",
        (learner,),
    ):
        chosen.setdefault(row[1], {})[row[2]] = OverrideRow(*row)
    given = quiz_overrides(db, learner)
    return LearnerResult(
        learner,
        tuple(
            apply_overrides(
                ModuleResult(
                    m,
                    None,
                    ModuleStatus.MISSING,
                    max_score=points.modules.get(m, 0.0),
                    message=MISSING_MESSAGE.format(what="module"),
                ),
                chosen.get(m, {}),
            )
            for m in modules
        ),
        tuple(
            overridden(
                QuizResult(
                    q,
                    None,
                    QuizStatus.MISSING,
                    max_score=points.quizzes.get(q, 0.0),
                    message=MISSING_MESSAGE.format(what="quiz"),
                ),
                given.get((learner, q)),
            )
            for q in quizzes
        ),
    )


def _points(db: sqlite3.Connection, attempts: str, latest: str, part: str) -> dict[str, float]:
    # Every learner graded in a run gets a result for every module and quiz, a missing one
    # included, so the latest attempts know what each is worth now.
    rows = db.execute(
        f"SELECT l.{part}, max(a.max_score) FROM {latest} l "
        f"JOIN {attempts} a ON a.id = l.attempt_id GROUP BY l.{part}"
    )
    return {name: float(points) for name, points in rows}


class ClassList:
    """A gradebook's class list: its roster, and its learners renamed, removed and restored,
    each change checked, made in one transaction, and recorded (what, old, new, reason, at,
    by)."""

    def __init__(self, book: _Transactions) -> None:
        self._book = book

    def roster(self) -> Roster | None:
        with self._book.reading() as db:
            return stored_roster(db)

    def replace_roster(self, roster: Roster) -> None:
        if not len(roster):
            raise ClassListError(f"{roster.source}: the roster lists no learner")
        with self._book.writing() as db:
            replace_roster(db, roster)

    def removed(self) -> frozenset[str]:
        with self._book.reading() as db:
            return removed(db)

    def renames(self) -> dict[str, str]:
        with self._book.reading() as db:
            return renames(db)

    def record(self) -> list[RecordRow]:
        with self._book.reading() as db:
            return record(db)

    def rename(self, old: str, new: str, *, reason: str, by: str) -> None:
        if problem := unusable_id(new):
            raise ClassListError(f"the new id {new!r} {problem}")
        with self._book.writing() as db:
            self._known(db, old)
            if has_records(db, new) or new in removed(db):
                raise ClassListError(
                    f"{new!r} has grades of their own: a rename would mix two learners' work "
                    f"(remove {new!r} first, or choose another id)"
                )
            rename(db, old, new, reason=_reason(reason), by=by, at=_now())

    def remove(self, learner: str, *, reason: str, by: str) -> None:
        with self._book.writing() as db:
            on_roster = learner in (stored_roster(db) or ())
            if not on_roster:
                self._known(db, learner)
            if learner in removed(db):
                raise ClassListError(f"{learner!r} is removed already")
            remove(db, learner, reason=_reason(reason), by=by, at=_now())

    def restore(self, learner: str, *, reason: str, by: str) -> None:
        with self._book.writing() as db:
            if learner not in removed(db):
                raise ClassListError(f"{learner!r} is not removed: nothing to restore")
            restore(db, learner, reason=reason.strip() or "restored", by=by, at=_now())

    @staticmethod
    def _known(db: sqlite3.Connection, learner: str) -> None:
        if not has_records(db, learner):
            raise ClassListError(f"no learner {learner!r} in the gradebook")


def _reason(reason: str) -> str:
    if not reason.strip():
        raise ClassListError("give the reason with --reason: the record keeps it")
    return reason.strip()


def _now() -> str:
    return datetime.now(UTC).isoformat(timespec="seconds")
