"""A class as a table, one row per learner and a column per module, for spreadsheets and
course platforms."""

from __future__ import annotations

import csv
import io
from collections.abc import Callable, Sequence

from ..results import ClassResult, LearnerResult
from ._words import learner_notes, number

__all__ = ["COLUMNS", "table_csv"]

COLUMNS: dict[str, Callable[[LearnerResult], str]] = {
    "total": lambda lr: number(lr.score),
    "max_score": lambda lr: number(lr.max_score),
    "percent": lambda lr: number(round(100 * lr.score / lr.max_score, 2) if lr.max_score else 0),
    "penalty": lambda lr: number(round(sum(m.penalty for m in lr.modules
                                           if m.override is None), 6)),
    "notes": lambda lr: cell(learner_notes(lr)),
}


def table_csv(result: ClassResult, *, id_column: str, columns: Sequence[str]) -> str:
    """`id_column`, one column per module, one per quiz (`<module> quiz`), then `columns`
    (names from COLUMNS)."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow([id_column, *result.modules, *(f"{q} quiz" for q in result.quizzes),
                     *columns])
    for learner in result.learners:
        scores = {m.module: m.score for m in learner.modules}
        quizzes = {q.quiz: q.score for q in learner.quizzes}
        writer.writerow([cell(learner.learner),
                         *(number(scores.get(m, 0.0)) for m in result.modules),
                         *(number(quizzes.get(q, 0.0)) for q in result.quizzes),
                         *(COLUMNS[c](learner) for c in columns)])
    return buffer.getvalue()


def cell(text: str) -> str:
    """Keep a spreadsheet from reading a learner's text as a formula (CSV injection)."""
    return f"'{text}" if text[:1] in ("=", "+", "-", "@", "\t", "\r") else text
