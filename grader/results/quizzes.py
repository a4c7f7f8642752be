"""The result of grading one learner's quiz, shaped like a module's entry of results.json."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from enum import StrEnum
from typing import Any

from grader.results.checks import Override
from grader.results.modules import ModuleStatus

__all__ = ["QuestionResult", "QuestionStatus", "QuizResult", "QuizStatus"]

# A quiz is graded, missing or in error exactly as a module's file is.
QuizStatus = ModuleStatus


class QuestionStatus(StrEnum):
    """How one question of a quiz went for one learner."""

    CORRECT = "correct"
    PARTIAL = "partial"  # multiple choice: some of the points
    INCORRECT = "incorrect"
    UNANSWERED = "unanswered"  # no answer, or an empty one: "not answered"
    INVALID = "invalid"  # the answer cannot be read: a text for a number, no such choice, ...
    ERROR = "error"  # the question could not be graded: the course's fault, never the learner's


@dataclass(frozen=True)
class QuestionResult:
    """One question's outcome: its points and the feedback that teaches."""

    id: str
    title: str
    status: QuestionStatus
    score: float
    max_score: float
    feedback: str = ""  # why, with the feedback of the choices concerned and the explanation
    answer: str = ""  # what the learner answered, as they wrote it
    expected: str = ""  # the right answer of this learner's variant
    internal_error: str = ""  # for instructors: why the question could not be graded

    @property
    def grader_error(self) -> bool:
        return bool(self.internal_error)

    def to_dict(self) -> dict[str, Any]:
        data: dict[str, Any] = {
            "id": self.id,
            "title": self.title,
            "status": self.status.value,
            "score": self.score,
            "max_score": self.max_score,
            "feedback": self.feedback,
        }
        for name in ("answer", "expected"):
            if value := getattr(self, name):
                data[name] = value
        if self.internal_error:
            data["grader_error"] = True
            data["internal_error"] = self.internal_error
        return data

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> QuestionResult:
        return cls(
            id=data["id"],
            title=data.get("title", data["id"]),
            status=QuestionStatus(data["status"]),
            score=float(data["score"]),
            max_score=float(data["max_score"]),
            feedback=data.get("feedback", ""),
            answer=data.get("answer", ""),
            expected=data.get("expected", ""),
            internal_error=data.get("internal_error", ""),
        )


@dataclass(frozen=True)
class QuizResult:
    """One learner's result for one module's quiz (one answers file)."""

    quiz: str  # the module the quiz belongs to
    file: str | None  # the answers file's name; None when it was not handed in
    status: QuizStatus
    questions: tuple[QuestionResult, ...] = ()
    max_score: float = 0.0
    message: str = ""  # why a quiz is missing or in error, in a sentence or two
    notes: tuple[str, ...] = ()  # what the learner should know that costs no points
    title: str = ""
    variant: str = ""  # the learner's variant code, as their answers template carries it
    override: Override | None = None  # an instructor's score for the whole quiz

    @property
    def questions_score(self) -> float:
        """What the questions gave, before any override."""
        return round(float(sum(q.score for q in self.questions)), 6)

    @property
    def score(self) -> float:
        """The score that counts: the instructor's override, else what the questions gave."""
        return self.override.score if self.override is not None else self.questions_score

    @property
    def grader_errors(self) -> int:
        return sum(q.grader_error for q in self.questions)

    def question(self, question_id: str) -> QuestionResult:
        for result in self.questions:
            if result.id == question_id:
                return result
        raise KeyError(question_id)

    def to_dict(self) -> dict[str, Any]:
        data: dict[str, Any] = {
            "quiz": self.quiz,
            "file": self.file,
            "status": self.status.value,
            "score": self.score,
            "max_score": self.max_score,
            "questions": [q.to_dict() for q in self.questions],
        }
        for name in ("title", "variant", "message"):
            if value := getattr(self, name):
                data[name] = value
        if self.notes:
            data["notes"] = list(self.notes)
        if self.override is not None:
            data["questions_score"] = self.questions_score
            data["override"] = self.override.to_dict()
        return data

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> QuizResult:
        return cls(
            quiz=data["quiz"],
            file=data.get("file"),
            status=QuizStatus(data["status"]),
            questions=tuple(QuestionResult.from_dict(q) for q in data.get("questions", ())),
            max_score=float(data["max_score"]),
            message=data.get("message", ""),
            notes=tuple(data.get("notes", ())),
            title=data.get("title", ""),
            variant=data.get("variant", ""),
            override=Override.from_dict(data["override"]) if data.get("override") else None,
        )
