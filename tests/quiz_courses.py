"""Temporary courses for the quiz tests: a copy of the fixture course, with a quiz of your own.

    root = course_copy(tmp_path)
    write_quiz(root, "regression", QUIZ_HEAD + NUMERIC_QUESTION)  # instructor's file, built
    grade_answers("regression", 'q = 2.5', learner="ada", course_root=root)
"""

from __future__ import annotations

import shutil
import textwrap
from pathlib import Path

from grader.quiz import build_learner_files

ROOT = Path(__file__).resolve().parent.parent  # the shipped course
COURSE = Path(__file__).resolve().parent / "course"  # the grader's fixture course

QUIZ_HEAD = 'title = "A quiz for the tests"\n'


def course_copy(tmp_path: Path) -> Path:
    """A copy of the fixture course's exercises/ and solutions/ in `tmp_path / "course"`."""
    root = tmp_path / "course"
    for part in ("exercises", "solutions"):
        shutil.copytree(COURSE / part, root / part,
                        ignore=shutil.ignore_patterns("__pycache__", "*.ipynb"))
    return root


def write_quiz(root: Path, module: str, source: str, generators: str | None = None, *,
               build: bool = True) -> Path:
    """Write `module`'s instructor quiz file (and its generators), then the learners' copy."""
    path = root / "solutions" / "quizzes" / f"{module}.toml"
    path.write_text(textwrap.dedent(source), encoding="utf-8")
    generators_path = path.with_suffix(".py")
    if generators is not None:
        generators_path.write_text(textwrap.dedent(generators), encoding="utf-8")
    if build:
        build_learner_files(root)
    return path


def question(id: str, kind: str, body: str = "", *, points: float = 1,
             text: str = "A question?") -> str:
    """One [[questions]] table, with `body` (TOML lines, choices included) after its keys."""
    return (f'\n[[questions]]\nid = "{id}"\ntype = "{kind}"\npoints = {points}\n'
            f'text = "{text}"\n{textwrap.dedent(body).strip()}\n')


def choices(*texts: str, correct: tuple[int, ...] = (0,)) -> str:
    """[[questions.choices]] tables; the choices at the `correct` indexes are right."""
    tables = []
    for index, text in enumerate(texts):
        right = "correct = true\n" if index in correct else ""
        tables.append(f'\n[[questions.choices]]\ntext = "{text}"\n{right}'
                      f'feedback = "Feedback on {text}."\n')
    return "".join(tables)
