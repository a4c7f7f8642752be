"""What the command line says and how it ends: text for a person with every control shown
escaped (learner ids, messages and outputs reach these lines, and a terminal obeys what it is
sent), data as it is, a progress bar, and the exit status that says whose problem an error is
(the families of grader.errors)."""

from __future__ import annotations

import os
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from typing import TYPE_CHECKING, NoReturn

import click

from grader.errors import BadInput, CourseProblem
from grader.reports._visible import visible

if TYPE_CHECKING:
    from grader.grading import Progress
    from grader.results import LearnerResult

__all__ = [
    "EXIT_BAD_INPUT",
    "EXIT_FAILED",
    "EXIT_GRADER",
    "data",
    "explain",
    "fail",
    "progress_bar",
    "say",
]

EXIT_FAILED = 1  # some checks failed
EXIT_BAD_INPUT = 2  # the user's input cannot be used (grader.errors.BadInput)
EXIT_GRADER = 3  # the course or the grader itself cannot do its job (any other error)


def fail(message: str, code: int = EXIT_BAD_INPUT) -> NoReturn:
    say(f"grader: {message}", err=True)
    sys.exit(code)


def say(text: str, *, err: bool = False, nl: bool = True) -> None:
    """Write text for a person, every control in it shown escaped (see grader.reports)."""
    click.echo(visible(text), err=err, nl=nl)


def data(text: str) -> None:
    """Write data (JSON, CSV, XML) to standard output: as it is into a file or a pipe, which
    must get the learners' ids and texts byte for byte (click would drop what looks like a
    colour code, unless told the output takes colours); escaped like `say` on a terminal."""
    if sys.stdout.isatty():
        click.echo(visible(text), nl=False)
    else:
        click.echo(text, nl=False, color=True)


@contextmanager
def progress_bar() -> Iterator[Progress | None]:
    """A progress bar on a terminal; nothing when the output goes to a file or a pipe."""
    if not sys.stderr.isatty():
        yield None
        return
    bar = None

    def advance(done: int, total: int, learner: LearnerResult) -> None:
        nonlocal bar
        if bar is None:
            bar = click.progressbar(
                length=total,
                label="Grading",
                file=sys.stderr,
                show_pos=True,
                item_show_func=shown_id,
            )
            bar.__enter__()
        bar.update(1, learner.learner)

    try:
        yield advance
    finally:
        if bar is not None:
            bar.__exit__(None, None, None)


def shown_id(learner: str | None) -> str | None:
    """A learner id on the progress line: the folder name, its controls shown escaped."""
    return None if learner is None else visible(learner, one_line=True)


def explain(error: Exception) -> tuple[str, int]:
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
    return (
        f"internal error ({type(error).__name__}: {error}); please report it "
        "(GRADER_DEBUG=1 shows the traceback)",
        EXIT_GRADER,
    )
