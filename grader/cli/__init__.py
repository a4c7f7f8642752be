"""The command line: a thin shell of one module per command over the package's plain,
keyword-only functions (grader.selfcheck, grader.grading, grader.exports, grader.quiz,
grader.release, grader.authoring, grader.peer).

Each command imports what it runs only when it runs, so that `grader check` starts fast.
"""

from __future__ import annotations

import click

from grader import __version__
from grader.cli.check import check
from grader.cli.collect import collect
from grader.cli.doctor import doctor
from grader.cli.grade import export, grade, override
from grader.cli.learner import learner
from grader.cli.new import new
from grader.cli.peer import peer
from grader.cli.publish import publish
from grader.cli.quiz import quiz
from grader.cli.release import release
from grader.cli.similarity import similarity
from grader.cli.validate import validate

__all__ = ["main"]


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="grader")
def main() -> None:
    """Grade machine-learning exercises with learner code sandboxed and feedback that teaches."""


for command in (
    release,
    check,
    collect,
    grade,
    override,
    publish,
    export,
    learner,
    doctor,
    quiz,
    peer,
    similarity,
    validate,
    new,
):
    main.add_command(command)
