"""A class as a table, one row per learner and a column per module, for spreadsheets and
course platforms."""

from __future__ import annotations

import csv
import io
from collections.abc import Callable, Sequence

from grader.exports._words import learner_notes, number
from grader.results import ClassResult, LearnerResult

__all__ = ["COLUMNS", "table_csv", "table_head", "table_row"]

COLUMNS: dict[str, Callable[[LearnerResult], str]] = {
    "total": lambda lr: number(lr.score),
    "max_score": lambda lr: number(lr.max_score),
    "percent": lambda lr: number(round(100 * lr.score / lr.max_score, 2) if lr.max_score else 0),
    "penalty": lambda lr: number(
        round(sum(m.penalty for m in lr.modules if m.override is None), 6)
    ),
    "notes": lambda lr: cell(learner_notes(lr)),
}


def table_csv(result: ClassResult, *, id_column: str, columns: Sequence[str]) -> str:
    """`id_column`, one column per module, one per quiz (`<module> quiz`), then `columns`
    (names from COLUMNS)."""
    rows = (table_row(result, learner, columns=columns) for learner in result.learners)
    return table_head(result, id_column=id_column, columns=columns) + "".join(rows)


def table_head(
    result: ClassResult, *, id_column: str, columns: Sequence[str], peer: bool = False
) -> str:
    """The header line of `table_csv`; with `peer`, `<module> peer` and `<module> reviewing`
    for each of the class's peer-reviewed modules after the quizzes."""
    parts = [*result.modules, *(f"{q} quiz" for q in result.quizzes)]
    marks = [f"{m} {part}" for m in result.peer_reviewed for part in ("peer", "reviewing")]
    return _line([id_column, *parts, *(marks if peer else ()), *columns])


def table_row(
    result: ClassResult, learner: LearnerResult, *, columns: Sequence[str], peer: bool = False
) -> str:
    """One learner's line of `table_csv`, for the modules and quizzes of `result`."""
    scores = {m.module: m.score for m in learner.modules}
    quizzes = {q.quiz: q.score for q in learner.quizzes}
    return _line(
        [
            cell(learner.learner),
            *(number(scores.get(m, 0.0)) for m in result.modules),
            *(number(quizzes.get(q, 0.0)) for q in result.quizzes),
            *(_peer_marks(result, learner) if peer else ()),
            *(COLUMNS[c](learner) for c in columns),
        ]
    )


def _peer_marks(result: ClassResult, learner: LearnerResult) -> list[str]:
    """The points of each peer-reviewed module's peer mark and reviewing mark, as the module's
    score counts them (in its own column already): 0 for a learner who has none."""
    found = {m.module: m for m in learner.modules if m.peer is not None}
    marks = []
    for name in result.peer_reviewed:
        module = found.get(name)
        peer = module.peer if module else None
        if module is None or peer is None:
            marks += ["0", "0"]
        else:
            marks += [
                number(peer.peer_points(module.max_score)),
                number(peer.reviewing_points(module.max_score)),
            ]
    return marks


def _line(values: list[str]) -> str:
    # The writer quotes a value holding a character of its line terminator: with "\r\n", a
    # carriage return in a learner id or a note is quoted too, instead of ending the row for
    # every reader; the row itself still ends with "\n".
    buffer = io.StringIO()
    csv.writer(buffer, lineterminator="\r\n").writerow(values)
    return buffer.getvalue()[:-2] + "\n"


def cell(text: str) -> str:
    """Keep a spreadsheet from reading a learner's text as a formula (CSV injection)."""
    return f"'{text}" if text[:1] in ("=", "+", "-", "@", "\t", "\r") else text
