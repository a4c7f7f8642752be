"""`grader quiz`: a learner's own variant of a quiz; the author's checks and learners' copies."""

from __future__ import annotations

import sys
from pathlib import Path

import click

from grader.cli._terminal import EXIT_FAILED, explain, fail, say

__all__ = ["quiz"]


@click.group()
def quiz() -> None:
    """Quizzes: show a learner their own variant, check the quiz files, build learners' copies."""


@quiz.command("show")
@click.argument("module")
@click.option("--learner", required=True, help="The learner's id: the name of their folder.")
@click.option(
    "--html",
    type=click.Path(path_type=Path, dir_okay=False),
    help="Also write the variant as a page to this HTML file.",
)
@click.option(
    "--answers",
    "answers_file",
    type=click.Path(path_type=Path, dir_okay=False),
    help="Also write the answers template to this file (never over an existing one).",
)
@click.option(
    "--key",
    is_flag=True,
    help="Print the answer key of the learner's variant instead (instructors only).",
)
def quiz_show(
    module: str, learner: str, html: Path | None, answers_file: Path | None, key: bool
) -> None:
    """Show LEARNER's own variant of MODULE's quiz, then the answers template to fill in.

    The learner saves the template as MODULE.quiz.toml in their folder, next to MODULE.py;
    `grader grade` grades it with the exercises.
    """
    from grader.course import find_course_root
    from grader.quiz import answer_key, show_quiz, write_quiz_handout

    try:
        root = find_course_root()
        if key:
            text = answer_key(module, learner=learner, course_root=root)
        else:
            text = show_quiz(module, learner=learner, course_root=root)
            write_quiz_handout(
                module, learner=learner, course_root=root, html=html, answers=answers_file
            )
    except Exception as error:  # noqa: BLE001
        fail(*explain(error))
    say(text, nl=False)


@quiz.command("check")
def quiz_check() -> None:
    """Check the course's quiz files; print each mistake as FILE:LINE: what to fix.

    Exit status: 0 when there is none, 1 when there are mistakes.
    """
    from grader.course import find_course_root
    from grader.quiz import check_quiz_files

    try:
        problems = check_quiz_files(find_course_root())
    except Exception as error:  # noqa: BLE001
        fail(*explain(error))
    for problem in problems:
        say(problem)
    if problems:
        sys.exit(EXIT_FAILED)
    say("no mistakes in the quiz files")


@quiz.command("build")
@click.option(
    "--check",
    "check_only",
    is_flag=True,
    help="Only list the learners' copies that are out of date (exit status 1 if any).",
)
def quiz_build(check_only: bool) -> None:
    """Write the learners' copies of the quizzes from the instructor's files.

    Each exercises/quizzes/MODULE.toml is written from solutions/quizzes/MODULE.toml, the one
    file to edit: the same questions and choices, without answer keys or feedback.
    """
    from grader.course import find_course_root
    from grader.quiz import build_learner_files

    try:
        root = find_course_root()
        stale = build_learner_files(root, check=check_only)
    except Exception as error:  # noqa: BLE001
        fail(*explain(error))
    for path in stale:
        say(f"{'out of date' if check_only else 'wrote'}: {path.relative_to(root)}")
    if not stale:
        say("the learners' copies are up to date")
    if check_only and stale:
        sys.exit(EXIT_FAILED)
