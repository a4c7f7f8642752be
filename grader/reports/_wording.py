"""How every report says a result: status words, icons, points and percents."""

from __future__ import annotations

from ..results import CheckResult, CheckStatus, ModuleResult, ModuleStatus

__all__ = [
    "check_word",
    "icon",
    "lead",
    "module_word",
    "percent",
    "points",
    "ratio",
    "to_fix",
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
