"""Where grades go: the class files beside the reports (results.json, grades.csv), and
`grader export`, which writes a gradebook in a platform's format without grading anything.

    csv         one row per learner for a course platform (grader.exports.csv_table), or
                in Canvas's or Moodle's import layout (grader.exports.platforms)
    gradescope  one results.json per learner in Gradescope's format (grader.exports.gradescope)
    junit       JUnit XML, a test case per check and quiz question (grader.exports.junit)
    json        the shape of results.json

Every export but csv reaches learners, so it holds what grader.results.release lets them see:
before a module's feedback is released, no detail of its hidden checks and no quiz key; and
the reviews of a peer-reviewed module under their labels, never their reviewers' ids. Such a
module's column is its combined score in every table; grades.csv alone adds its peer and
reviewing points (a platform would take them for assignments of their own), and gradescope
and junit give each mark a test of its own.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, replace
from datetime import datetime
from pathlib import Path
from typing import Literal

from grader import __version__
from grader._atomic import write_atomic
from grader.errors import BadInput
from grader.exports._results import grades_csv, results_json
from grader.exports.csv_table import platform_csv
from grader.exports.gradescope import gradescope_files
from grader.exports.junit import junit_xml
from grader.exports.platforms import PlatformTable, canvas_csv, moodle_csv
from grader.gradebook import ClassList, Gradebook
from grader.load.roster import Roster, read_roster
from grader.results import ClassResult, FeedbackRelease

__all__ = [
    "FORMATS",
    "ExportError",
    "Exported",
    "Format",
    "LAYOUTS",
    "Layout",
    "export_gradebook",
    "grades_csv",
    "results_json",
]

Format = Literal["csv", "gradescope", "junit", "json"]
FORMATS: tuple[Format, ...] = ("csv", "gradescope", "junit", "json")
Layout = Literal["plain", "canvas", "moodle"]
LAYOUTS: tuple[Layout, ...] = ("plain", "canvas", "moodle")
PLATFORMS: dict[str, Callable[[ClassResult, Roster], PlatformTable]] = {
    "canvas": canvas_csv,
    "moodle": moodle_csv,
}


class ExportError(BadInput):
    """The export asked for cannot be made; the message says why."""


@dataclass(frozen=True)
class Exported:
    """What an export wrote: files, or the text itself when no --out was given."""

    files: tuple[Path, ...]
    text: str
    learners: int
    warnings: tuple[str, ...] = ()  # what the instructor must know: learners left out

    def describe(self) -> str:
        if len(self.files) == 1:
            return f"Exported {self.learners} learners to {self.files[0]}"
        folder = self.files[0].parent.parent if self.files else ""
        return f"Exported {self.learners} learners to {folder}/<learner>/results.json"


def export_gradebook(
    *,
    db: Path,
    format: Format,
    out: Path | None = None,
    id_column: str = "learner",
    learner: str | None = None,
    notes: bool = True,
    layout: Layout = "plain",
    roster: Path | None = None,
    now: datetime | None = None,
) -> Exported:
    """Write the gradebook at `db` in `format`, from what it holds (nothing is graded):
    into the file `out` (a folder for gradescope, `gradescope/` by default), or, for the
    one-file formats without `out`, return the text. Every learner on the roster (`roster`,
    else the gradebook's) is exported; the csv `layout` of a platform takes its ids from it.
    Feedback is released as at `now` (the current time when not given)."""
    given = read_roster(roster) if roster else None
    if layout != "plain" and format != "csv":
        raise ExportError(f"--layout {layout} is a layout of --format csv")
    with Gradebook.open(db) as book:
        result = _only(book.class_result(__version__, roster=given), learner)
        class_list = given or ClassList(book).roster()
        release = book.feedback_release(now)
    warnings: tuple[str, ...] = ()
    count = len(result.learners)
    if layout != "plain":
        table = PLATFORMS[layout](result, _needed(class_list, layout))
        files, warnings, count = {"": table.text}, table.warnings, table.learners
    else:
        shown = result if format == "csv" else _shown(result, release)
        files = _render(format, shown, release, id_column=id_column, notes=notes)
    if format == "gradescope":
        folder = out or Path("gradescope")
        for name, text in files.items():
            write_atomic(folder / name, text)
        return Exported(tuple(folder / name for name in files), "", count, warnings)
    (text,) = files.values()
    if out is None:
        return Exported((), text, count, warnings)
    write_atomic(out, text)
    return Exported((out,), "", count, warnings)


def _render(
    format: Format,
    result: ClassResult,
    release: FeedbackRelease,
    *,
    id_column: str,
    notes: bool,
) -> dict[str, str]:
    render: dict[Format, Callable[[ClassResult], dict[str, str]]] = {
        "csv": lambda r: {"": platform_csv(r, id_column=id_column, notes=notes)},
        "gradescope": lambda r: gradescope_files(r.learners, release),
        "junit": lambda r: {"": junit_xml(r.learners)},
        "json": lambda r: {"": results_json(r)},
    }
    return render[format](result)


def _needed(roster: Roster | None, layout: str) -> Roster:
    if roster is None:
        raise ExportError(
            f"--layout {layout} names learners by the platform's ids, which come from the "
            "roster: give --roster FILE (or grade with --roster, which the gradebook keeps)"
        )
    return roster


def _shown(result: ClassResult, release: FeedbackRelease) -> ClassResult:
    """The class as its learners may see it: the grades as they are, the details released."""
    return replace(result, learners=tuple(release.shown(lr) for lr in result.learners))


def _only(result: ClassResult, learner: str | None) -> ClassResult:
    if learner is None:
        return result
    chosen = tuple(lr for lr in result.learners if lr.learner == learner)
    if not chosen:
        raise ExportError(f"no learner {learner!r} in the gradebook")
    return replace(result, learners=chosen)
