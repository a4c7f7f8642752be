"""The command line: a thin shell over the plain functions of grader.grading and grader.selfcheck.

What it writes for a person goes through `_say`, which shows any control sequence escaped:
learner ids, messages and outputs reach these lines, and a terminal obeys what it is sent.
"""

from __future__ import annotations

import json
import os
import sys
import textwrap
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING, NoReturn, cast

import click

from grader import __version__
from grader.errors import BadInput, CourseProblem
from grader.reports._visible import visible

if TYPE_CHECKING:
    from grader.grading import Progress
    from grader.results import LearnerResult

EXIT_FAILED = 1  # some checks failed
EXIT_BAD_INPUT = 2  # the user's input cannot be used (grader.errors.BadInput)
EXIT_GRADER = 3  # the course or the grader itself cannot do its job (any other error)


def _fail(message: str, code: int = EXIT_BAD_INPUT) -> NoReturn:
    _say(f"grader: {message}", err=True)
    sys.exit(code)


def _say(text: str, *, err: bool = False, nl: bool = True) -> None:
    """Write text for a person, every control in it shown escaped (see grader.reports)."""
    click.echo(visible(text), err=err, nl=nl)


def _data(text: str) -> None:
    """Write data (JSON, CSV, XML) to standard output: as it is into a file or a pipe, which
    must get the learners' ids and texts byte for byte (click would drop what looks like a
    colour code, unless told the output takes colours); escaped like `_say` on a terminal."""
    if sys.stdout.isatty():
        click.echo(visible(text), nl=False)
    else:
        click.echo(text, nl=False, color=True)


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
    try:
        _boot_sandbox_early(file)
        from grader.selfcheck import check_file, write_self_check_report

        result = check_file(file, module=module)
        if html:
            write_self_check_report(result, html)
    except Exception as error:  # noqa: BLE001 - every failure gets one line, never a traceback
        _fail(*_explain(error))
    from grader.sandbox.isolation import assess

    isolation = assess()
    if as_json:
        data = {**result.to_dict(), "isolation": isolation.to_dict()}
        _data(json.dumps(data, indent=2, ensure_ascii=False) + "\n")
    else:
        from grader.reports import render_check_text

        text = render_check_text(result, color=sys.stdout.isatty(), isolation=isolation.summary())
        click.echo(text.rstrip("\n"))  # its learner-made parts are made visible there
    sys.exit(0 if all(c.passed for c in result.checks) else EXIT_FAILED)


def _boot_sandbox_early(file: Path) -> None:
    """Start the sandbox's zygote (a fresh interpreter importing numpy) before this process
    imports numpy and the checks: on two cores, both happen at once."""
    from grader.course import CourseError, course_for
    from grader.sandbox.isolation import plan_for

    try:
        course = course_for(file)
    except CourseError:
        return  # check_file says what is wrong
    from grader.sandbox.zygote import zygote_for

    zygote_for(plan_for([course.root / "solutions"]), course.limits)


@main.command()
@click.argument("submissions", type=click.Path(path_type=Path, file_okay=False))
@click.option("--out", type=click.Path(path_type=Path, file_okay=False), default=Path("reports"),
              show_default=True, help="Where results, grades and reports are written.")
@click.option("--jobs", type=click.IntRange(min=1),
              help="Worker processes (default: one per core, and one more).")
@click.option("--timeout", type=click.FloatRange(min=0, min_open=True),
              help="Seconds one call of a learner's function may take (course default: 2).")
@click.option("--file-timeout", type=click.FloatRange(min=0, min_open=True),
              help="Seconds one learner file may take in all (course default: 30).")
@click.option("--memory", type=click.IntRange(min=64), help="Megabytes per learner job.")
@click.option("--allow-weak-isolation", is_flag=True,
              help="Grade even where learner code could read hidden checks (trusted code only).")
@click.option("--db", type=click.Path(path_type=Path, dir_okay=False),
              help="The gradebook (default: gradebook.sqlite in --out).")
@click.option("--regrade", is_flag=True,
              help="Grade every file again, even those unchanged since their last grading.")
@click.option("--manifest", type=click.Path(path_type=Path, dir_okay=False, exists=True),
              help="CSV of submission times (learner,file,submitted_at); else file times.")
@click.option("--extensions", type=click.Path(path_type=Path, dir_okay=False, exists=True),
              help="CSV of extensions (learner,module,deadline|days,reason); the gradebook "
                   "keeps them until given another.")
@click.option("--scheduler", metavar="ADDRESS",
              help="Grade on a Dask cluster: tcp://HOST:PORT, or local:N for N worker "
                   "processes here (needs pip install 'grader[dask]').")
