"""The command line: a thin shell over grader.grade's plain functions."""

from __future__ import annotations

import json
import os
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING, NoReturn

import click

from . import __version__

if TYPE_CHECKING:
    from .grade import Progress
    from .results import LearnerResult

EXIT_FAILED = 1  # some checks failed
EXIT_BAD_INPUT = 2  # the user's input cannot be used
EXIT_GRADER = 3  # the grader itself could not do its job


def _fail(message: str, code: int = EXIT_BAD_INPUT) -> NoReturn:
    click.echo(f"grader: {message}", err=True)
    sys.exit(code)


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="grader")
def main() -> None:
    """Grade machine-learning exercises with learner code sandboxed and feedback that teaches."""


@main.command()
@click.argument("file", type=click.Path(path_type=Path, dir_okay=False))
@click.option("--module", help="The module to check FILE as (default: from the file name).")
@click.option("--json", "as_json", is_flag=True, help="Print the result as JSON.")
@click.option("--html", type=click.Path(path_type=Path, dir_okay=False),
              help="Also write a feedback report to this HTML file.")
def check(file: Path, module: str | None, as_json: bool, html: Path | None) -> None:
    """Self-check FILE against its module's public checks.

    Exit status: 0 when every public check passes, 1 when some fail, 2 on bad input.
    """
    from .grade import check_file, write_self_check_report

    try:
        result = check_file(file, module=module)
        if html:
            write_self_check_report(result, html)
    except Exception as error:  # noqa: BLE001 - every failure gets one line, never a traceback
        _fail(*_explain(error))
    from .sandbox.isolation import assess

    isolation = assess()
    if as_json:
        data = {**result.to_dict(), "isolation": isolation.to_dict()}
        click.echo(json.dumps(data, indent=2, ensure_ascii=False))
    else:
        from .reports import render_check_text

        text = render_check_text(result, color=sys.stdout.isatty(), isolation=isolation.summary())
        click.echo(text.rstrip("\n"))
    sys.exit(0 if all(c.passed for c in result.checks) else EXIT_FAILED)


@main.command()
@click.argument("submissions", type=click.Path(path_type=Path, file_okay=False))
@click.option("--out", type=click.Path(path_type=Path, file_okay=False), default=Path("reports"),
              show_default=True, help="Where results, grades and reports are written.")
@click.option("--jobs", type=click.IntRange(min=1), help="Worker processes (default: all cores).")
@click.option("--timeout", type=click.FloatRange(min=0, min_open=True),
              help="Seconds one call of a learner's function may take (course default: 2).")
@click.option("--file-timeout", type=click.FloatRange(min=0, min_open=True),
              help="Seconds one learner file may take in all (course default: 30).")
@click.option("--memory", type=click.IntRange(min=64), help="Megabytes per learner job.")
@click.option("--allow-weak-isolation", is_flag=True,
              help="Grade even where learner code could read hidden checks (trusted code only).")
def grade(submissions: Path, out: Path, jobs: int | None, timeout: float | None,
          file_timeout: float | None, memory: int | None, allow_weak_isolation: bool) -> None:
    """Grade a class: SUBMISSIONS holds one folder per learner, named by learner id.

    Writes results.json, grades.csv, index.html (class summary) and one report per
    learner into --out. Exit status 0 whenever grading completed, whatever the scores.
    """
    from .course import load_course
    from .grade import grade_class

    try:
        course = load_course()
        limits = course.limits.but(call_timeout=timeout, file_timeout=file_timeout,
                                   memory_mb=memory)
        with _progress_bar() as progress:
            graded = grade_class(submissions, out=out, course=course, jobs=jobs, limits=limits,
                                 progress=progress, allow_weak_isolation=allow_weak_isolation)
    except Exception as error:  # noqa: BLE001
        _fail(*_explain(error))
    click.echo(graded.describe())
    if graded.grader_errors:
        _fail(f"{graded.grader_errors} checks failed inside the grader; see results.json "
              "(checks marked grader_error)", EXIT_GRADER)


@main.command()
@click.option("--json", "as_json", is_flag=True, help="Print the findings as JSON.")
def doctor(as_json: bool) -> None:
    """Show which isolation layers this machine offers and the level learner code runs at.

    Exit status: 0 for a strong or medium level, 1 for weak (hidden checks unprotected).
    """
    from .sandbox.isolation import assess

    isolation = assess()
    if as_json:
        click.echo(json.dumps(isolation.to_dict(), indent=2))
    else:
        click.echo(isolation.report())
    sys.exit(0 if isolation.hidden_checks_protected else EXIT_FAILED)


@contextmanager
def _progress_bar() -> Iterator[Progress | None]:
    """A progress bar on a terminal; nothing when the output goes to a file or a pipe."""
    if not sys.stderr.isatty():
        yield None
        return
    bar = None

    def advance(done: int, total: int, learner: LearnerResult) -> None:
        nonlocal bar
        if bar is None:
            bar = click.progressbar(length=total, label="Grading", file=sys.stderr,
                                    show_pos=True, item_show_func=lambda name: name)
            bar.__enter__()
        bar.update(1, learner.learner)

    try:
        yield advance
    finally:
        if bar is not None:
            bar.__exit__(None, None, None)


def _explain(error: Exception) -> tuple[str, int]:
    """One line for the user, and the exit status that says whose problem it is."""
    from .checks.collect import CollectError
    from .course import CourseError
    from .grade import BadInput
    from .load import SubmissionsError

    if isinstance(error, BadInput | CourseError | SubmissionsError):
        return str(error), EXIT_BAD_INPUT
    if isinstance(error, CollectError):
        return f"the course's checks cannot be used: {error}", EXIT_GRADER
    if os.environ.get("GRADER_DEBUG"):
        raise error
    return (f"internal error ({type(error).__name__}: {error}); please report it "
            "(GRADER_DEBUG=1 shows the traceback)", EXIT_GRADER)
