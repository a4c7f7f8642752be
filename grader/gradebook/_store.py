"""Reading and writing the gradebook: runs, attempts and the latest of each, overrides,
extensions and feedback releases. Every write is one `BEGIN IMMEDIATE` transaction, so that a
process killed at any moment leaves either all of a learner's results or none of them."""

from __future__ import annotations

import hashlib
import json
import os
import sqlite3
from collections.abc import Iterator, Sequence
from contextlib import AbstractContextManager, contextmanager
from dataclasses import dataclass, replace
from datetime import UTC, datetime
from pathlib import Path

from grader.course.lateness import Extension, parse_time
from grader.gradebook import _releases
from grader.gradebook._assemble import OverrideRow, assemble
from grader.gradebook._errors import GradebookError
from grader.gradebook._lock import WriterLock
from grader.gradebook._peer import PeerReviews, with_peer
from grader.gradebook._quizzes import (
    QuizEntry,
    clear_quiz_override,
    latest_quizzes,
    quizzes_by_learner,
    record_quizzes,
    set_quiz_override,
)
from grader.gradebook._roster import Points, missing_learner, removed, stored_roster
from grader.gradebook._schema import connect
from grader.load.roster import Roster
from grader.results import (
    ClassResult,
    FeedbackRelease,
    IsolationLevel,
    Lateness,
    LearnerResult,
    ModuleResult,
    SubmittedFrom,
)

__all__ = ["Entry", "Gradebook", "LastRun", "Latest", "Run"]


def now() -> str:
    return datetime.now(UTC).isoformat(timespec="seconds")


@dataclass(frozen=True)
class Latest:
    """A learner module's latest attempt: what it was graded from, and its lateness."""

    attempt_id: int
    run_id: int
    file: str | None
    inputs_sha256: str
    checks_fingerprint: str
    submitted_at: str | None
    submitted_from: str | None
    lateness: str | None  # JSON


@dataclass(frozen=True)
class Run:
    """One `grader grade` in progress."""

    id: int
    regrade_since: int | None  # with --regrade: attempts of this run or later are fresh

    def needs_grading(self, latest: Latest | None, inputs_sha256: str, fingerprint: str) -> bool:
        """Grade a learner's module unless its latest attempt was of the same files with the
        same checks (and, with --regrade, made by this regrade, a killed run's included)."""
        return (
            latest is None
            or latest.inputs_sha256 != inputs_sha256
            or latest.checks_fingerprint != fingerprint
            or (self.regrade_since is not None and latest.run_id < self.regrade_since)
        )


@dataclass(frozen=True)
class LastRun:
    """What the last `grader grade` wrote, and for which course, to refresh its reports."""

    out: Path
    course_title: str
    modules: tuple[str, ...]
    isolation: IsolationLevel | None
    quizzes: tuple[str, ...] = ()


@dataclass(frozen=True)
class Entry:
    """What one run knows about one learner's module: a new attempt, or the latest kept, with
    when it was handed in and its lateness as of this run."""

    module: str
    submitted_at: str | None = None
    submitted_from: SubmittedFrom | None = None
    lateness: Lateness | None = None
    result: ModuleResult | None = None  # a new attempt, its source included; None keeps one
    inputs_sha256: str = ""
    file_sha256: str | None = None
    checks_fingerprint: str = ""

    def latest_row(self) -> tuple[str | None, str | None, str | None]:
        lateness = json.dumps(self.lateness.to_dict(), sort_keys=True) if self.lateness else None
        return self.submitted_at, self.submitted_from, lateness