def grade(submissions: Path, out: Path, jobs: int | None, timeout: float | None,
          file_timeout: float | None, memory: int | None, allow_weak_isolation: bool,
          db: Path | None, regrade: bool, manifest: Path | None,
          extensions: Path | None, scheduler: str | None) -> None:
    """Grade a class: SUBMISSIONS holds one folder per learner, named by learner id.

    Every attempt is kept in the gradebook; files unchanged since their last grading, with
    unchanged checks, are not graded again. Writes results.json, grades.csv, index.html
    (class summary) and one report per learner into --out. Exit status 0 whenever grading
    completed, whatever the scores.
    """
    from grader.course import load_course
    from grader.grading import grade_class

    try:
        course = load_course()
        limits = course.limits.but(call_timeout=timeout, file_timeout=file_timeout,
                                   memory_mb=memory)
        with _progress_bar() as progress:
            graded = grade_class(submissions, out=out, course=course, jobs=jobs, limits=limits,
                                 progress=progress, allow_weak_isolation=allow_weak_isolation,
                                 db=db, regrade=regrade, manifest=manifest,
                                 extensions=extensions, scheduler=scheduler)
    except Exception as error:  # noqa: BLE001
        _fail(*_explain(error))
    _say(graded.describe())
    if graded.grader_errors:
        _fail(f"{graded.grader_errors} checks failed inside the grader; see results.json "
              "(checks marked grader_error)", EXIT_GRADER)


GRADEBOOK = Path("reports") / "gradebook.sqlite"  # where `grader grade` puts it by default


@main.command()
@click.argument("learner")
@click.argument("module")
@click.argument("score", type=click.FloatRange(min=0), required=False)
@click.option("--reason", default="", help="Why: shown with the score in reports and exports.")
@click.option("--check", "check_id", metavar="ID", help="Override one check instead.")
@click.option("--clear", is_flag=True, help="Clear the override: the grading counts again.")
@click.option("--db", type=click.Path(path_type=Path, dir_okay=False), default=GRADEBOOK,
              show_default=True, help="The gradebook.")
def override(learner: str, module: str, score: float | None, reason: str,
             check_id: str | None, clear: bool, db: Path) -> None:
    """Set LEARNER's score for MODULE (or for one --check of it) to SCORE, with a --reason.

    The override is kept across re-grades until --clear. The results, grades and reports
    of the last `grader grade` are updated from the gradebook.
    """
    from grader.grading.overrides import clear_override, set_override

    if clear == (score is not None):
        _fail("give a SCORE and --reason to set an override, or --clear without a score")
    try:
        if clear:
            done = clear_override(db=db, learner=learner, module=module, check=check_id)
        else:
            assert score is not None
            done = set_override(db=db, learner=learner, module=module, score=score,
                                reason=reason, check=check_id)
    except Exception as error:  # noqa: BLE001
        _fail(*_explain(error))
    _say(done.describe())


@main.command()
@click.option("--format", "format_", required=True,
              type=click.Choice(["csv", "gradescope", "junit", "json"]),
              help="csv for a course platform, gradescope (a results.json per learner), "
                   "junit (XML), json (as results.json).")
@click.option("--out", type=click.Path(path_type=Path),
              help="The file to write (a folder for gradescope, default gradescope/); "
                   "standard output when not given.")
@click.option("--db", type=click.Path(path_type=Path, dir_okay=False), default=GRADEBOOK,
              show_default=True, help="The gradebook.")
@click.option("--id-column", default="learner", show_default=True,
              help="csv: the name of the learner id column your platform expects.")
@click.option("--no-notes", is_flag=True,
              help="csv: leave out the notes column (penalties and overrides in words).")
@click.option("--learner", help="Export only this learner.")
def export(format_: str, out: Path | None, db: Path, id_column: str, no_notes: bool,
           learner: str | None) -> None:
    """Export the gradebook's latest results, overrides and late penalties included, without
    grading anything."""
    from grader.exports import Format, export_gradebook

    try:
        done = export_gradebook(db=db, format=cast(Format, format_), out=out,
                                id_column=id_column, learner=learner, notes=not no_notes)
    except Exception as error:  # noqa: BLE001
        _fail(*_explain(error))
    if done.files:
        _say(done.describe(), err=True)
    else:
        _data(done.text)


