"""The learner's self-check on a terminal: one line per check, what went wrong under it.

Every value shown comes from the learner's code or file (what it returned, raised or printed,
its notes and messages), so each goes through `visible` before it is styled: no control
sequence in it reaches the terminal, and the colours are the grader's own.
"""

from __future__ import annotations

import click

from grader.reports._comparison_text import comparison_lines
from grader.reports._visible import visible
from grader.reports._wording import lead, points, sentence, to_fix
from grader.results import CheckResult, CheckStatus, ModuleResult, ModuleStatus

__all__ = ["render_check_text"]

_WORDS = {
    CheckStatus.PASSED: "PASS",
    CheckStatus.FAILED: "FAIL",
    CheckStatus.ERROR: "ERROR",
    CheckStatus.TIMEOUT: "TIMEOUT",
}
_COLORS = {
    CheckStatus.PASSED: "green",
    CheckStatus.FAILED: "red",
    CheckStatus.ERROR: "red",
    CheckStatus.TIMEOUT: "yellow",
}
_WORD_WIDTH = max(len(word) for word in _WORDS.values())
_INDENT = " " * 6
_LABEL_WIDTH = len("expected:") + 1
_GRADER_FAULT = (
    "not your fault: this check itself broke, a problem in the grader or the "
    "course and not in your code. Your instructor sees it."
)


def render_check_text(
    result: ModuleResult,
    *,
    color: bool = False,
    isolation: str = "",
    hidden_points: float | None = None,
) -> str:
    """What `grader check` prints for one module: checks, notes, and a summary line.
    `hidden_points`, what the module's hidden checks are worth, is None when they are not
    at hand (a learner's copy of the course): the summary then says only the public points."""
    style = _Style(color)
    graded = result.status is ModuleStatus.GRADED
    width = max((len(_points(c)) for c in result.checks), default=0)
    lines: list[str] = []
    for check in result.checks:
        lines.append(_check_line(check, width, style))
        if graded and not check.passed:
            lines.extend(_INDENT + line for line in _detail(check))
    for evaluation in result.evaluations:
        lines.extend(["", *comparison_lines(evaluation), ""])
    lines.extend(f"note: {visible(str(note))}" for note in result.notes)
    lines.extend(_summary(result, style, hidden_points))
    if isolation:
        lines.append(style.dim(f"(learner code ran with isolation: {isolation})"))
    return "\n".join(line.rstrip() for line in lines) + "\n"


class _Style:
    """click.style when colour is wanted, plain text otherwise."""

    def __init__(self, color: bool) -> None:
        self.color = color

    def status(self, check: CheckResult, text: str) -> str:
        return click.style(text, fg=_COLORS[check.status], bold=True) if self.color else text

    def bold(self, text: str) -> str:
        return click.style(text, bold=True) if self.color else text

    def dim(self, text: str) -> str:
        return click.style(text, dim=True) if self.color else text


def _points(check: CheckResult) -> str:
    return f"{points(check.score)}/{points(check.max_score)}"


def _check_line(check: CheckResult, width: int, style: _Style) -> str:
    word = style.status(check, _WORDS[check.status].ljust(_WORD_WIDTH))
    hidden = " (hidden)" if check.visibility == "hidden" else ""
    return f"{word}  {_points(check).rjust(width)}  {visible(check.title, one_line=True)}{hidden}"


def _detail(check: CheckResult) -> list[str]:
    if check.grader_error:
        return [_GRADER_FAULT]
    detail = check.detail
    lines = [visible(text)] if (text := lead(check)) else []
    for label, value in (
        ("called:", detail.call),
        ("expected:", detail.expected),
        ("got:", detail.got),
        ("why:", detail.reason),
        ("hidden:", detail.withheld),
        *_mistakes(check),
        ("hint:", detail.hint),
        *_smallest(check),
    ):
        if value:
            lines.extend(_labelled(label, value))
    if detail.traceback:
        lines.append("traceback:")
        lines.extend("  " + line for line in _lines(detail.traceback.rstrip("\n")))
    return lines


def _mistakes(check: CheckResult) -> list[tuple[str, str]]:
    detail = check.detail
    if not detail.misconceptions:
        if not detail.diagnosed:
            return []
        return [("mistake:", detail.known or "no known mistake matches this answer")]
    return [("mistake:", f"{sentence(m.name)} {sentence(m.hint)}") for m in detail.misconceptions]


def _smallest(check: CheckResult) -> list[tuple[str, str]]:
    smallest = check.detail.smallest
    if smallest is None:
        return []
    answer = ", ".join(
        part
        for part in (
            f"expected {smallest.expected}" if smallest.expected else "",
            f"got {smallest.got}",
        )
        if part
    )
    return [("smallest:", f"{smallest.call}\n{answer}")]


def _labelled(label: str, value: str) -> list[str]:
    """`expected: [[1, 2],` with the value's next lines lined up under its first."""
    first, *rest = _lines(value) or [""]
    return [f"{label.ljust(_LABEL_WIDTH)}{first}", *(" " * _LABEL_WIDTH + line for line in rest)]


def _summary(result: ModuleResult, style: _Style, hidden_points: float | None) -> list[str]:
    name = visible(result.file or result.module, one_line=True)
    score = f"{points(result.score)}/{points(result.max_score)} points"
    if result.status is not ModuleStatus.GRADED:
        lines = [style.bold(f"{name}: {score} — {result.status.value}"), visible(result.message)]
        return lines + _load_traceback(result)
    return [style.bold(f"{name}: {score} — {_verdict(result, hidden_points)}")]


def _verdict(result: ModuleResult, hidden_points: float | None) -> str:
    fix = to_fix(result)
    broken = sum(c.grader_error for c in result.checks)
    public = all(c.visibility == "public" for c in result.checks)
    parts = [
        f"{fix} check{'s' if fix != 1 else ''} to fix"
        if fix
        else "nothing to fix"
        if broken
        else f"all {'public ' if public else ''}checks pass{_worth(result, hidden_points, ': ')}"
    ]
    if fix or broken:
        parts[0] += _worth(result, hidden_points, "; the public checks are worth ")
    if broken:
        parts.append(
            f"{broken} check{'s' if broken != 1 else ''} broken on the grader's side "
            "(not your fault)"
        )
    return ", ".join(parts)


def _worth(result: ModuleResult, hidden_points: float | None, lead: str) -> str:
    """How much of the module the public checks cover, when the hidden checks are known."""
    if not hidden_points:
        return ""  # not at hand (a learner's copy), or none: the score line says it all
    whole = points(result.max_score + hidden_points)
    public = points(result.max_score)
    return f"{lead}{public} of the module's {whole} points; the hidden checks grade the rest"


def _load_traceback(result: ModuleResult) -> list[str]:
    # Every check of a file that could not be loaded carries the same traceback: print it once.
    trace = next((c.detail.traceback for c in result.checks if c.detail.traceback), "")
    return ["  " + line for line in _lines(trace.rstrip("\n"))]


def _lines(text: str) -> list[str]:
    """The learner's text made visible, then cut at its newlines only: a carriage return or
    a form feed is shown, never taken for the start of a line of the grader's own."""
    lines = visible(text).split("\n")
    return lines[:-1] if lines[-1] == "" else lines  # as str.splitlines ends
