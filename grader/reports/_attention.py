"""Who the class page says needs attention: learners an instructor should act on, and why.

A learner is on the list for work that could not be loaded or was refused as not their own,
a check that timed out, work handed in late, work short of the peer reviews it needs, reviews
that stray from the other reviewers', a total under a fifth of the points, or a module or quiz
missing that at least half of the class handed in. A part fewer than half the class
handed in is most likely not due yet, or not set: its absence says nothing about one learner.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

from grader.load.instructor_only import refused_as_not_own_work
from grader.reports._peer_summary import peer_reasons
from grader.reports._wording import days, percent, points, ratio
from grader.results import CheckStatus, ModuleResult, ModuleStatus

if TYPE_CHECKING:
    from grader.results.quizzes import QuizResult

__all__ = ["ATTENTION_BELOW", "Attention", "attention_of", "counted_missing", "reasons_of"]

ATTENTION_BELOW = 0.20  # a total under this fraction of the points puts a learner on the list
MISSING = ModuleStatus.MISSING.value


@dataclass(frozen=True)
class Attention:
    learner: str
    href: str
    reasons: tuple[str, ...]


def counted_missing(words: Sequence[Sequence[str]], *, parts: int) -> tuple[bool, ...]:
    """For each of the `parts`, whether missing it puts a learner on the list: at least half
    of the class handed it in. `words` holds each learner's status word per part."""
    handed_in = [sum(row[index] != MISSING for row in words) for index in range(parts)]
    return tuple(2 * count >= len(words) for count in handed_in)


def attention_of(
    *,
    learner: str,
    href: str,
    missing: Sequence[str],
    reasons: tuple[str, ...],
    total: float,
    max_total: float,
) -> Attention | None:
    """The learner's entry on the list, or None when nothing needs acting on."""
    found = ((f"missing: {', '.join(missing)}",) if missing else ()) + reasons
    if max_total > 0 and ratio(total, max_total) < ATTENTION_BELOW:
        found += (f"total {percent(total, max_total)}",)
    return Attention(learner, href, found) if found else None


def reasons_of(
    labels: Sequence[str], found: Sequence[ModuleResult | QuizResult | None]
) -> tuple[str, ...]:
    """What, besides missing work and a low total, puts one learner on the list: those two
    depend on the whole class and are added when the class is summed up."""
    unread, reasons = [], []
    for label, result in zip(labels, found, strict=True):
        if result is None or result.status is ModuleStatus.MISSING:
            continue
        if isinstance(result, ModuleResult) and refused_as_not_own_work(result):
            reasons.append(f"{label}: not their own work ({result.file} refused)")
        elif result.status is ModuleStatus.ERROR:
            unread.append(label)
        elif isinstance(result, ModuleResult):
            reasons.extend(_module_reasons(result))
    if unread:
        reasons.insert(0, f"could not be loaded: {', '.join(unread)}")
    return tuple(reasons)


def _module_reasons(module: ModuleResult) -> list[str]:
    reasons = []
    if timeouts := sum(c.status is CheckStatus.TIMEOUT for c in module.checks):
        reasons.append(f"{module.module}: {timeouts} timeout{'s' if timeouts > 1 else ''}")
    if (late := module.lateness) is not None and late.late:
        cost = f", −{points(module.penalty)} points" if module.penalty else ""
        unverified = "" if late.verified else " (time unverified)"
        reasons.append(f"{module.module} {days(late.days_late)} late{unverified}{cost}")
    return reasons + peer_reasons(module)
