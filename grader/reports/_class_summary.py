"""The numbers of the instructor's class page, computed once from a ClassResult."""

from __future__ import annotations

import statistics
from collections.abc import Mapping
from dataclasses import dataclass
from urllib.parse import urlsplit

from ..results import CheckStatus, ClassResult, LearnerResult, ModuleResult, ModuleStatus
from ._histogram import Histogram, histogram
from ._wording import percent, points, ratio

__all__ = ["ClassSummary", "summarize"]

ATTENTION_BELOW = 0.20  # a total under this fraction of the points puts a learner on the list


@dataclass(frozen=True)
class Scores:
    """How a class did on one module, or on the whole course (`name` is then "Overall")."""

    name: str
    max_score: float
    mean: float
    median: float
    chart: Histogram
    missing: int | None = None  # learners with this module missing; None for "Overall"
    error: int | None = None  # learners whose file of this module could not be loaded


@dataclass(frozen=True)
class Cell:
    score: str
    word: str  # "" when graded, else "missing" or "error"


@dataclass(frozen=True)
class LearnerRow:
    learner: str
    href: str
    cells: tuple[Cell, ...]
    total: str
    percent: str


@dataclass(frozen=True)
class CheckRate:
    module: str
    id: str
    title: str
    visibility: str
    passed: int = 0
    run: int = 0
    grader_errors: int = 0

    @property
    def rate(self) -> float:
        return self.passed / self.run if self.run else 0.0


@dataclass(frozen=True)
class Attention:
    learner: str
    href: str
    reasons: tuple[str, ...]


@dataclass(frozen=True)
class ClassSummary:
    learners: int
    modules: tuple[Scores, ...]
    overall: Scores
    rows: tuple[LearnerRow, ...]
    checks: tuple[CheckRate, ...]
    attention: tuple[Attention, ...]

    @property
    def grader_errors(self) -> int:
        return sum(c.grader_errors for c in self.checks)


def summarize(result: ClassResult, links: Mapping[str, str]) -> ClassSummary:
    table = _Table(result)
    modules = tuple(_scores(name, table.max_of[name], *table.column(name))
                    for name in table.names)
    totals = [table.total(lr) for lr in result.learners]
    return ClassSummary(
        learners=len(result.learners),
        modules=modules,
        overall=_scores("Overall", table.max_total, totals),
        rows=tuple(_row(table, lr, safe_href(links.get(lr.learner, ""))) for lr in result.learners),
        checks=_check_rates(result),
        attention=_attention(table, links),
    )


class _Table:
    """Each learner's module results by name; a module a learner has no result for is missing."""

    def __init__(self, result: ClassResult) -> None:
        self.names = result.modules
        self.learners = result.learners
        # Keyed by identity: hashing a LearnerResult would hash every check it holds.
        self._by_learner = {id(lr): {m.module: m for m in lr.modules} for lr in result.learners}
        # One scale per module for the whole class, so that every learner's percent compares.
        self.max_of = {name: max((m.max_score for m in self._all(name)), default=0.0)
                       for name in self.names}
        self.max_total = round(sum(self.max_of.values()), 6)

    def _all(self, name: str) -> list[ModuleResult]:
        return [m for modules in self._by_learner.values() if (m := modules.get(name))]

    def get(self, learner: LearnerResult, name: str) -> ModuleResult | None:
        return self._by_learner[id(learner)].get(name)

    def column(self, name: str) -> tuple[list[float], list[str]]:
        """Every learner's score on a module, and its status word ("" when graded)."""
        pairs = [_score_word(self.get(lr, name)) for lr in self.learners]
        return [score for score, _ in pairs], [word for _, word in pairs]

    def total(self, learner: LearnerResult) -> float:
        return round(sum(_score_word(self.get(learner, n))[0] for n in self.names), 6)


def _score_word(module: ModuleResult | None) -> tuple[float, str]:
    if module is None:
        return 0.0, ModuleStatus.MISSING.value
    return module.score, "" if module.status is ModuleStatus.GRADED else module.status.value


def _scores(name: str, max_score: float, values: list[float],
            words: list[str] | None = None) -> Scores:
    return Scores(
        name=name,
        max_score=max_score,
        mean=statistics.fmean(values) if values else 0.0,
        median=statistics.median(values) if values else 0.0,
        chart=histogram(ratio(v, max_score) for v in values),
        missing=None if words is None else words.count(ModuleStatus.MISSING.value),
        error=None if words is None else words.count(ModuleStatus.ERROR.value),
    )


def _row(table: _Table, learner: LearnerResult, href: str) -> LearnerRow:
    cells = []
    for name in table.names:
        score, word = _score_word(table.get(learner, name))
        cells.append(Cell(points(score), word))
    total = table.total(learner)
    return LearnerRow(learner.learner, href, tuple(cells), points(total),
                      percent(total, table.max_total))


def _check_rates(result: ClassResult) -> tuple[CheckRate, ...]:
    counts: dict[tuple[str, str], list[int]] = {}
    first: dict[tuple[str, str], CheckRate] = {}
    for learner in result.learners:
        for module in learner.modules:
            if module.status is not ModuleStatus.GRADED:
                continue  # its checks did not run: they say nothing about how hard they are
            for check in module.checks:
                key = (module.module, check.id)
                first.setdefault(key, CheckRate(module.module, check.id, check.title,
                                                check.visibility))
                tally = counts.setdefault(key, [0, 0, 0])
                tally[0] += check.passed
                tally[1] += 1
                tally[2] += check.grader_error
    order = {name: index for index, name in enumerate(result.modules)}
    rates = [CheckRate(r.module, r.id, r.title, r.visibility, *counts[key])
             for key, r in first.items()]
    return tuple(sorted(rates, key=lambda r: (r.rate, order.get(r.module, len(order)), r.id)))


def _reasons(table: _Table, learner: LearnerResult) -> tuple[str, ...]:
    reasons = []
    for name in table.names:
        module = table.get(learner, name)
        if module is None or module.status is ModuleStatus.MISSING:
            reasons.append(f"{name} missing")
        elif module.status is ModuleStatus.ERROR:
            reasons.append(f"{name} could not be loaded")
        elif timeouts := sum(c.status is CheckStatus.TIMEOUT for c in module.checks):
            reasons.append(f"{name}: {timeouts} timeout{'s' if timeouts > 1 else ''}")
    total = table.total(learner)
    if ratio(total, table.max_total) < ATTENTION_BELOW and table.max_total > 0:
        reasons.append(f"total {percent(total, table.max_total)}")
    return tuple(reasons)


def _attention(table: _Table, links: Mapping[str, str]) -> tuple[Attention, ...]:
    found = []
    for learner in table.learners:
        if reasons := _reasons(table, learner):
            found.append(Attention(learner.learner, safe_href(links.get(learner.learner, "")),
                                   reasons))
    return tuple(found)


def safe_href(link: str) -> str:
    """A report link kept relative: 'javascript:…' or '//host/…' made from a learner id
    would otherwise run or leave the page, and autoescaping does not stop either."""
    # Read the link as a browser does: tabs and newlines dropped, leading controls and
    # spaces ignored, a backslash taken for a slash.
    bare = link.translate(_DROPPED).lstrip(_LEADING).replace("\\", "/")
    parts = urlsplit(bare)
    if parts.scheme or parts.netloc or bare.startswith("//"):
        return "./" + bare.lstrip("/")
    return link


_DROPPED = str.maketrans("", "", "\t\r\n")
_LEADING = "".join(map(chr, range(33)))
