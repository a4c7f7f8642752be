"""Options several commands share, so that each reads the same everywhere."""

from __future__ import annotations

from pathlib import Path

import click

__all__ = ["GRADEBOOK", "gradebook_option"]

GRADEBOOK = Path("reports") / "gradebook.sqlite"  # where `grader grade` puts it by default

# The gradebook of a command that reads or changes one after `grader grade` made it.
gradebook_option = click.option(
    "--db",
    type=click.Path(path_type=Path, dir_okay=False),
    default=GRADEBOOK,
    show_default=True,
    help="The gradebook.",
)
