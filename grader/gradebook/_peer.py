"""Peer review in the gradebook: each module's rubric as last read, who reviews whom under which
pseudonym, every review form that counted (a form handed in again replaces the one before, the
earlier kept) or was refused, and the instructor's overrides and calibration marks."""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Collection, Iterator, Mapping, Sequence
from contextlib import AbstractContextManager
from dataclasses import dataclass, replace
from datetime import UTC, datetime
from pathlib import Path
from typing import Literal, Protocol

from grader.course.peer_review import PeerReview
from grader.peer.allocation import Allocation, Shortfall
from grader.peer.marks import Calibration, ReviewOverride, StoredReview, peer_results
from grader.results import LearnerResult, PeerResult, ReviewScore

__all__ = ["Assignment", "Counted", "PeerReviews", "Work", "with_peer"]

Counted = Literal["new", "replaced", "unchanged"]


class _Book(Protocol):
    def reading(self) -> AbstractContextManager[sqlite3.Connection]: ...
    def writing(self) -> AbstractContextManager[sqlite3.Connection]: ...


@dataclass(frozen=True)
class Assignment:
    """A module's reviews as the gradebook keeps them: every pair, and each submission's
    pseudonym."""

    allocation: Allocation
    pseudonyms: dict[str, str]  # author -> pseudonym

    def assigned(self) -> dict[str, set[str]]:
        """reviewer -> the pseudonyms of the submissions they review."""
        found: dict[str, set[str]] = {}
        for reviewer, author in self.allocation.pairs:
            found.setdefault(reviewer, set()).add(self.pseudonyms[author])
        return found

    def author_of(self, pseudonym: str) -> str | None:
        return next((a for a, p in self.pseudonyms.items() if p == pseudonym), None)


@dataclass(frozen=True)
class Work:
    """A learner's module as last graded: what a review packet shows."""

    author: str
    file: str
    file_sha256: str | None
    source: str  # the code as graded (a notebook's code cells), when the file is gone
    submissions: Path  # the folder of the run that graded it: <submissions>/<author>/<file>


def _now() -> str:
    return datetime.now(UTC).isoformat(timespec="seconds")


