"""The numbers of the instructor's class page, computed once from a ClassResult."""

from __future__ import annotations

import statistics
from collections.abc import Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING
from urllib.parse import urlsplit

from ..results import CheckStatus, ClassResult, LearnerResult, ModuleResult, ModuleStatus
from ._histogram import Histogram, histogram
from ._learner_view import check_anchor
from ._wording import days, percent, points, ratio

if TYPE_CHECKING:
    from ..quiz.results import QuizResult

__all__ = ["ClassSummary", "summarize"]

ATTENTION_BELOW = 0.20  # a total under this fraction of the points puts a learner on the list


@dataclass(frozen=True)
class Scores:
    """How a class did on one module or quiz, or on the whole course ("Overall")."""

    name: str
    max_score: float
    mean: float
    median: float
    chart: Histogram
    missing: int | None = None  # learners with this part missing; None for "Overall"
    error: int | None = None  # learners whose file of this part could not be read


@dataclass(frozen=True)
class Cell:
    score: str
    word: str  # "" when graded, else "missing" or "error"
    value: float  # what the column sorts by


@dataclass(frozen=True)
class LearnerRow:
    learner: str
    href: str
    cells: tuple[Cell, ...]
    total: str
    percent: str
    attention: bool = False
    value: float = 0.0  # the total, to sort by


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
class Shown:
    """One learner who showed a misconception, and the link to the first check showing it."""

    learner: str
    href: str


@dataclass(frozen=True)
class MisconceptionCount:
    """A classic mistake, and every learner whose answers showed it."""

    module: str
    id: str
    name: str
    hint: str
    function: str
    learners: tuple[Shown, ...]


@dataclass(frozen=True)
class ClassSummary:
    learners: int
    modules: tuple[Scores, ...]
    quizzes: tuple[Scores, ...]
    overall: Scores
    rows: tuple[LearnerRow, ...]
    checks: tuple[CheckRate, ...]
    attention: tuple[Attention, ...]
    misconceptions: tuple[MisconceptionCount, ...] = ()

    @property
    def parts(self) -> tuple[Scores, ...]:
        """The table's columns: the modules, then the quizzes."""
        return self.modules + self.quizzes

    @property
    def grader_errors(self) -> int:
        return sum(c.grader_errors for c in self.checks)


def summarize(result: ClassResult, links: Mapping[str, str]) -> ClassSummary:
    table = _Table(result)
    parts = tuple(_scores(part.label, table.max_of[part], *table.column(index))
                  for index, part in enumerate(table.parts))
    totals = [table.total(lr) for lr in result.learners]
    attention = _attention(table, links)
    needing = {item.learner for item in attention}
    modules = sum(part.kind == "module" for part in table.parts)
    return ClassSummary(
        learners=len(result.learners),
        modules=parts[:modules],
        quizzes=parts[modules:],
        overall=_scores("Overall", table.max_total, totals),
        rows=tuple(_row(table, lr, _link(links, lr.learner), lr.learner in needing)
                   for lr in result.learners),
        checks=_check_rates(result),
        attention=attention,
        misconceptions=_misconceptions(result, links),
    )


@dataclass(frozen=True)
class _Part:
    """A column of the class: a module, or a module's quiz."""

    name: str
    kind: str  # "module" or "quiz"

    @property
    def label(self) -> str:
        return self.name if self.kind == "module" else f"{self.name} quiz"


class _Table:
    """Each learner's results by part; a part a learner has no result for is missing."""

    def __init__(self, result: ClassResult) -> None:
        quizzes = result.quizzes or _quiz_names(result)
        self.parts = (*(_Part(name, "module") for name in result.modules),
                      *(_Part(name, "quiz") for name in quizzes))
        self.learners = result.learners
        where = {(part.name, part.kind): index for index, part in enumerate(self.parts)}
        # Keyed by identity: hashing a LearnerResult would hash every check it holds. Each
        # learner's results in the order of the parts, and their scores, worked out once.
        self._results: dict[int, list[ModuleResult | QuizResult | None]] = {}
        for learner in result.learners:
            found: list[ModuleResult | QuizResult | None] = [None] * len(self.parts)
            for module in learner.modules:
                if (index := where.get((module.module, "module"))) is not None:
                    found[index] = module
            for quiz in learner.quizzes:
                if (index := where.get((quiz.quiz, "quiz"))) is not None:
                    found[index] = quiz
            self._results[id(learner)] = found
        self._cells = {key: [_score_word(r) for r in found]
                       for key, found in self._results.items()}
        # One scale per part for the whole class, so that every learner's percent compares.
        self.max_of = {part: max((r.max_score for found in self._results.values()
                                  if (r := found[index]) is not None), default=0.0)
                       for index, part in enumerate(self.parts)}
        self.max_total = round(sum(self.max_of.values()), 6)
        self._totals = {key: round(sum(score for score, _ in cells), 6)
                        for key, cells in self._cells.items()}

    def results(self, learner: LearnerResult) -> list[ModuleResult | QuizResult | None]:
        """The learner's result of each part, in the order of the parts (None: none)."""
        return self._results[id(learner)]

    def cells(self, learner: LearnerResult) -> list[tuple[float, str]]:
        """The learner's score and status word ("" when graded) of each part."""
        return self._cells[id(learner)]

    def column(self, index: int) -> tuple[list[float], list[str]]:
        """Every learner's score on a part, and its status word ("" when graded)."""
        pairs = [self._cells[id(lr)][index] for lr in self.learners]
        return [score for score, _ in pairs], [word for _, word in pairs]

    def total(self, learner: LearnerResult) -> float:
        return self._totals[id(learner)]


