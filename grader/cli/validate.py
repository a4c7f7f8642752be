"""`grader validate`: say what to fix in the course's modules, as FILE:LINE: what to fix."""

from __future__ import annotations

import sys

import click

from grader.cli._terminal import EXIT_FAILED, explain, fail, say

__all__ = ["validate"]


@click.command()
@click.argument("modules", nargs=-1)
def validate(modules: tuple[str, ...]) -> None:
    """Check that MODULES (all the course's when none) hold together: the reference earns
    every point and the stub none; every classic mistake loses points on its own function
    only and is named first on every check it fails; checks make the same calls every run;
    each graded function has public and hidden checks and three classic mistakes; notebooks
    and the learners' quiz copies are up to date and the quizzes have no mistakes.

    Prints each finding as FILE:LINE: what to fix. Exit status: 0 when there is none, 1 when
    there are findings.
    """
    from grader.authoring import validate as findings_of
    from grader.course import load_course

    try:
        course = load_course()
        findings = findings_of(course=course, modules=modules)
    except Exception as error:  # noqa: BLE001 - every failure gets one line, never a traceback
        fail(*explain(error))
    for finding in findings:
        say(str(finding))
    checked = len(modules) or len(course.modules)
    if findings:
        say(f"{len(findings)} to fix in {checked} module{'' if checked == 1 else 's'}", err=True)
        sys.exit(EXIT_FAILED)
    say(f"{checked} module{'' if checked == 1 else 's'} validated: nothing to fix")
