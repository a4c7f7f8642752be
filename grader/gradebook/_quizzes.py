"""Quizzes in the gradebook: the latest result of each learner's quiz, and every change."""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Sequence
from dataclasses import dataclass, replace

from grader.results import Override, QuizResult

__all__ = [
    "QuizEntry",
    "clear_quiz_override",
    "latest_quizzes",
    "overridden",
    "quiz_overrides",
    "quizzes_by_learner",
    "record_quizzes",
    "set_quiz_override",
]


@dataclass(frozen=True)
class QuizEntry:
    """One learner's quiz as graded in this run, with what it was graded from."""

    quiz: str
    inputs_sha256: str
    fingerprint: str
    result: QuizResult


def latest_quizzes(db: sqlite3.Connection) -> dict[tuple[str, str], tuple[str, str]]:
    """(learner, quiz) -> (answers sha256, quiz fingerprint) of its latest attempt."""
    rows = db.execute(
        "SELECT l.learner, l.quiz, a.inputs_sha256, a.quiz_fingerprint "
        "FROM latest_quiz l JOIN quiz_attempts a ON a.id = l.attempt_id"
    )
    return {(r[0], r[1]): (r[2], r[3]) for r in rows}


def record_quizzes(
    db: sqlite3.Connection, run_id: int, learner: str, graded_at: str, entries: Sequence[QuizEntry]
) -> None:
    for entry in entries:
        result = entry.result
        attempt_id = db.execute(
            "INSERT INTO quiz_attempts (run_id, learner, quiz, file, inputs_sha256, "
            "quiz_fingerprint, graded_at, status, score, max_score, result) "
            "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            (
                run_id,
                learner,
                entry.quiz,
                result.file,
                entry.inputs_sha256,
                entry.fingerprint,
                graded_at,
                result.status.value,
                result.score,
                result.max_score,
                json.dumps(result.to_dict(), ensure_ascii=False),
            ),
        ).lastrowid
        db.execute(
            "INSERT INTO latest_quiz (learner, quiz, attempt_id) VALUES (?, ?, ?) "
            "ON CONFLICT (learner, quiz) DO UPDATE SET attempt_id = excluded.attempt_id",
            (learner, entry.quiz, attempt_id),
        )


def quizzes_by_learner(
    db: sqlite3.Connection, quizzes: Sequence[str], learner: str | None = None
) -> dict[str, tuple[QuizResult, ...]]:
    """Each learner's (or one `learner`'s) latest quiz results, in the course's order of
    `quizzes`."""
    found: dict[str, dict[str, QuizResult]] = {}
    query = (
        "SELECT l.learner, l.quiz, a.result FROM latest_quiz l "
        "JOIN quiz_attempts a ON a.id = l.attempt_id"
    )
    rows = (
        db.execute(query)
        if learner is None
        else db.execute(query + " WHERE l.learner = ?", (learner,))
    )
    overrides = quiz_overrides(db, learner)
    for name, quiz, result in rows:
        graded = QuizResult.from_dict(json.loads(result))
        found.setdefault(name, {})[quiz] = overridden(graded, overrides.get((name, quiz)))
    return {
        name: tuple(results[q] for q in quizzes if q in results) for name, results in found.items()
    }


def quiz_overrides(db: sqlite3.Connection, learner: str | None) -> dict[tuple[str, str], Override]:
    """The quiz overrides in force, of one `learner` or of all, by (learner, quiz)."""
    query = (
        "SELECT learner, quiz, score, reason, set_at FROM quiz_overrides WHERE cleared_at IS NULL"
    )
    rows = (
        db.execute(query) if learner is None else db.execute(query + " AND learner = ?", (learner,))
    )
    # graded_score is filled in by overridden, from the quiz as graded now
    return {(r[0], r[1]): Override(r[2], r[3], r[4], graded_score=0.0) for r in rows}


def overridden(result: QuizResult, override: Override | None) -> QuizResult:
    """`result` with the instructor's score, when there is one."""
    if override is None:
        return result
    return replace(result, override=replace(override, graded_score=result.questions_score))


def set_quiz_override(
    db: sqlite3.Connection, learner: str, quiz: str, score: float, reason: str, *, at: str
) -> None:
    """Set the score of `learner`'s whole `quiz`, replacing any override it had."""
    clear_quiz_override(db, learner, quiz, at=at)
    db.execute(
        "INSERT INTO quiz_overrides (learner, quiz, score, reason, set_at) VALUES (?, ?, ?, ?, ?)",
        (learner, quiz, score, reason, at),
    )


def clear_quiz_override(db: sqlite3.Connection, learner: str, quiz: str, *, at: str) -> bool:
    """Clear an override (it stays in the table, with when it was cleared)."""
    cleared = db.execute(
        "UPDATE quiz_overrides SET cleared_at = ? WHERE learner = ? AND quiz = ? "
        "AND cleared_at IS NULL",
        (at, learner, quiz),
    ).rowcount
    return cleared > 0
