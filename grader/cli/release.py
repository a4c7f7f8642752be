"""`grader release`: write what learners receive into a folder, and zip it."""

from __future__ import annotations

from pathlib import Path

import click

from grader.cli._terminal import explain, fail, say

__all__ = ["release"]


@click.command()
@click.argument("out", type=click.Path(path_type=Path))
@click.option(
    "--roster",
    type=click.Path(path_type=Path, dir_okay=False),
    help="CSV of the class (a `learner` column): also write each learner's quiz sheet.",
)
def release(out: Path, roster: Path | None) -> None:
    """Write what learners receive into OUT: the exercises and their notebooks, the public
    checks, the quizzes, a guide, and a zip of it all (nothing from solutions/).

    OUT must be new, empty or an earlier release, which is replaced whole.
    """
    from grader.course import load_course
    from grader.load.roster import read_roster
    from grader.release import release_course

    try:
        course = load_course()
        released = release_course(
            course=course, out=out, roster=read_roster(roster) if roster else None
        )
    except Exception as error:  # noqa: BLE001 - every failure gets one line, never a traceback
        fail(*explain(error))
    say(f"released {course.title}: {released.files} files in {out}")
    say(f"  for every learner to download: {released.zip}")
    if roster is not None:
        count = len(released.learners)
        say(f"  the quiz sheets of {count} learner{'' if count == 1 else 's'} in {out / 'sheets'}")