class PeerReviews:
    """A gradebook's peer reviews."""

    def __init__(self, book: _Book) -> None:
        self._book = book

    # -- the course's settings, and the allocation ----------------------------------------------

    def keep_settings(self, settings: PeerReview) -> None:
        with self._book.writing() as db:
            db.execute(
                "INSERT INTO peer_settings (module, settings) VALUES (?, ?) ON CONFLICT (module) "
                "DO UPDATE SET settings = excluded.settings",
                (settings.module, json.dumps(settings.to_dict())),
            )

    def settings(self) -> dict[str, PeerReview]:
        with self._book.reading() as db:
            rows = db.execute("SELECT module, settings FROM peer_settings").fetchall()
        return {module: PeerReview.from_dict(module, json.loads(data)) for module, data in rows}

    def modules(self) -> tuple[str, ...]:
        """The modules whose reviews were assigned."""
        with self._book.reading() as db:
            rows = db.execute("SELECT DISTINCT module FROM peer_assignments").fetchall()
        return tuple(sorted(module for (module,) in rows))

    def handed_in(self, module: str) -> list[Work]:
        """The learners who handed `module` in (a file graded or in error), removed learners
        left out, by id."""
        with self._book.reading() as db:
            rows = db.execute(
                "SELECT l.learner, a.file, a.file_sha256, coalesce(s.text, ''), r.submissions "
                "FROM latest l JOIN attempts a ON a.id = l.attempt_id "
                "JOIN runs r ON r.id = a.run_id LEFT JOIN sources s ON s.sha256 = a.source_sha256 "
                "WHERE l.module = ? AND a.status != 'missing' AND a.file IS NOT NULL "
                "AND l.learner NOT IN (SELECT learner FROM removed_learners) ORDER BY l.learner",
                (module,),
            ).fetchall()
        return [Work(r[0], r[1], r[2], r[3], Path(r[4])) for r in rows]

    def assignment(self, module: str) -> Assignment | None:
        with self._book.reading() as db:
            return _assignment(db, module)

    def record_assignment(
        self, allocation: Allocation, pseudonyms: Mapping[str, str], *, by: str
    ) -> None:
        """Keep a new allocation: its new pairs and new submissions' pseudonyms (what an
        earlier one made stays as it was)."""
        shortfalls = [[s.author, s.reviewers, s.why] for s in allocation.shortfalls]
        with self._book.writing() as db:
            assignment_id = db.execute(
                "INSERT INTO peer_assignments (module, seed, reviewers, made_at, made_by, "
                "shortfalls) VALUES (?, ?, ?, ?, ?, ?)",
                (
                    allocation.module,
                    allocation.seed,
                    allocation.asked,
                    _now(),
                    by,
                    json.dumps(shortfalls),
                ),
            ).lastrowid
            db.executemany(
                "INSERT OR IGNORE INTO peer_submissions (module, author, pseudonym, "
                "assignment_id) VALUES (?, ?, ?, ?)",
                [(allocation.module, a, p, assignment_id) for a, p in pseudonyms.items()],
            )
            db.executemany(
                "INSERT OR IGNORE INTO peer_pairs (module, reviewer, author, assignment_id) "
                "VALUES (?, ?, ?, ?)",
                [(allocation.module, r, a, assignment_id) for r, a in allocation.pairs],
            )

    # -- review forms ---------------------------------------------------------------------------

    def record_review(
        self,
        *,
        module: str,
        reviewer: str,
        author: str,
        file: str,
        sha256: str,
        submitted_at: str | None,
        scores: Sequence[ReviewScore],
        comment: str,
    ) -> Counted:
        """Count a form: new, replacing the pair's earlier form, or unchanged (the same bytes
        as the form that counts, which is then kept as it was)."""
        key = (module, reviewer, author)
        with self._book.writing() as db:
            latest = db.execute(
                "SELECT r.form_sha256 FROM latest_review l JOIN peer_reviews r "
                "ON r.id = l.review_id WHERE l.module = ? AND l.reviewer = ? AND l.author = ?",
                key,
            ).fetchone()
            if latest is not None and latest[0] == sha256:
                return "unchanged"
            review_id = db.execute(
                "INSERT INTO peer_reviews (module, reviewer, author, file, form_sha256, "
                "submitted_at, collected_at, scores, comment) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
                (
                    *key,
                    file,
                    sha256,
                    submitted_at,
                    _now(),
                    json.dumps([s.to_dict() for s in scores]),
                    comment,
                ),
            ).lastrowid
            db.execute(
                "INSERT INTO latest_review (module, reviewer, author, review_id) "
                "VALUES (?, ?, ?, ?) ON CONFLICT (module, reviewer, author) "
                "DO UPDATE SET review_id = excluded.review_id",
                (*key, review_id),
            )
        return "new" if latest is None else "replaced"

    def record_refusal(self, *, reviewer: str | None, file: str, sha256: str, message: str) -> bool:
        """Keep a refused form and why; False when the same form was refused so before."""
        with self._book.writing() as db:
            if db.execute(
                "SELECT 1 FROM peer_refusals WHERE reviewer IS ? AND file = ? "
                "AND form_sha256 = ? AND message = ?",
                (reviewer, file, sha256, message),
            ).fetchone():
                return False
            db.execute(
                "INSERT INTO peer_refusals (reviewer, file, form_sha256, message, collected_at) "
                "VALUES (?, ?, ?, ?, ?)",
                (reviewer, file, sha256, message, _now()),
            )
        return True

    def history(self, module: str, reviewer: str, author: str) -> list[tuple[str, str, str]]:
        """Every form that counted for a pair, oldest first: (collected_at, file, sha256)."""
        with self._book.reading() as db:
            return db.execute(
                "SELECT collected_at, file, form_sha256 FROM peer_reviews WHERE module = ? "
                "AND reviewer = ? AND author = ? ORDER BY id",
                (module, reviewer, author),
            ).fetchall()

    # -- the instructor's decisions -------------------------------------------------------------

    def set_override(self, override: ReviewOverride, *, module: str) -> None:
        """Set an override of a review (a reviewer) or of a peer mark (reviewer ''),
        replacing the one in force."""
        with self._book.writing() as db:
            _clear(db, "peer_overrides", module, override.author, override.reviewer)
            db.execute(
                "INSERT INTO peer_overrides (module, author, reviewer, score, scores, "
                "discarded, reason, set_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                (
                    module,
                    override.author,
                    override.reviewer,
                    override.score,
                    json.dumps([s.to_dict() for s in override.scores]) if override.scores else None,
                    int(override.discarded),
                    override.reason,
                    override.set_at,
                ),
            )

    def clear_override(self, *, module: str, author: str, reviewer: str) -> bool:
        with self._book.writing() as db:
            return _clear(db, "peer_overrides", module, author, reviewer) > 0

    def set_calibration(self, *, module: str, author: str, scores: Sequence[ReviewScore]) -> None:
        with self._book.writing() as db:
            _clear(db, "peer_calibrations", module, author)
            db.execute(
                "INSERT INTO peer_calibrations (module, author, scores, set_at) "
                "VALUES (?, ?, ?, ?)",
                (module, author, json.dumps([s.to_dict() for s in scores]), _now()),
            )

    # -- marks ----------------------------------------------------------------------------------

    def results(self, modules: Collection[str] | None = None) -> dict[str, dict[str, PeerResult]]:
        """module -> learner -> their PeerResult, for every module whose reviews were
        assigned (or those of `modules`)."""
        settings = self.settings()
        wanted = [m for m in self.modules() if m in settings and (modules is None or m in modules)]
        with self._book.reading() as db:
            return {module: _module_results(db, settings[module]) for module in wanted}


