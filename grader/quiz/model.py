"""What a quiz is: its questions, their choices and, on the instructor's side, their answer keys."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Literal

__all__ = ["Choice", "Question", "QuestionType", "Quiz", "Side"]

QuestionType = Literal["single", "multiple", "numeric", "text", "computed"]
QUESTION_TYPES: tuple[QuestionType, ...] = ("single", "multiple", "numeric", "text", "computed")

# Where a quiz was read from: the instructor's file (solutions/quizzes/, with the answer keys)
# or the learner's (exercises/quizzes/, questions only).
Side = Literal["instructor", "learner"]


@dataclass(frozen=True)
class Choice:
    """One choice of a single- or multiple-choice question."""

    text: str
    correct: bool = False  # instructor only
    feedback: str = ""  # instructor only: why this choice is right or wrong, shown after grading


@dataclass(frozen=True)
class Question:
    """One question as its author wrote it (a computed one before its numbers are drawn)."""

    id: str
    type: QuestionType
    points: float
    text: str
    title: str = ""
    choices: tuple[Choice, ...] = ()
    shuffle: bool = True  # choice questions: each learner sees the choices in their own order
    partial_credit: bool = True  # multiple choice: the partial-credit rule, else all or nothing
    answer: float | None = None  # numeric, instructor only
    abs_tol: float = 0.0  # numeric and computed, instructor only
    rel_tol: float = 0.0
    accept: tuple[str, ...] = ()  # text, instructor only: the accepted answers
    case_sensitive: bool = False  # text
    generator: str = ""  # computed, instructor only: a function of solutions/quizzes/<module>.py
    explanation: str = ""  # instructor only: shown with the feedback after grading
    line: int = 0  # where the question starts in its file

    @property
    def is_choice(self) -> bool:
        return self.type in ("single", "multiple")

    @property
    def correct_choices(self) -> frozenset[int]:
        return frozenset(i for i, choice in enumerate(self.choices) if choice.correct)


@dataclass(frozen=True)
class Quiz:
    """A module's quiz, read from one file."""

    module: str
    id: str  # with the learner id, seeds every variant: a new id gives everyone new variants
    title: str
    intro: str
    questions: tuple[Question, ...]
    path: Path
    side: Side

    @property
    def max_score(self) -> float:
        return round(sum(q.points for q in self.questions), 6)

    @property
    def has_keys(self) -> bool:
        return self.side == "instructor"

    def question(self, question_id: str) -> Question:
        for question in self.questions:
            if question.id == question_id:
                return question
        raise KeyError(question_id)