@main.command()
@click.option("--json", "as_json", is_flag=True, help="Print the findings as JSON.")
def doctor(as_json: bool) -> None:
    """Show which isolation layers this machine offers and the level learner code runs at.

    Exit status: 0 for a strong or medium level, 1 for weak (hidden checks unprotected).
    """
    from grader.grading.boundary import PROMISE
    from grader.sandbox.isolation import assess

    isolation = assess()
    if as_json:
        _data(json.dumps(isolation.to_dict(), indent=2) + "\n")
    else:
        _say(isolation.report() + "\n\n" + textwrap.fill(PROMISE, width=88))
    sys.exit(0 if isolation.hidden_checks_protected else EXIT_FAILED)


@main.group()
def quiz() -> None:
    """Quizzes: show a learner their own variant, check the quiz files, build learners' copies."""


@quiz.command("show")
@click.argument("module")
@click.option("--learner", required=True, help="The learner's id: the name of their folder.")
@click.option("--html", type=click.Path(path_type=Path, dir_okay=False),
              help="Also write the variant as a page to this HTML file.")
@click.option("--answers", "answers_file", type=click.Path(path_type=Path, dir_okay=False),
              help="Also write the answers template to this file (never over an existing one).")
@click.option("--key", is_flag=True,
              help="Print the answer key of the learner's variant instead (instructors only).")
def quiz_show(module: str, learner: str, html: Path | None, answers_file: Path | None,
              key: bool) -> None:
    """Show LEARNER's own variant of MODULE's quiz, then the answers template to fill in.

    The learner saves the template as MODULE.quiz.toml in their folder, next to MODULE.py;
    `grader grade` grades it with the exercises.
    """
    from grader.course import find_course_root
    from grader.quiz import answer_key, show_quiz, write_quiz_handout

    try:
        root = find_course_root()
        if key:
            text = answer_key(module, learner=learner, course_root=root)
        else:
            text = show_quiz(module, learner=learner, course_root=root)
            write_quiz_handout(module, learner=learner, course_root=root, html=html,
                               answers=answers_file)
    except Exception as error:  # noqa: BLE001
        _fail(*_explain(error))
    _say(text, nl=False)


@quiz.command("check")
def quiz_check() -> None:
    """Check the course's quiz files; print each mistake as FILE:LINE: what to fix.

    Exit status: 0 when there is none, 1 when there are mistakes.
    """
    from grader.course import find_course_root
    from grader.quiz import check_quiz_files

    try:
        problems = check_quiz_files(find_course_root())
    except Exception as error:  # noqa: BLE001
        _fail(*_explain(error))
    for problem in problems:
        _say(problem)
    if problems:
        sys.exit(EXIT_FAILED)
    _say("no mistakes in the quiz files")


@quiz.command("build")
@click.option("--check", "check_only", is_flag=True,
              help="Only list the learners' copies that are out of date (exit status 1 if any).")
def quiz_build(check_only: bool) -> None:
    """Write the learners' copies of the quizzes from the instructor's files.

    Each exercises/quizzes/MODULE.toml is written from solutions/quizzes/MODULE.toml, the one
    file to edit: the same questions and choices, without answer keys or feedback.
    """
    from grader.course import find_course_root
    from grader.quiz import build_learner_files

    try:
        root = find_course_root()
        stale = build_learner_files(root, check=check_only)
    except Exception as error:  # noqa: BLE001
        _fail(*_explain(error))
    for path in stale:
        _say(f"{'out of date' if check_only else 'wrote'}: {path.relative_to(root)}")
    if not stale:
        _say("the learners' copies are up to date")
    if check_only and stale:
        sys.exit(EXIT_FAILED)


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
                                    show_pos=True, item_show_func=_shown_id)
            bar.__enter__()
        bar.update(1, learner.learner)

    try:
        yield advance
    finally:
        if bar is not None:
            bar.__exit__(None, None, None)


def _shown_id(learner: str | None) -> str | None:
    """A learner id on the progress line: the folder name, its controls shown escaped."""
    return None if learner is None else visible(learner, one_line=True)


def _explain(error: Exception) -> tuple[str, int]:
    """One line for the user, and the exit status that says whose problem it is: the family
    of the error (see grader.errors)."""
    if isinstance(error, BadInput):
        return str(error), EXIT_BAD_INPUT
    if isinstance(error, CourseProblem):
        part = f"the course's {error.part} cannot be used: " if error.part else ""
        return f"{part}{error}", EXIT_GRADER
    # A GraderFault, or an error no one expected: either way a bug or breakdown to report.
    if os.environ.get("GRADER_DEBUG"):
        raise error
    return (f"internal error ({type(error).__name__}: {error}); please report it "
            "(GRADER_DEBUG=1 shows the traceback)", EXIT_GRADER)