def with_peer(
    learner: LearnerResult, peer: Mapping[str, Mapping[str, PeerResult]]
) -> LearnerResult:
    """`learner`'s result with the peer review of each module they are an author of."""
    if not peer:
        return learner
    modules = tuple(
        replace(m, peer=peer[m.module][learner.learner])
        if m.module in peer and learner.learner in peer[m.module]
        else m
        for m in learner.modules
    )
    return replace(learner, modules=modules)


def _clear(db: sqlite3.Connection, table: str, module: str, author: str, *reviewer: str) -> int:
    where = "module = ? AND author = ?" + (" AND reviewer = ?" if reviewer else "")
    return db.execute(
        f"UPDATE {table} SET cleared_at = ? WHERE {where} AND cleared_at IS NULL",  # noqa: S608
        (_now(), module, author, *reviewer),
    ).rowcount


def _assignment(db: sqlite3.Connection, module: str) -> Assignment | None:
    last = db.execute(
        "SELECT seed, reviewers, shortfalls FROM peer_assignments WHERE module = ? "
        "ORDER BY id DESC LIMIT 1",
        (module,),
    ).fetchone()
    if last is None:
        return None
    pairs = db.execute(
        "SELECT reviewer, author FROM peer_pairs WHERE module = ? "
        "ORDER BY assignment_id, reviewer, author",  # a review's label stays as it was
        (module,),
    ).fetchall()
    pseudonyms = dict(
        db.execute("SELECT author, pseudonym FROM peer_submissions WHERE module = ?", (module,))
    )
    shortfalls = tuple(Shortfall(a, n, why) for a, n, why in json.loads(last[2]))
    allocation = Allocation(module, last[1], last[0], tuple(map(tuple, pairs)), shortfalls)
    return Assignment(allocation, pseudonyms)


def _module_results(db: sqlite3.Connection, settings: PeerReview) -> dict[str, PeerResult]:
    assignment = _assignment(db, settings.module)
    assert assignment is not None
    return peer_results(
        settings=settings,
        pseudonyms=assignment.pseudonyms,
        pairs=assignment.allocation.pairs,
        reviews=list(_reviews(db, settings.module)),
        overrides=list(_overrides(db, settings.module)),
        calibrations=list(_calibrations(db, settings.module)),
    )


def _reviews(db: sqlite3.Connection, module: str) -> Iterator[StoredReview]:
    rows = db.execute(
        "SELECT l.reviewer, l.author, r.scores, r.comment, r.collected_at, "
        "(SELECT count(*) FROM peer_reviews e WHERE e.module = l.module "
        "AND e.reviewer = l.reviewer AND e.author = l.author AND e.id <= r.id) "
        "FROM latest_review l JOIN peer_reviews r ON r.id = l.review_id WHERE l.module = ? "
        "ORDER BY l.author, l.reviewer",
        (module,),
    )
    for reviewer, author, scores, comment, at, revision in rows:
        yield StoredReview(reviewer, author, _scores(scores), comment, at, revision)


def _overrides(db: sqlite3.Connection, module: str) -> Iterator[ReviewOverride]:
    rows = db.execute(
        "SELECT author, reviewer, reason, set_at, score, scores, discarded FROM peer_overrides "
        "WHERE module = ? AND cleared_at IS NULL",
        (module,),
    )
    for author, reviewer, reason, at, score, scores, discarded in rows:
        levels = _scores(scores) if scores else ()
        yield ReviewOverride(author, reviewer, reason, at, score, levels, bool(discarded))


def _calibrations(db: sqlite3.Connection, module: str) -> Iterator[Calibration]:
    rows = db.execute(
        "SELECT author, scores FROM peer_calibrations WHERE module = ? AND cleared_at IS NULL",
        (module,),
    )
    for author, scores in rows:
        yield Calibration(author, _scores(scores))


def _scores(data: str) -> tuple[ReviewScore, ...]:
    return tuple(ReviewScore.from_dict(s) for s in json.loads(data))
