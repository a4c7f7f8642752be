"""The CSV layouts of course platforms' gradebook imports, one small adapter per platform, each
naming learners by the platform's own id from the roster.

    canvas  Canvas's Gradebook import: `Student`, `ID` (the Canvas user id: the roster's
            lms_id), `SIS User ID`, `SIS Login ID`, `Section`, one column per module and quiz
            (a column named as no assignment is a new assignment), and the optional
            `Points Possible` row. Canvas computes the totals itself, and a `total` column
            would become one more assignment, counting every point twice: there is none.
    moodle  Moodle's "Import grades from CSV": one identifier column, `Email address` (map
            it to "Email address" when importing), and one column per grade item. Moodle
            too computes the course total; and one row whose user it cannot find stops the
            whole import, so a learner without an email address is not written.

A learner the platform could not match (no id on the roster, or not on the roster) is left
out of the file and named in a warning: a row the platform guesses at could give one
learner's grades to another.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Callable, Sequence
from dataclasses import dataclass

from grader.exports._table import cell
from grader.exports._words import number
from grader.load.roster import Roster, RosterEntry
from grader.results import ClassResult, LearnerResult

__all__ = ["CANVAS_COLUMNS", "MOODLE_ID", "PlatformTable", "canvas_csv", "moodle_csv"]

CANVAS_COLUMNS = ("Student", "ID", "SIS User ID", "SIS Login ID", "Section")
MOODLE_ID = "Email address"  # Moodle's own name for the field, in its exports and its importer


@dataclass(frozen=True)
class PlatformTable:
    """A platform's CSV, and what the instructor must know about it."""

    text: str
    learners: int  # rows written
    warnings: tuple[str, ...] = ()


def canvas_csv(result: ClassResult, roster: Roster) -> PlatformTable:
    head = [*CANVAS_COLUMNS, *_parts(result)]
    possible = ["Points Possible", "", "", "", "", *(number(p) for p in _points(result))]
    return _table(
        result,
        roster,
        head=head,
        first=possible,
        key=lambda entry: entry.lms_id,
        row=lambda entry, scores: [entry.name or entry.learner, entry.lms_id, "", "", "", *scores],
        lacking="no Canvas user id (lms_id) on the roster",
    )


def moodle_csv(result: ClassResult, roster: Roster) -> PlatformTable:
    return _table(
        result,
        roster,
        head=[MOODLE_ID, *_parts(result)],
        first=None,
        key=lambda entry: entry.email,
        row=lambda entry, scores: [entry.email, *scores],
        lacking="no email address on the roster, which Moodle's import matches learners by",
    )


def _table(
    result: ClassResult,
    roster: Roster,
    *,
    head: list[str],
    first: list[str] | None,
    key: Callable[[RosterEntry], str],
    row: Callable[[RosterEntry, list[str]], list[str]],
    lacking: str,
) -> PlatformTable:
    lines, left_out = [head, *([first] if first else [])], []
    for learner in result.learners:
        entry = roster.entry(learner.learner)
        if entry is None or not key(entry):
            left_out.append(learner.learner)
            continue
        lines.append([cell(value) for value in row(entry, _scores(result, learner))])
    warnings: tuple[str, ...] = ()
    if left_out:
        warnings = (
            f"left out of the file, {lacking}: {', '.join(left_out)} — add it to the roster "
            "and export again, or enter their grades by hand",
        )
    return PlatformTable(_csv(lines), len(result.learners) - len(left_out), warnings)


def _parts(result: ClassResult) -> list[str]:
    """The assignments' names: the modules, then the quizzes as grades.csv names them."""
    return [*result.modules, *(f"{q} quiz" for q in result.quizzes)]


def _scores(result: ClassResult, learner: LearnerResult) -> list[str]:
    modules = {m.module: m.score for m in learner.modules}
    quizzes = {q.quiz: q.score for q in learner.quizzes}
    return [
        *(number(modules.get(m, 0.0)) for m in result.modules),
        *(number(quizzes.get(q, 0.0)) for q in result.quizzes),
    ]


def _points(result: ClassResult) -> Sequence[float]:
    """What each module and quiz is worth: the most any learner's result says."""
    modules = {m: 0.0 for m in result.modules}
    quizzes = {q: 0.0 for q in result.quizzes}
    for learner in result.learners:
        for module in learner.modules:
            modules[module.module] = max(modules.get(module.module, 0.0), module.max_score)
        for quiz in learner.quizzes:
            quizzes[quiz.quiz] = max(quizzes.get(quiz.quiz, 0.0), quiz.max_score)
    return [*(modules[m] for m in result.modules), *(quizzes[q] for q in result.quizzes)]


def _csv(lines: list[list[str]]) -> str:
    buffer = io.StringIO()
    csv.writer(buffer, lineterminator="\n").writerows(lines)
    return buffer.getvalue()
