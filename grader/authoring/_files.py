"""The rules `grader validate` checks on files written from others: the notebook from the
stub, the learners' quiz copy from the instructor's, and the quiz files' own check."""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path

from grader.authoring._grading import relative
from grader.authoring.findings import Finding
from grader.course import Course, Module
from grader.quiz import QuizError, build_learner_files, check_quiz_files
from grader.release.notebooks import notebook_text

__all__ = ["notebook_is_in_sync", "quiz_is_in_sync"]

_PROBLEM = re.compile(r"^(?P<path>[^\n]*?):(?P<line>\d+): (?P<message>.*)$", re.DOTALL)


def notebook_is_in_sync(course: Course, module: Module) -> Iterator[Finding]:
    """The module's notebook is what the release's generator writes from the stub now."""
    notebook = module.stub.with_suffix(".ipynb")
    fix = "write it from the stub with `python exercises/make_notebooks.py`"
    if not notebook.is_file():
        yield Finding(
            relative(course, module.stub), 1, f"no notebook {relative(course, notebook)}: {fix}"
        )
    elif notebook.read_text(encoding="utf-8") != notebook_text(module.stub):
        yield Finding(
            relative(course, notebook),
            1,
            f"out of date with {relative(course, module.stub)}: {fix}",
        )


def quiz_is_in_sync(course: Course, module: Module) -> Iterator[Finding]:
    """`grader quiz check` finds no mistake in the module's quiz files, and its learners' copy
    is what `grader quiz build` writes."""
    for problem in check_quiz_files(course.root):
        found = _finding(problem)
        if Path(found.path).stem == module.name:
            yield found
    try:
        stale = build_learner_files(course.root, check=True)
    except QuizError:
        return  # a mistake in an instructor's file: the check above names it
    for path in stale:
        if path.stem == module.name:
            yield Finding(
                relative(course, path),
                1,
                "out of date with the instructor's quiz "
                "in solutions/quizzes/: write it again with `grader quiz build`",
            )


def _finding(problem: str) -> Finding:
    match = _PROBLEM.match(problem)
    if match is None:
        return Finding("exercises/course.toml", 1, problem)
    return Finding(match["path"], int(match["line"]), match["message"])
