"""`grader peer`: assign reviews and write the packets, collect the review forms, and the
instructor's overrides and calibration marks."""

from __future__ import annotations

from pathlib import Path

import click

from grader.cli._options import gradebook_option
from grader.cli._terminal import explain, fail, say

__all__ = ["peer"]

_output_option = click.option(
    "--out",
    "out",
    type=click.Path(path_type=Path, file_okay=False),
    help="The output folder to write again (default: the last `grader grade`'s).",
)


@click.group()
def peer() -> None:
    """Peer review: learners review each other's graded work against the course's rubric."""


@peer.command("assign")
@click.argument("module")
@click.option(
    "--reviewers",
    type=click.IntRange(min=1),
    help="Reviewers per submission (default: the course's [peer.MODULE] reviewers).",
)
@click.option("--seed", type=int, help="The same seed gives the same allocation (default 0).")
@click.option(
    "--conflicts",
    type=click.Path(path_type=Path, dir_okay=False, exists=True),
    help="CSV learner,group: learners of a group (a team, a conflict) never review each other.",
)
@click.option(
    "--out",
    type=click.Path(path_type=Path, file_okay=False),
    help="Where the packets go, a folder per reviewer (default: packets/MODULE).",
)
@gradebook_option
def peer_assign(
    module: str,
    reviewers: int | None,
    seed: int | None,
    conflicts: Path | None,
    out: Path | None,
    db: Path,
) -> None:
    """Give each submission of MODULE its reviewers among the learners who handed it in, and
    write each reviewer's packets: a page per submission and the form to fill in.

    Run again after late submissions: the pairs made stay, the newcomers are added.
    """
    from grader.course import load_course
    from grader.peer.assign import assign_reviews

    try:
        done = assign_reviews(
            db=db,
            course=load_course(),
            module=module,
            reviewers=reviewers,
            seed=seed,
            conflicts=conflicts,
            out=out or Path("packets") / module,
        )
    except Exception as error:  # noqa: BLE001
        fail(*explain(error))
    say(done.describe())


@peer.command("collect")
@click.argument("source", type=click.Path(path_type=Path))
@gradebook_option
@_output_option
def peer_collect(source: Path, db: Path, out: Path | None) -> None:
    """Count the review forms in SOURCE: a folder with one folder per learner (what `grader
    collect` makes), a zip of one, or loose forms.

    A form that cannot count is refused with the reason, and nothing of it counts; a form
    handed in again replaces the one before (the gradebook keeps both).
    """
    from grader.course import load_course
    from grader.peer.collect import collect_reviews

    try:
        done = collect_reviews(db=db, source=source, course=load_course(), out=out)
    except Exception as error:  # noqa: BLE001
        fail(*explain(error))
    say(done.describe())


def _levels(values: tuple[str, ...]) -> dict[str, str]:
    levels = {}
    for value in values:
        criterion, equals, level = value.partition("=")
        if not equals or not criterion.strip() or not level.strip():
            fail(f"--level {value!r}: write CRITERION=LEVEL, as clarity=clear")
        levels[criterion.strip()] = level.strip()
    return levels


@peer.command("override")
@click.argument("module")
@click.argument("author")
@click.argument("score", type=click.FloatRange(min=0), required=False)
@click.option("--reviewer", help="Change this reviewer's review of AUTHOR instead.")
@click.option(
    "--level", "levels", multiple=True, metavar="CRITERION=LEVEL", help="A review's new level."
)
@click.option("--discard", is_flag=True, help="Leave the review out of the marks.")
@click.option("--reason", default="", help="Why: shown with the change wherever it counts.")
@click.option("--clear", is_flag=True, help="Clear the override: the reviews count again.")
@gradebook_option
def peer_override(
    module: str,
    author: str,
    score: float | None,
    reviewer: str | None,
    levels: tuple[str, ...],
    discard: bool,
    reason: str,
    clear: bool,
    db: Path,
) -> None:
    """Set the peer mark of AUTHOR's MODULE to SCORE, or change one --reviewer's review of it
    (--level CRITERION=LEVEL ..., or --discard), with a --reason; --clear takes it back."""
    from grader.course import load_course
    from grader.peer.decisions import override_peer

    try:
        done = override_peer(
            db=db,
            course=load_course(),
            module=module,
            author=author,
            reason=reason,
            score=score,
            reviewer=reviewer,
            levels=_levels(levels),
            discard=discard,
            clear=clear,
        )
    except Exception as error:  # noqa: BLE001
        fail(*explain(error))
    say(done.describe())


@peer.command("calibrate")
@click.argument("module")
@click.argument("author")
@click.option(
    "--level", "levels", multiple=True, metavar="CRITERION=LEVEL", help="Your level, per criterion."
)
@gradebook_option
def peer_calibrate(module: str, author: str, levels: tuple[str, ...], db: Path) -> None:
    """Mark AUTHOR's MODULE yourself, one --level per criterion: its reviewers' agreement is
    then measured against your levels instead of the other reviewers'."""
    from grader.course import load_course
    from grader.peer.decisions import calibrate

    try:
        done = calibrate(
            db=db, course=load_course(), module=module, author=author, levels=_levels(levels)
        )
    except Exception as error:  # noqa: BLE001
        fail(*explain(error))
    say(done.describe())
