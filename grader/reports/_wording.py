"""How every report says a result: status words, icons, points and percents."""

from __future__ import annotations

from datetime import datetime
from typing import TYPE_CHECKING

from grader.results import CheckResult, CheckStatus, Lateness, ModuleResult, ModuleStatus

if TYPE_CHECKING:
    from grader.results.quizzes import QuestionResult

__all__ = [
    "check_word",
    "days",
    "icon",
    "late_words",
    "lead",
    "module_word",
    "percent",
    "points",
    "question_icon",
    "question_word",
    "ratio",
    "sentence",
    "to_fix",
    "when",
]

# A status is always shown as a word (and in HTML an icon too), never as a colour alone.
_ICONS = {
    CheckStatus.PASSED: "✔",
    CheckStatus.FAILED: "✘",
    CheckStatus.ERROR: "⚠",
    CheckStatus.TIMEOUT: "◷",
}
GRADER_ERROR_ICON = "⚙"


def check_word(check: CheckResult) -> str:
    """`passed`, `failed`, `error`, `timeout`, or `grader error` when the check itself broke."""
    return "grader error" if check.grader_error else check.status.value


def icon(check: CheckResult) -> str:
    return GRADER_ERROR_ICON if check.grader_error else _ICONS[check.status]


def points(value: float) -> str:
    """1.0 -> '1', 0.5 -> '0.5', 2.3333333 -> '2.33'."""
    return f"{round(value, 2):g}"


def ratio(score: float, max_score: float) -> float:
    """The fraction of the points earned; 0 when there was nothing to earn."""
    return score / max_score if max_score > 0 else 0.0


def percent(score: float, max_score: float) -> str:
    """'62%', '19.6%': one decimal at most, so 19.6% never reads as 20%."""
    return f"{round(100 * ratio(score, max_score), 1):g}%"


def to_fix(module: ModuleResult) -> int:
    """Checks the learner has to fix: not passed, and not broken on the grader's side."""
    return sum(1 for c in module.checks if not c.passed and not c.grader_error)


def lead(check: CheckResult) -> str:
    """The check's feedback sentence, or "" when the detail already says all of it.

    The checks runner writes the feedback of a wrong answer as "<call> <reason>" and of a
    timeout as the reason itself; showing those above the call and the reason would say
    everything twice. Anything else (not implemented yet, not run, grader error) is kept.
    """
    feedback, detail = check.feedback, check.detail
    if not feedback or check.passed:
        return ""
    if detail.reason and feedback == detail.reason:
        return ""
    call_first = bool(detail.function) and feedback.startswith(f"{detail.function}(")
    if call_first and detail.reason and feedback.endswith(detail.reason):
        return ""
    return feedback


def module_word(module: ModuleResult) -> str:
    """'' for a graded module, else its status word: 'missing', 'error'."""
    return "" if module.status is ModuleStatus.GRADED else module.status.value


_QUESTION_ICONS = {
    "correct": "✔",
    "partial": "◐",
    "incorrect": "✘",
    "unanswered": "○",
    "invalid": "⚠",
    "error": GRADER_ERROR_ICON,
}


def question_word(question: QuestionResult) -> str:
    """`correct`, `partial`, `incorrect`, `unanswered`, `invalid`, or `grader error`."""
    return "grader error" if question.grader_error else question.status.value


def question_icon(question: QuestionResult) -> str:
    return GRADER_ERROR_ICON if question.grader_error else _QUESTION_ICONS[question.status.value]


def when(iso: str | None) -> str:
    """An ISO 8601 time as a person reads it: `2026-10-05 23:59 UTC+02:00`."""
    if not iso:
        return "unknown"
    try:
        moment = datetime.fromisoformat(iso)
    except ValueError:
        return iso
    zone = moment.strftime("%z")  # "+0200", or "" for a time without a zone
    suffix = {"": "", "+0000": " UTC"}.get(zone, f" UTC{zone[:3]}:{zone[3:]}")
    return moment.strftime("%Y-%m-%d %H:%M") + suffix


def days(count: int) -> str:
    return f"{count} day{'s' if count != 1 else ''}"


# A file's modification time is the learner's to set (touch, a copy, an archive): say so.
_FROM = {
    "manifest": "by the submission list",
    "mtime": "by the file's modification time: unverified",
}


def late_words(module: ModuleResult) -> str:
    """When the module's file was handed in against its deadline, and what that cost."""
    lateness: Lateness | None = module.lateness
    if lateness is None:
        return ""
    deadline = f"the deadline {when(lateness.deadline)}" + (
        " (extended for you)" if lateness.extended else ""
    )
    if lateness.submitted_at is None:
        return (
            f"When this file was handed in is not known, so no late penalty applies ({deadline})."
        )
    handed = f"Handed in {when(lateness.submitted_at)}"
    if source := _FROM.get(lateness.submitted_from):
        handed += f" ({source})"
    if not lateness.late:
        return f"{handed}, on time for {deadline}."
    cost = "no points taken off"
    if lateness.penalty_percent:
        cost = (
            f"{points(lateness.penalty_percent)}% of the checks' score taken off: "
            f"−{points(module.penalty)} points"
        )
    return f"{handed}, {days(lateness.days_late)} late for {deadline}: {cost} ({lateness.rule})."


def sentence(text: str) -> str:
    """`your MSE equals ...` as a sentence: a capital first, a full stop last."""
    text = text.strip()
    if not text:
        return text
    return text[0].upper() + text[1:] + ("" if text[-1] in ".!?" else ".")
