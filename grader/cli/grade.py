"""`grader grade`, `override` and `export`: grade a class, change a score, send the grades out."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, cast

import click

from grader.cli._options import gradebook_option
from grader.cli._terminal import EXIT_GRADER, data, explain, fail, progress_bar, say

if TYPE_CHECKING:
    from grader.course import Course

__all__ = ["export", "grade", "override"]


@click.command()
@click.argument("submissions", type=click.Path(path_type=Path, file_okay=False))
@click.option(
    "--out",
    type=click.Path(path_type=Path, file_okay=False),
    default=Path("reports"),
    show_default=True,
    help="Where results, grades and reports are written.",
)
@click.option(
    "--jobs",
    type=click.IntRange(min=1),
    help="Worker processes (default: one per core, and one more).",
)
@click.option(
    "--timeout",
    type=click.FloatRange(min=0, min_open=True),
    help="Seconds one call of a learner's function may take, in every module "
    "(default: the course's [limits], and [limits.MODULE] for a module).",
)
@click.option(
    "--file-timeout",
    type=click.FloatRange(min=0, min_open=True),
    help="Seconds one learner file may take in all, in every module (default: the course's).",
)
@click.option(
    "--memory",
    type=click.IntRange(min=64),
    help="Megabytes per learner job, in every module (default: the course's).",
)
@click.option(
    "--allow-weak-isolation",
    is_flag=True,
    help="Grade even where learner code could read hidden checks (trusted code only).",
)
@click.option(
    "--db",
    type=click.Path(path_type=Path, dir_okay=False),
    help="The gradebook (default: gradebook.sqlite in --out).",
)
@click.option(
    "--regrade",
    is_flag=True,
    help="Grade every file again, even those unchanged since their last grading.",
)
@click.option(
    "--manifest",
    type=click.Path(path_type=Path, dir_okay=False, exists=True),
    help="CSV of submission times (learner,file,submitted_at); else file times.",
)
@click.option(
    "--extensions",
    type=click.Path(path_type=Path, dir_okay=False, exists=True),
    help="CSV of extensions (learner,module,deadline|days,reason); the gradebook "
    "keeps them until given another.",
)
@click.option(
    "--roster",
    type=click.Path(path_type=Path, dir_okay=False, exists=True),
    help="CSV of the class (learner[,name,email,lms_id]): everyone on it is in every "
    "output, folders not on it are not graded; the gradebook keeps it until given another.",
)
@click.option(
    "--scheduler",
    metavar="ADDRESS",
    help="Grade on a Dask cluster: tcp://HOST:PORT, or local:N for N worker "
    "processes here (needs pip install 'grader[dask]').",
)
@click.option(
    "--similarity",
    "with_similarity",
    is_flag=True,
    help="Then compare the submissions (grader similarity) into OUT/similarity.",
)
def grade(
    submissions: Path,
    out: Path,
    jobs: int | None,
    timeout: float | None,
    file_timeout: float | None,
    memory: int | None,
    allow_weak_isolation: bool,
    db: Path | None,
    regrade: bool,
    manifest: Path | None,
    extensions: Path | None,
    roster: Path | None,
    scheduler: str | None,
    with_similarity: bool,
) -> None:
    """Grade a class: SUBMISSIONS holds one folder per learner, named by learner id.

    Every attempt is kept in the gradebook; files unchanged since their last grading, with
    unchanged checks, are not graded again. Writes results.json, grades.csv, index.html
    (class summary) and one report per learner into --out. Exit status 0 whenever grading
    completed, whatever the scores.
    """
    from grader.course import load_course
    from grader.grading import grade_class

    try:
        # An option given wins for every module, over [limits] and each [limits.<module>].
        course = load_course().with_limits(
            call_timeout=timeout, file_timeout=file_timeout, memory_mb=memory
        )
        with progress_bar() as progress:
            graded = grade_class(
                submissions,
                out=out,
                course=course,
                jobs=jobs,
                progress=progress,
                allow_weak_isolation=allow_weak_isolation,
                db=db,
                regrade=regrade,
                manifest=manifest,
                extensions=extensions,
                roster=roster,
                scheduler=scheduler,
            )
    except Exception as error:  # noqa: BLE001
        fail(*explain(error))
    say(graded.describe())
    if with_similarity:
        _similarity(db=db or out / "gradebook.sqlite", course=course, out=out / "similarity")
    if graded.grader_errors:
        fail(
            f"{graded.grader_errors} checks failed inside the grader; see results.json "
            "(checks marked grader_error)",
            EXIT_GRADER,
        )


def _similarity(*, db: Path, course: Course, out: Path) -> None:
    from grader.similarity.report import describe
    from grader.similarity.run import similarity_report

    try:
        found, _ = similarity_report(db=db, course=course, out=out)
    except Exception as error:  # noqa: BLE001
        fail(*explain(error))
    say(describe(found))
    say(f"similarity: {out / 'index.html'}")


@click.command()
@click.argument("learner")
@click.argument("module")
@click.argument("score", type=click.FloatRange(min=0), required=False)
@click.option("--reason", default="", help="Why: shown with the score in reports and exports.")
@click.option("--check", "check_id", metavar="ID", help="Override one check instead.")
@click.option("--clear", is_flag=True, help="Clear the override: the grading counts again.")
@gradebook_option
def override(
    learner: str,
    module: str,
    score: float | None,
    reason: str,
    check_id: str | None,
    clear: bool,
    db: Path,
) -> None:
    """Set LEARNER's score for MODULE (or for one --check of it) to SCORE, with a --reason.

    MODULE may be a quiz, named as its grades.csv column: "regression quiz".

    The override is kept across re-grades until --clear. The results, grades and reports
    of the last `grader grade` are updated from the gradebook.
    """
    from grader.grading.overrides import clear_override, set_override

    if clear == (score is not None):
        fail("give a SCORE and --reason to set an override, or --clear without a score")
    try:
        if clear:
            done = clear_override(db=db, learner=learner, module=module, check=check_id)
        else:
            assert score is not None
            done = set_override(
                db=db, learner=learner, module=module, score=score, reason=reason, check=check_id
            )
    except Exception as error:  # noqa: BLE001
        fail(*explain(error))
    say(done.describe())


@click.command()
@click.option(
    "--format",
    "format_",
    required=True,
    type=click.Choice(["csv", "gradescope", "junit", "json"]),
    help="csv for a course platform, gradescope (a results.json per learner), "
    "junit (XML), json (as results.json).",
)
@click.option(
    "--out",
    type=click.Path(path_type=Path),
    help="The file to write (a folder for gradescope, default gradescope/); "
    "standard output when not given.",
)
@gradebook_option
@click.option(
    "--id-column",
    default="learner",
    show_default=True,
    help="csv: the name of the learner id column your platform expects.",
)
@click.option(
    "--no-notes",
    is_flag=True,
    help="csv: leave out the notes column (penalties and overrides in words).",
)
@click.option(
    "--layout",
    type=click.Choice(["plain", "canvas", "moodle"]),
    default="plain",
    show_default=True,
    help="csv: the columns of Canvas's or Moodle's gradebook import (ids from the roster).",
)
@click.option(
    "--roster",
    type=click.Path(path_type=Path, dir_okay=False, exists=True),
    help="CSV of the class for this export (default: the one the gradebook keeps).",
)
@click.option("--learner", help="Export only this learner.")
def export(
    format_: str,
    out: Path | None,
    db: Path,
    id_column: str,
    no_notes: bool,
    layout: str,
    roster: Path | None,
    learner: str | None,
) -> None:
    """Export the gradebook's latest results, overrides and late penalties included, without
    grading anything. With a roster, everyone on it is exported, as missing where they
    handed nothing in.

    gradescope, junit and json reach learners: a module's hidden-check details and quiz
    keys are left out until its feedback is released (see `grader publish`).
    """
    from grader.exports import Format, Layout, export_gradebook

    try:
        done = export_gradebook(
            db=db,
            format=cast(Format, format_),
            out=out,
            id_column=id_column,
            learner=learner,
            notes=not no_notes,
            layout=cast(Layout, layout),
            roster=roster,
        )
    except Exception as error:  # noqa: BLE001
        fail(*explain(error))
    for warning in done.warnings:
        say(warning, err=True)
    if done.files:
        say(done.describe(), err=True)
    else:
        data(done.text)
