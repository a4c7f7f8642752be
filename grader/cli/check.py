"""`grader check`: a learner self-checks one file against its module's public checks."""

from __future__ import annotations

import json
import sys
from pathlib import Path

import click

from grader.cli._terminal import EXIT_FAILED, data, explain, fail

__all__ = ["check"]


@click.command()
@click.argument("file", type=click.Path(path_type=Path, dir_okay=False))
@click.option("--module", help="The module to check FILE as (default: from the file name).")
@click.option("--json", "as_json", is_flag=True, help="Print the result as JSON.")
@click.option(
    "--html",
    type=click.Path(path_type=Path, dir_okay=False),
    help="Also write a feedback report to this HTML file.",
)
def check(file: Path, module: str | None, as_json: bool, html: Path | None) -> None:
    """Self-check FILE against its module's public checks.

    Exit status: 0 when every public check passes, 1 when some fail, 2 on bad input.
    """
    try:
        _boot_sandbox_early(file, module or file.stem)
        from grader.selfcheck import check_file, hidden_points, write_self_check_report

        # before the file is checked: collecting the hidden checks overlaps the zygote's boot
        hidden = None if as_json else hidden_points(file, module=module)
        result = check_file(file, module=module)
        if html:
            write_self_check_report(result, html)
    except Exception as error:  # noqa: BLE001 - every failure gets one line, never a traceback
        fail(*explain(error))
    from grader.sandbox.isolation import assess

    isolation = assess()
    if as_json:
        found = {**result.to_dict(), "isolation": isolation.to_dict()}
        data(json.dumps(found, indent=2, ensure_ascii=False) + "\n")
    else:
        from grader.reports import render_check_text

        text = render_check_text(
            result, color=sys.stdout.isatty(), isolation=isolation.summary(), hidden_points=hidden
        )
        click.echo(text.rstrip("\n"))  # its learner-made parts are made visible there
    sys.exit(0 if all(c.passed for c in result.checks) else EXIT_FAILED)


def _boot_sandbox_early(file: Path, name: str) -> None:
    """Start the sandbox's zygote (a fresh interpreter importing numpy) before this process
    imports numpy and the checks: on two cores, both happen at once."""
    from grader.course import CourseError, course_for
    from grader.sandbox.isolation import plan_for

    try:
        course = course_for(file)
    except CourseError:
        return  # check_file says what is wrong
    from grader.sandbox.zygote import zygote_for

    if name in course.module_names:  # else check_file says what is wrong
        module = course.module(name)
        zygote_for(plan_for([course.root / "solutions"]), module.limits, preload=module.preload)
