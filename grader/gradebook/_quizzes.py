"""Quizzes in the gradebook: the latest result of each learner's quiz, and every change."""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Sequence
from dataclasses import dataclass

from grader.results.quizzes import QuizResult

__all__ = ["QuizEntry", "latest_quizzes", "quizzes_by_learner", "record_quizzes"]


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
    for name, quiz, result in rows:
        found.setdefault(name, {})[quiz] = QuizResult.from_dict(json.loads(result))
    return {
        name: tuple(results[q] for q in quizzes if q in results) for name, results in found.items()
    }
