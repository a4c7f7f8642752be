"""Quizzes in a grading run: grade each learner's answers file when it or its quiz changed
since the gradebook's latest quiz attempt, and keep the rest.

Quizzes are graded in the grader's own process: an answers file is TOML data, never code,
and the parameter generators and reference solutions are instructor code, like the checks.
"""

from __future__ import annotations

import hashlib
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

from grader import __version__
from grader.course import Course
from grader.gradebook import QuizEntry
from grader.load import LearnerFiles
from grader.quiz import answers_filename, grade_quiz, load_quiz, quiz_modules

__all__ = ["QuizRun"]


@dataclass(frozen=True)
class QuizRun:
    """The course's quizzes, their fingerprints, and what the gradebook last recorded."""

    course: Course
    quizzes: tuple[str, ...]
    fingerprints: Mapping[str, str]
    latest: Mapping[tuple[str, str], tuple[str, str]]
    regrade: bool = False

    @classmethod
    def start(
        cls,
        course: Course,
        latest: Mapping[tuple[str, str], tuple[str, str]],
        *,
        regrade: bool = False,
    ) -> QuizRun:
        """Read every quiz once, so that a broken one stops the run before any grading."""
        quizzes = quiz_modules(course.root)
        for quiz in quizzes:
            load_quiz(quiz, course_root=course.root, side="instructor")
        fingerprints = {q: _fingerprint(course.root, q) for q in quizzes}
        return cls(course, quizzes, fingerprints, latest, regrade)

    def entries(self, learner: LearnerFiles) -> list[QuizEntry]:
        """The learner's quizzes that changed since their latest attempt, graded now."""
        found = []
        for quiz in self.quizzes:
            answers = learner.folder / answers_filename(quiz)
            inputs = _file_sha256(answers)
            if not self.regrade and self.latest.get((learner.learner, quiz)) == (
                inputs,
                self.fingerprints[quiz],
            ):
                continue
            result = grade_quiz(
                quiz,
                answers if answers.is_file() else None,
                learner=learner.learner,
                course_root=self.course.root,
            )
            found.append(QuizEntry(quiz, inputs, self.fingerprints[quiz], result))
        return found


def _fingerprint(root: Path, quiz: str) -> str:
    """The quiz's files, its generators and the reference solution its answers come from."""
    digest = hashlib.sha256(__version__.encode())
    for path in (
        root / "solutions" / "quizzes" / f"{quiz}.toml",
        root / "solutions" / "quizzes" / f"{quiz}.py",
        root / "solutions" / f"{quiz}.py",
    ):
        digest.update(path.name.encode())
        digest.update(path.read_bytes() if path.is_file() else b"-")
    return digest.hexdigest()


def _file_sha256(path: Path) -> str:
    if path.is_symlink() or not path.is_file():
        return "missing"
    return hashlib.sha256(path.read_bytes()).hexdigest()
