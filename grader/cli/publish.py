"""`grader publish`: release a module's feedback to learners by hand, or take it back."""

from __future__ import annotations

from pathlib import Path

import click

from grader.cli._options import gradebook_option
from grader.cli._terminal import explain, fail, say

__all__ = ["publish"]


@click.command()
@click.option(
    "--release",
    "released",
    metavar="MODULE",
    help="Show learners the details of MODULE's hidden checks and its quiz keys ('all': "
    "every module).",
)
@click.option(
    "--withdraw",
    metavar="MODULE",
    help="Take back MODULE's release by hand ('all': every module's).",
)
@gradebook_option
@click.option(
    "--out",
    type=click.Path(path_type=Path, file_okay=False),
    help="The output folder to write again (default: the last `grader grade`'s).",
)
def publish(released: str | None, withdraw: str | None, db: Path, out: Path | None) -> None:
    """Release a module's feedback to learners, or withdraw that release.

    Before release (course.toml's [feedback]), learners' reports and exports show each
    hidden check's title, points and status and each quiz question's score only. The
    release is recorded in the gradebook with who and when, and the reports of the last
    `grader grade` are written again at once, without grading.
    """
    from grader.grading.feedback_release import release_feedback

    if (released is None) == (withdraw is None):
        fail("give --release MODULE (or all), or --withdraw MODULE")
    module = released or withdraw
    assert module is not None
    try:
        done = release_feedback(db=db, module=module, withdraw=withdraw is not None, out=out)
    except Exception as error:  # noqa: BLE001
        fail(*explain(error))
    say(done.describe())
