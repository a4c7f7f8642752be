"""The one data model of grading results, spoken by every other part of the grader.

The types live in small modules (checks, modules, notes, quizzes, learners, isolation, caps);
this package only gathers them, so `from grader.results import X` is the one way in.
"""

from __future__ import annotations

from grader.results.caps import (
    MAX_DETAIL,
    MAX_MESSAGE,
    MAX_NOTE,
    MAX_NOTES,
    MAX_OUTPUT,
    MAX_SOURCE,
    MAX_TRACEBACK,
    cap_text,
)
from grader.results.checks import (
    CheckResult,
    CheckStatus,
    Detail,
    Misconception,
    Override,
    SmallestInput,
    Visibility,
    scored_status,
)
from grader.results.isolation import IsolationLevel
from grader.results.learners import ClassResult, LearnerResult
from grader.results.modules import Attempt, Lateness, ModuleResult, ModuleStatus, SubmittedFrom
from grader.results.notes import Note
from grader.results.quizzes import QuestionResult, QuestionStatus, QuizResult, QuizStatus

__all__ = [
    "MAX_DETAIL",
    "MAX_MESSAGE",
    "MAX_NOTE",
    "MAX_NOTES",
    "MAX_OUTPUT",
    "MAX_SOURCE",
    "MAX_TRACEBACK",
    "Attempt",
    "CheckResult",
    "CheckStatus",
    "ClassResult",
    "Detail",
    "IsolationLevel",
    "Lateness",
    "LearnerResult",
    "Misconception",
    "ModuleResult",
    "ModuleStatus",
    "Note",
    "Override",
    "QuestionResult",
    "QuestionStatus",
    "QuizResult",
    "QuizStatus",
    "SmallestInput",
    "SubmittedFrom",
    "Visibility",
    "cap_text",
    "scored_status",
]
