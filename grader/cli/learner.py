"""`grader learner rename|remove|restore|list`: correct the class list, with a record of it."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import click

from grader.cli._options import gradebook_option
from grader.cli._terminal import explain, fail, say

__all__ = ["learner"]


@click.group()
def learner() -> None:
    """Rename, remove or restore a learner in the gradebook, each with a record; list the
    roster and the record. The output folder of the last `grader grade` is updated at once."""


@learner.command()
@click.argument("old")
@click.argument("new")
@click.option("--reason", required=True, help="Why: kept in the record.")
@gradebook_option
def rename(old: str, new: str, reason: str, db: Path) -> None:
    """Give all of OLD's attempts, overrides, extensions and quiz results to NEW (refused if
    NEW has grades). A folder still named OLD is graded as NEW from now on."""
    from grader.grading.learner_record import rename_learner

    _run(rename_learner, db=db, old=old, new=new, reason=reason)


@learner.command()
@click.argument("learner_id", metavar="ID")
@click.option("--reason", required=True, help="Why: kept in the record.")
@gradebook_option
def remove(learner_id: str, reason: str, db: Path) -> None:
    """Take ID out of every output; their grades stay in the gradebook, marked removed, and
    their folder is no longer graded."""
    from grader.grading.learner_record import remove_learner

    _run(remove_learner, db=db, learner=learner_id, reason=reason)


@learner.command()
@click.argument("learner_id", metavar="ID")
@click.option("--reason", default="", help="Why: kept in the record.")
@gradebook_option
def restore(learner_id: str, reason: str, db: Path) -> None:
    """Undo the removal of ID: in every output again, their folder graded again."""
    from grader.grading.learner_record import restore_learner

    _run(restore_learner, db=db, learner=learner_id, reason=reason)


@learner.command(name="list")
@gradebook_option
def list_(db: Path) -> None:
    """Show the roster, who is removed, and the record of every rename and removal."""
    from grader.grading.learner_record import list_learners

    _run(list_learners, db=db)


def _run(action: Callable[..., Any], **options: Any) -> None:
    try:
        done = action(**options)
    except Exception as error:  # noqa: BLE001
        fail(*explain(error))
    say(done.describe())
