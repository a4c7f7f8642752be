"""The one data model of grading results, spoken by every other part of the grader.

The types live in small modules (checks, modules, notes, quizzes, peer, learners, isolation,
caps, and release: what learners may see before a module's feedback is released); this package
only gathers them, so `from grader.results import X` is the one way in.
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
from grader.results.evaluation import Evaluation, Scores
from grader.results.isolation import IsolationLevel
from grader.results.learners import ClassResult, LearnerResult
from grader.results.modules import Attempt, Lateness, ModuleResult, ModuleStatus, SubmittedFrom
from grader.results.notes import Note
from grader.results.peer import (
    CriterionMark,
    PeerResult,
    Review,
    ReviewChange,
    ReviewingMark,
    ReviewScore,
    Weights,
)
from grader.results.quizzes import QuestionResult, QuestionStatus, QuizResult, QuizStatus
from grader.results.release import (
    ALL_RELEASED,
    FeedbackRelease,
    Pending,
    Until,
    pending_line,
    without_answers,
)

__all__ = [
    "MAX_DETAIL",
    "MAX_MESSAGE",
    "MAX_NOTE",
    "MAX_NOTES",
    "MAX_OUTPUT",
    "MAX_SOURCE",
    "MAX_TRACEBACK",
    "ALL_RELEASED",
    "Attempt",
    "CheckResult",
    "CheckStatus",
    "ClassResult",
    "CriterionMark",
    "Detail",
    "Evaluation",
    "FeedbackRelease",
    "IsolationLevel",
    "Lateness",
    "LearnerResult",
    "Misconception",
    "ModuleResult",
    "ModuleStatus",
    "Note",
    "Override",
    "Pending",
    "PeerResult",
    "Review",
    "ReviewChange",
    "ReviewScore",
    "ReviewingMark",
    "QuestionResult",
    "QuestionStatus",
    "QuizResult",
    "QuizStatus",
    "Scores",
    "SmallestInput",
    "SubmittedFrom",
    "Until",
    "Visibility",
    "Weights",
    "cap_text",
    "pending_line",
    "scored_status",
    "without_answers",
]