class Gradebook:
    """Every grading attempt of every learner, in one SQLite file."""

    def __init__(self, path: Path, db: sqlite3.Connection, lock: WriterLock | None) -> None:
        self.path = path
        self._db = db
        self._lock = lock

    @classmethod
    def open(cls, path: Path, *, create: bool = False, writer: str | None = None) -> Gradebook:
        """Open the gradebook at `path`; `writer` names the command that will write it, which
        then holds the writer lock until close (GradebookBusy if another process holds it)."""
        lock = WriterLock(path, writer) if writer else None
        if lock:
            path.parent.mkdir(parents=True, exist_ok=True)
            lock.acquire()
        try:
            return cls(path, connect(path, create=create), lock)
        except BaseException:
            if lock:
                lock.release()
            raise

    def close(self) -> None:
        self._db.close()
        if self._lock:
            self._lock.release()

    def __enter__(self) -> Gradebook:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def reading(self) -> AbstractContextManager[sqlite3.Connection]:
        """One read transaction, for what keeps its own tables (grader.gradebook.ClassList)."""
        return self._transaction()

    def writing(self) -> AbstractContextManager[sqlite3.Connection]:
        """One write transaction: all of it is committed, or none."""
        return self._writing()

    @contextmanager
    def _writing(self) -> Iterator[sqlite3.Connection]:
        with self._transaction("BEGIN IMMEDIATE") as db:
            yield db

    @contextmanager
    def _transaction(self, begin: str = "BEGIN") -> Iterator[sqlite3.Connection]:
        try:
            self._db.execute(begin)
            try:
                yield self._db
            except BaseException:
                self._db.execute("ROLLBACK")
                raise
            self._db.execute("COMMIT")
        except sqlite3.Error as error:
            raise GradebookError(f"{self.path}: {error}") from None

    # -- runs ---------------------------------------------------------------------------------

    def start_run(
        self,
        *,
        submissions: Path,
        out: Path,
        regrade: bool,
        course_title: str,
        modules: Sequence[str],
        isolation: IsolationLevel | None,
        grader_version: str,
        quizzes: Sequence[str] = (),
    ) -> Run:
        with self._writing() as db:
            last = db.execute(
                "SELECT id, finished_at, regrade, regrade_since FROM runs ORDER BY id DESC LIMIT 1"
            ).fetchone()
            run_id = db.execute(
                "INSERT INTO runs (started_at, pid, grader_version, submissions, out, regrade, "
                "course_title, modules, isolation, quizzes) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                (
                    now(),
                    os.getpid(),
                    grader_version,
                    str(submissions.resolve()),
                    str(out.resolve()),
                    int(regrade),
                    course_title,
                    json.dumps(list(modules)),
                    json.dumps(isolation.to_dict() if isolation else {}),
                    json.dumps(list(quizzes)),
                ),
            ).lastrowid
            assert run_id is not None
            since = None
            if regrade:  # a regrade killed before its end goes on where it stopped
                resumed = last is not None and last[1] is None and last[2]
                since = last[3] if resumed else run_id
                db.execute("UPDATE runs SET regrade_since = ? WHERE id = ?", (since, run_id))
        return Run(run_id, since)

    def finish_run(self, run: Run, *, graded: int, reused: int) -> None:
        with self._writing() as db:
            db.execute(
                "UPDATE runs SET finished_at = ?, graded = ?, reused = ? WHERE id = ?",
                (now(), graded, reused, run.id),
            )

    def last_run(self) -> LastRun | None:
        with self._transaction() as db:
            row = db.execute(
                "SELECT out, course_title, modules, isolation, quizzes FROM runs "
                "ORDER BY id DESC LIMIT 1"
            ).fetchone()
        if row is None:
            return None
        isolation = json.loads(row[3])
        return LastRun(
            Path(row[0]),
            row[1],
            tuple(json.loads(row[2])),
            IsolationLevel.from_dict(isolation) if isolation else None,
            tuple(json.loads(row[4])),
        )

    # -- attempts -----------------------------------------------------------------------------

    def is_empty(self) -> bool:
        """Whether no learner's module was ever graded into it."""
        with self._transaction() as db:
            return db.execute("SELECT 1 FROM attempts LIMIT 1").fetchone() is None

    def latest(self) -> dict[tuple[str, str], Latest]:
        """Every learner module's latest attempt, by (learner, module)."""
        with self._transaction() as db:
            rows = db.execute(
                "SELECT l.learner, l.module, a.id, a.run_id, a.file, a.inputs_sha256, "
                "a.checks_fingerprint, l.submitted_at, l.submitted_from, l.lateness "
                "FROM latest l JOIN attempts a ON a.id = l.attempt_id"
            ).fetchall()
        return {(r[0], r[1]): Latest(*r[2:]) for r in rows}

    def record(
        self, run: Run, learner: str, entries: Sequence[Entry], quizzes: Sequence[QuizEntry] = ()
    ) -> None:
        """Store what this run found for one learner, in one transaction: new attempts, the
        submission time and lateness of every module (written only when they changed), and
        the quiz results that changed."""
        with self._writing() as db:
            if quizzes:
                record_quizzes(db, run.id, learner, now(), quizzes)
            current = {
                r[0]: (r[1], tuple(r[2:]))
                for r in db.execute(
                    "SELECT module, attempt_id, submitted_at, submitted_from, lateness FROM latest "
                    "WHERE learner = ?",
                    (learner,),
                )
            }
            for entry in entries:
                if entry.result is not None:
                    attempt_id = self._insert_attempt(db, run, learner, entry)
                elif (kept := current.get(entry.module)) and kept[1] != entry.latest_row():
                    attempt_id = kept[0]
                else:  # nothing new about this module
                    continue
                db.execute(
                    "INSERT INTO latest (learner, module, attempt_id, submitted_at, "
                    "submitted_from, lateness) VALUES (?, ?, ?, ?, ?, ?) "
                    "ON CONFLICT (learner, module) DO UPDATE SET attempt_id = excluded.attempt_id, "
                    "submitted_at = excluded.submitted_at, "
                    "submitted_from = excluded.submitted_from, lateness = excluded.lateness",
                    (learner, entry.module, attempt_id, *entry.latest_row()),
                )

    @staticmethod
    def _insert_attempt(db: sqlite3.Connection, run: Run, learner: str, entry: Entry) -> int:
        result = entry.result
        assert result is not None
        source_sha256 = None
        if result.source:
            source_sha256 = hashlib.sha256(result.source.encode("utf-8")).hexdigest()
            db.execute(
                "INSERT OR IGNORE INTO sources (sha256, text) VALUES (?, ?)",
                (source_sha256, result.source),
            )
        attempt_id = db.execute(
            "INSERT INTO attempts (run_id, learner, module, file, file_sha256, inputs_sha256, "
            "checks_fingerprint, grader_version, graded_at, submitted_at, status, score, "
            "max_score, passed, checks, result, source_sha256) "
            "VALUES (?, ?, ?, ?, ?, ?, ?, (SELECT grader_version FROM runs WHERE id = ?), ?, ?, "
            "?, ?, ?, ?, ?, ?, ?)",
            (
                run.id,
                learner,
                entry.module,
                result.file,
                entry.file_sha256,
                entry.inputs_sha256,
                entry.checks_fingerprint,
                run.id,
                now(),
                entry.submitted_at,
                result.status.value,
                result.checks_score,
                result.max_score,
                sum(c.passed for c in result.checks),
                len(result.checks),
                json.dumps(result.to_dict(), ensure_ascii=False),
                source_sha256,
            ),
        ).lastrowid
        assert attempt_id is not None
        return attempt_id

    def latest_quizzes(self) -> dict[tuple[str, str], tuple[str, str]]:
        """(learner, quiz) -> (answers sha256, quiz fingerprint) of the latest quiz attempt."""
        with self._transaction() as db:
            return latest_quizzes(db)

    def count_attempts(self) -> int:
        with self._transaction() as db:
            return int(db.execute("SELECT count(*) FROM attempts").fetchone()[0])

    # -- reading results ----------------------------------------------------------------------

    def class_result(self, grader_version: str, roster: Roster | None = None) -> ClassResult:
        """The latest attempt of every learner's module, with its lateness, the instructor's
        overrides and the earlier attempts: what results.json, the reports and exports show.
        Every learner on the roster is in it (the stored one, or `roster`)."""
        learners = tuple(self.learner_results(grader_version, roster=roster))
        return replace(self.class_header(grader_version), learners=learners)

    def class_header(self, grader_version: str) -> ClassResult:
        """The class without its learners: the modules, quizzes and isolation of the last run."""
        last = self.last_run()
        if last is None:
            return ClassResult(grader_version, (), ())
        peer = tuple(m for m in last.modules if m in PeerReviews(self).modules())
        return ClassResult(grader_version, (), last.modules, last.isolation, last.quizzes, peer)

    def learner_names(self, roster: Roster | None = None) -> list[str]:
        """Every learner with a result in a module of the course, and every learner on the
        roster (the stored one, or `roster`), the removed left out, in the order reports list
        them."""
        modules = self.class_header("").modules
        with self._transaction() as db:
            rows = db.execute(
                "SELECT DISTINCT learner FROM latest WHERE module IN "
                f"({', '.join('?' * len(modules))})",
                modules,
            ).fetchall()
            roster = roster or stored_roster(db)
            hidden = removed(db)
        names = {name for (name,) in rows} | set(roster.learners if roster else ())
        return sorted(names - hidden)

    def learner_results(
        self, grader_version: str, names: Sequence[str] | None = None, roster: Roster | None = None
    ) -> Iterator[LearnerResult]:
        """Each learner's results (as in `class_result`), read one learner at a time so that
        a class of any size is never all in memory; a learner without any is missing in
        every module and quiz (a learner on the roster who handed nothing in)."""
        header = self.class_header(grader_version)
        release = self.feedback_release()  # each module marked released or not, as of now
        peer = PeerReviews(self).results(header.modules)  # a module's marks need its class
        points: Points | None = None
        for name in self.learner_names(roster) if names is None else names:
            if (found := self._learner_result(name, header)) is None:
                with self._transaction() as db:
                    points = points or Points.read(db)
                    found = missing_learner(db, name, header.modules, header.quizzes, points)
            yield release.marked(with_peer(found, peer))

    def _learner_result(self, learner: str, header: ClassResult) -> LearnerResult | None:
        with self._transaction() as db:
            latest = db.execute(
                "SELECT l.learner, l.module, l.attempt_id, l.lateness, a.result, s.text "
                "FROM latest l JOIN attempts a ON a.id = l.attempt_id "
                "LEFT JOIN sources s ON s.sha256 = a.source_sha256 WHERE l.learner = ?",
                (learner,),
            ).fetchall()
            attempts = db.execute(
                "SELECT id, learner, module, graded_at, file, file_sha256, status, score, "
                "max_score, passed, checks, submitted_at, checks_fingerprint, grader_version "
                "FROM attempts WHERE learner = ? ORDER BY id",
                (learner,),
            ).fetchall()
            overrides = [
                OverrideRow(*r)
                for r in db.execute(
                    "SELECT learner, module, check_id, score, reason, set_at FROM overrides "
                    "WHERE cleared_at IS NULL AND learner = ?",
                    (learner,),
                )
            ]
            quizzes = quizzes_by_learner(db, header.quizzes, learner)
        found = assemble(
            latest,
            attempts,
            overrides,
            modules=header.modules,
            isolation=header.isolation,
            grader_version=header.grader_version,
        )
        if not found.learners:
            return None
        return replace(found.learners[0], quizzes=quizzes.get(learner, ()))

    # -- the instructor's decisions -----------------------------------------------------------

    def set_override(
        self, learner: str, module: str, check_id: str, score: float, reason: str
    ) -> None:
        with self._writing() as db:
            self._clear(db, learner, module, check_id)
            db.execute(
                "INSERT INTO overrides (learner, module, check_id, score, reason, set_at) "
                "VALUES (?, ?, ?, ?, ?, ?)",
                (learner, module, check_id, score, reason, now()),
            )

    def clear_override(self, learner: str, module: str, check_id: str) -> bool:
        """Clear an override (it stays in the table, with when it was cleared)."""
        with self._writing() as db:
            return self._clear(db, learner, module, check_id) > 0

    def set_quiz_override(self, learner: str, quiz: str, score: float, reason: str) -> None:
        with self._writing() as db:
            set_quiz_override(db, learner, quiz, score, reason, at=now())

    def clear_quiz_override(self, learner: str, quiz: str) -> bool:
        """Clear a quiz's override (it stays in the table, with when it was cleared)."""
        with self._writing() as db:
            return clear_quiz_override(db, learner, quiz, at=now())

    @staticmethod
    def _clear(db: sqlite3.Connection, learner: str, module: str, check_id: str) -> int:
        return db.execute(
            "UPDATE overrides SET cleared_at = ? WHERE learner = ? AND module = ? "
            "AND check_id = ? AND cleared_at IS NULL",
            (now(), learner, module, check_id),
        ).rowcount

    def extensions(self) -> tuple[Extension, ...]:
        with self._transaction() as db:
            rows = db.execute(
                "SELECT learner, module, deadline, days, reason FROM extensions "
                "ORDER BY learner, module"
            ).fetchall()
        return tuple(
            Extension(r[0], r[1], parse_time(r[2], "gradebook") if r[2] else None, r[3], r[4])
            for r in rows
        )

    def replace_extensions(self, extensions: Sequence[Extension]) -> None:
        with self._writing() as db:
            db.execute("DELETE FROM extensions")
            db.executemany(
                "INSERT INTO extensions (learner, module, deadline, days, reason) "
                "VALUES (?, ?, ?, ?, ?)",
                [
                    (
                        e.learner,
                        e.module,
                        e.deadline.isoformat() if e.deadline else None,
                        e.days,
                        e.reason,
                    )
                    for e in extensions
                ],
            )

    def feedback_release(self, at: datetime | None = None) -> FeedbackRelease:
        """Which modules' details learners may see at `at` (now when not given)."""
        return _releases.Releases(self).as_of(at)