def _quiz_names(result: ClassResult) -> tuple[str, ...]:
    names: list[str] = []
    for learner in result.learners:
        names.extend(q.quiz for q in learner.quizzes if q.quiz not in names)
    return tuple(names)


def _score_word(result: ModuleResult | QuizResult | None) -> tuple[float, str]:
    if result is None:
        return 0.0, ModuleStatus.MISSING.value
    return result.score, "" if result.status is ModuleStatus.GRADED else result.status.value


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


def _row(table: _Table, learner: LearnerResult, href: str, attention: bool) -> LearnerRow:
    cells = [Cell(points(score), word, score) for score, word in table.cells(learner)]
    total = table.total(learner)
    return LearnerRow(learner.learner, href, tuple(cells), points(total),
                      percent(total, table.max_total), attention, total)


def _check_rates(result: ClassResult) -> tuple[CheckRate, ...]:
    counts: dict[tuple[str, str], list[int]] = {}
    first: dict[tuple[str, str], CheckRate] = {}
    for learner in result.learners:
        for module in learner.modules:
            if module.status is not ModuleStatus.GRADED:
                continue  # its checks did not run: they say nothing about how hard they are
            for check in module.checks:
                key = (module.module, check.id)
                tally = counts.get(key)
                if tally is None:
                    first[key] = CheckRate(module.module, check.id, check.title,
                                           check.visibility)
                    tally = counts[key] = [0, 0, 0]
                tally[0] += check.status is CheckStatus.PASSED
                tally[1] += 1
                tally[2] += bool(check.internal_error)
    order = {name: index for index, name in enumerate(result.modules)}
    rates = [CheckRate(r.module, r.id, r.title, r.visibility, *counts[key])
             for key, r in first.items()]
    return tuple(sorted(rates, key=lambda r: (r.rate, order.get(r.module, len(order)), r.id)))


def _misconceptions(result: ClassResult, links: Mapping[str, str]
                    ) -> tuple[MisconceptionCount, ...]:
    """Each classic mistake the class showed, most learners first; a learner counts once, with
    a link to the first check of theirs that showed it."""
    first: dict[tuple[str, str], MisconceptionCount] = {}
    shown: dict[tuple[str, str], dict[str, Shown]] = {}
    for learner in result.learners:
        for module in learner.modules:
            for check in module.checks:
                for found in check.detail.misconceptions if not check.passed else ():
                    key = (module.module, found.id)
                    first.setdefault(key, MisconceptionCount(module.module, found.id, found.name,
                                                             found.hint, found.function, ()))
                    who = shown.setdefault(key, {})
                    if learner.learner not in who:
                        href = _link(links, learner.learner)
                        anchor = check_anchor(module.module, check.id)
                        who[learner.learner] = Shown(learner.learner,
                                                     f"{href}#{anchor}" if href else "")
    order = {name: index for index, name in enumerate(result.modules)}
    counted = [MisconceptionCount(m.module, m.id, m.name, m.hint, m.function,
                                  tuple(shown[key].values())) for key, m in first.items()]
    return tuple(sorted(counted, key=lambda m: (-len(m.learners),
                                                order.get(m.module, len(order)), m.id)))


def _reasons(table: _Table, learner: LearnerResult) -> tuple[str, ...]:
    missing, unread, reasons = [], [], []
    for part, found in zip(table.parts, table.results(learner), strict=True):
        if found is None or found.status is ModuleStatus.MISSING:
            missing.append(part.label)
        elif found.status is ModuleStatus.ERROR:
            unread.append(part.label)
        elif isinstance(found, ModuleResult):
            reasons.extend(_module_reasons(found))
    if missing:
        reasons.insert(0, f"missing: {', '.join(missing)}")
    if unread:
        reasons.insert(bool(missing), f"could not be loaded: {', '.join(unread)}")
    total = table.total(learner)
    if ratio(total, table.max_total) < ATTENTION_BELOW and table.max_total > 0:
        reasons.append(f"total {percent(total, table.max_total)}")
    return tuple(reasons)


def _module_reasons(module: ModuleResult) -> list[str]:
    reasons = []
    if timeouts := sum(c.status is CheckStatus.TIMEOUT for c in module.checks):
        reasons.append(f"{module.module}: {timeouts} timeout{'s' if timeouts > 1 else ''}")
    if (late := module.lateness) is not None and late.late:
        cost = f", −{points(module.penalty)} points" if module.penalty else ""
        reasons.append(f"{module.module} {days(late.days_late)} late{cost}")
    return reasons


def _attention(table: _Table, links: Mapping[str, str]) -> tuple[Attention, ...]:
    found = []
    for learner in table.learners:
        if reasons := _reasons(table, learner):
            found.append(Attention(learner.learner, _link(links, learner.learner), reasons))
    return tuple(found)


def _link(links: Mapping[str, str], learner: str) -> str:
    return safe_href(links.get(learner, ""))


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
