"""Where a module's quiz files live, and reading them (once, while they stay unchanged).

exercises/quizzes/<module>.toml    the learners' copy: questions and choices, no answers
solutions/quizzes/<module>.toml    the instructor's: the same questions with answer keys,
                                   per-choice feedback and explanations (the one to edit)
solutions/quizzes/<module>.py      the parameter generators of its computed questions
solutions/<module>.py              the reference solution the generators compute with
<learner folder>/<module>.quiz.toml   a learner's answers
"""

from __future__ import annotations

import hashlib
import inspect
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from grader.checks.collect import CollectError, load_trusted_module
from grader.course import load_course
from grader.errors import BadInput, CourseProblem, GraderError
from grader.quiz._parse import Problem, parse_quiz
from grader.quiz.model import Quiz, Side
from grader.quiz.variants import Generators

__all__ = [
    "QuizError",
    "QuizFileError",
    "QuizFiles",
    "QuizInputError",
    "answers_filename",
    "load_generators",
    "load_quiz",
    "module_names",
    "quiz_modules",
]


class QuizError(GraderError):
    """A quiz cannot be shown or graded, for one of the two reasons below."""


class QuizInputError(QuizError, BadInput):
    """What the user asked of a quiz cannot be done: no such module, no quiz for it, an answers
    file already there (the user's input)."""


class QuizFileError(QuizError, CourseProblem):
    """A quiz's files have mistakes (the message lists them, with lines): the course's fault."""

    part = "quiz"


def answers_filename(module: str) -> str:
    """The name of a learner's answers file for `module`'s quiz: `<module>.quiz.toml`."""
    return f"{module}.quiz.toml"


@dataclass(frozen=True)
class QuizFiles:
    """The files of one module's quiz in a course folder."""

    root: Path
    module: str

    @property
    def learner(self) -> Path:
        return self.root / "exercises" / "quizzes" / f"{self.module}.toml"

    @property
    def source(self) -> Path:
        return self.root / "solutions" / "quizzes" / f"{self.module}.toml"

    @property
    def generators(self) -> Path:
        return self.root / "solutions" / "quizzes" / f"{self.module}.py"

    @property
    def reference(self) -> Path:
        return self.root / "solutions" / f"{self.module}.py"

    def relative(self, path: Path) -> str:
        try:
            return str(path.relative_to(self.root))
        except ValueError:
            return str(path)


def quiz_modules(course_root: Path) -> tuple[str, ...]:
    """The course's modules that have a quiz, in the course's order."""
    names = module_names(course_root)
    return tuple(
        m
        for m in names
        if QuizFiles(course_root, m).source.is_file() or QuizFiles(course_root, m).learner.is_file()
    )


def load_quiz(module: str, *, course_root: Path, side: Side | None = None) -> Quiz:
    """`module`'s quiz: the instructor's file when there is one (or `side` says so), else the
    learners'. Raises QuizError when there is no such quiz or its file has mistakes."""
    files = _quiz_files(module, course_root)
    if side is None:
        side = "instructor" if files.source.is_file() else "learner"
    path = files.source if side == "instructor" else files.learner
    if not path.is_file():
        raise QuizInputError(f"module {module!r} has no quiz: {files.relative(path)} not found")
    text = path.read_text(encoding="utf-8")
    quiz, problems = _parsed(path, text, module, side, files.relative(path))
    if problems or quiz is None:
        raise QuizFileError(_describe(files.relative(path), problems))
    return quiz


def module_names(course_root: Path) -> tuple[str, ...]:
    """The course's modules (course.toml parsed once while it stays unchanged)."""
    config = Path(course_root) / "exercises" / "course.toml"
    return _names(Path(course_root), _digest(config) if config.is_file() else None)


@lru_cache(maxsize=8)
def _names(course_root: Path, stamp: object) -> tuple[str, ...]:
    return load_course(course_root).module_names


def _quiz_files(module: str, course_root: Path) -> QuizFiles:
    names = module_names(course_root)
    if module not in names:
        raise QuizInputError(f"unknown module {module!r}: this course has {', '.join(names)}")
    return QuizFiles(course_root, module)


def _describe(where: str, problems: list[Problem]) -> str:
    listed = "\n".join(f"  {p}" for p in problems)
    count = "1 mistake" if len(problems) == 1 else f"{len(problems)} mistakes"
    return f"{where} has {count}; fix it (`grader quiz check` lists them all):\n{listed}"


def _digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


# Cached by content, not by modification time, which may not change between two quick edits.
@lru_cache(maxsize=64)
def _parsed(
    path: Path, text: str, module: str, side: Side, shown: str
) -> tuple[Quiz | None, list[Problem]]:
    return parse_quiz(text, path=shown, module=module, side=side, file=path)


def load_generators(module: str, *, course_root: Path) -> Generators | None:
    """The generators of `module`'s computed questions and its reference solution; None when
    the generators file is not there (a learner's copy of the course). Raises QuizError when
    the file cannot be imported."""
    files = QuizFiles(course_root, module)
    if not files.generators.is_file():
        return None
    reference = files.reference if files.reference.is_file() else None
    stamps = (_digest(files.generators), _digest(reference) if reference else None)
    return _imported(files.generators, reference, stamps, module, files.relative(files.generators))


@lru_cache(maxsize=16)
def _imported(
    path: Path, reference: Path | None, stamps: object, module: str, shown: str
) -> Generators:
    try:
        generators = load_trusted_module(path, f"grader_quiz_generators_{module}")
        solution = (
            load_trusted_module(reference, f"grader_quiz_reference_{module}") if reference else None
        )
    except CollectError as error:
        raise QuizFileError(str(error)) from None
    functions = {
        name: value
        for name, value in vars(generators).items()
        if inspect.isfunction(value) and not name.startswith("_")
    }
    return Generators(functions, solution, shown)
