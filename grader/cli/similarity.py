"""`grader similarity`: which learners' submissions look copied, for the instructor alone."""

from __future__ import annotations

from pathlib import Path

import click

from grader.cli._options import gradebook_option
from grader.cli._terminal import explain, fail, say

__all__ = ["similarity"]


@click.command()
@click.option(
    "--module",
    "modules",
    multiple=True,
    metavar="MODULE",
    help="Compare this module (again for more; default: every module of the course).",
)
@gradebook_option
@click.option(
    "--out",
    type=click.Path(path_type=Path, file_okay=False),
    default=Path("reports") / "similarity",
    show_default=True,
    help="Where the report goes: the instructor's, never given to learners.",
)
@click.option(
    "--at",
    "report_at",
    type=click.FloatRange(min=0),
    help="Report pairs from this score (default 0.5; lower it to read further down the ranking).",
)
def similarity(modules: tuple[str, ...], db: Path, out: Path, report_at: float | None) -> None:
    """Rank the pairs of learners whose submissions share rare code or rare wrong answers,
    module by module, from a graded class's gradebook, with the reasons for each.

    Writes index.html (the class), a page per module, a side-by-side page per pair and
    pairs.csv into --out. Evidence to read, never a verdict.
    """
    from grader.course import load_course
    from grader.similarity.compare import Rules
    from grader.similarity.report import describe
    from grader.similarity.run import similarity_report

    rules = Rules() if report_at is None else Rules(report_at=report_at)
    try:
        found, _ = similarity_report(
            db=db, course=load_course(), out=out, modules=modules, rules=rules
        )
    except Exception as error:  # noqa: BLE001
        fail(*explain(error))
    say(describe(found))
    say(f"report: {out / 'index.html'}")
