"""`grader collect`: a course platform's download, sorted into one folder per learner."""

from __future__ import annotations

from pathlib import Path

import click

from grader.cli._terminal import explain, fail, say

__all__ = ["collect"]

# grader.collect.PLATFORM_NAMES, spelled out: the package is imported only when the command runs
PLATFORMS = ("auto", "canvas", "moodle", "blackboard", "gradescope", "github", "folders")


@click.command()
@click.argument("source", type=click.Path(path_type=Path))
@click.option(
    "--out",
    type=click.Path(path_type=Path, file_okay=False),
    metavar="CLASS",
    required=True,
    help="The class folder to write: one folder per learner, manifest.csv, collected.txt.",
)
@click.option(
    "--roster",
    type=click.Path(path_type=Path, dir_okay=False),
    help="CSV of the class (learner, name, email, lms_id): platform ids to learner ids.",
)
@click.option(
    "--platform",
    type=click.Choice(PLATFORMS),
    default="auto",
    show_default=True,
    help="The platform SOURCE comes from (auto: recognised from its file names).",
)
def collect(source: Path, out: Path, roster: Path | None, platform: str) -> None:
    """Sort SOURCE (a zip or folder a course platform gives) into one folder per learner.

    Writes CLASS/<learner>/<module>.py|.ipynb|.quiz.toml, and the peer review forms they
    handed in (<module>-review-<PSEUDONYM>.toml, for `grader peer collect CLASS`),
    CLASS/manifest.csv (submission times, for `grader grade --manifest`) and
    CLASS/collected.txt (what is printed here).
    Every file not placed is listed with why. Exit status 0 when collecting ran, 2 on bad
    input.
    """
    from grader.collect import collect_submissions
    from grader.course import load_course
    from grader.load.roster import read_roster

    try:
        collected = collect_submissions(
            source=source,
            out=out,
            course=load_course(),
            roster=read_roster(roster) if roster else None,
            platform=platform,
        )
    except Exception as error:  # noqa: BLE001 - every failure gets one line, never a traceback
        fail(*explain(error))
    say(collected.describe(), nl=False)
