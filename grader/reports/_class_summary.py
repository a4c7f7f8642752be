"""The numbers of the instructor's class page, folded in one learner at a time.

Each learner becomes a small record (`LearnerRecord`, plain data, made in any process), and
`ClassTally` folds the records into the page's numbers, so that the summary of a class of any
size is worked out without holding the class in memory:

    tally = ClassTally(modules, quizzes)
    for learner in learners:
        tally.add(LearnerRecord.of(learner, modules=modules, quizzes=quizzes, href=link))
    summary = tally.summary()
"""

from __future__ import annotations

import statistics
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, NamedTuple
from urllib.parse import urlsplit

from grader.reports._attention import Attention, attention_of, counted_missing, reasons_of
from grader.reports._histogram import Histogram, histogram
from grader.reports._leaderboard import Board, EvaluationSeen, LeaderboardTally, evaluations_seen
from grader.reports._learner_view import check_anchor
from grader.reports._peer_summary import PeerModule, PeerSeen, PeerTally, peer_seen
from grader.reports._wording import percent, points, ratio
from grader.results import CheckStatus, ClassResult, LearnerResult, ModuleResult, ModuleStatus

if TYPE_CHECKING:
    from grader.results.quizzes import QuizResult

__all__ = ["ClassSummary", "ClassTally", "LearnerRecord", "summarize"]


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
    unverified: int = 0  # modules whose handed-in time is a file's modification time
    # parts fewer than half the class handed in: missing them puts nobody on the list
    seldom_handed_in: tuple[str, ...] = ()
    leaderboards: tuple[Board, ...] = ()  # projects' learners ranked by their predictions
    peer: tuple[PeerModule, ...] = ()  # the peer-reviewed modules

    @property
    def parts(self) -> tuple[Scores, ...]:
        """The table's columns: the modules, then the quizzes."""
        return self.modules + self.quizzes

    @property
    def grader_errors(self) -> int:
        return sum(c.grader_errors for c in self.checks)


def summarize(result: ClassResult, links: Mapping[str, str]) -> ClassSummary:
    """The summary of a class held whole in memory (a run streams it: see `ClassTally`)."""
    modules, quizzes = result.modules, result.quizzes or _quiz_names(result)
    tally = ClassTally(modules, quizzes)
    for learner in result.learners:
        tally.add(
            LearnerRecord.of(
                learner, modules=modules, quizzes=quizzes, href=links.get(learner.learner, "")
            )
        )
    return tally.summary()


def _quiz_names(result: ClassResult) -> tuple[str, ...]:
    names: list[str] = []
    for learner in result.learners:
        names.extend(q.quiz for q in learner.quizzes if q.quiz not in names)
    return tuple(names)


@dataclass(frozen=True)
class _Part:
    """A column of the class: a module, or a module's quiz."""

    name: str
    kind: str  # "module" or "quiz"

    @property
    def label(self) -> str:
        return self.name if self.kind == "module" else f"{self.name} quiz"


class CheckSeen(NamedTuple):  # not a dataclass: a learner has dozens, made and sent over
    """One check of a graded module, as the class's pass rates count it."""

    module: str
    id: str
    title: str
    visibility: str
    passed: bool
    grader_error: bool


class MistakeSeen(NamedTuple):
    """A classic mistake a learner's answers showed, and where."""

    module: str
    id: str
    name: str
    hint: str
    function: str
    anchor: str  # the first check of theirs that showed it


@dataclass(frozen=True)
class LearnerRecord:
    """What one learner adds to the class page."""

    learner: str
    href: str
    cells: tuple[tuple[float, str], ...]  # score and status word ("" when graded), by part
    max_scores: tuple[float | None, ...]  # by part; None where the learner has no result
    reasons: tuple[str, ...]  # to look at this learner, missing work and the total aside
    checks: tuple[CheckSeen, ...] = ()
    mistakes: tuple[MistakeSeen, ...] = ()
    unverified: int = 0  # modules whose handed-in time is a file's modification time
    evaluations: tuple[EvaluationSeen, ...] = ()
    peer: tuple[PeerSeen, ...] = ()

    @classmethod
    def of(
        cls,
        learner: LearnerResult,
        *,
        modules: tuple[str, ...],
        quizzes: tuple[str, ...],
        href: str,
    ) -> LearnerRecord:
        parts = _parts(modules, quizzes)
        found = _results_by_part(learner, parts)
        return cls(
            learner=learner.learner,
            href=safe_href(href),
            cells=tuple(_score_word(r) for r in found),
            max_scores=tuple(None if r is None else r.max_score for r in found),
            reasons=reasons_of([part.label for part in parts], found),
            checks=tuple(_checks(learner)),
            mistakes=tuple(_mistakes(learner)),
            unverified=sum(
                m.lateness is not None and not m.lateness.verified for m in learner.modules
            ),
            evaluations=tuple(evaluations_seen(learner)),
            peer=peer_seen(learner),
        )

    @property
    def total(self) -> float:
        return round(sum(score for score, _ in self.cells), 6)


@dataclass
class ClassTally:
    """The class page's numbers, folded in one learner at a time."""

    modules: tuple[str, ...]
    quizzes: tuple[str, ...]
    parts: tuple[_Part, ...] = ()
    _records: list[_Kept] = field(default_factory=list)
    _max: list[float] = field(default_factory=list)
    _rates: dict[tuple[str, str], list[int]] = field(default_factory=dict)
    _checks: dict[tuple[str, str], CheckSeen] = field(default_factory=dict)
    _mistakes: dict[tuple[str, str], MistakeSeen] = field(default_factory=dict)
    _shown: dict[tuple[str, str], dict[str, Shown]] = field(default_factory=dict)
    _unverified: int = 0
    _boards: LeaderboardTally = field(default_factory=LeaderboardTally)
    _peer: PeerTally = field(default_factory=PeerTally)

    def __post_init__(self) -> None:
        self.parts = _parts(self.modules, self.quizzes)
        self._max = [0.0] * len(self.parts)

    def add(self, record: LearnerRecord) -> None:
        self._records.append(_Kept(record.learner, record.href, record.cells, record.reasons))
        self._unverified += record.unverified
        self._boards.add(record.learner, record.href, record.evaluations)
        self._peer.add(record.learner, record.href, record.peer)
        for index, value in enumerate(record.max_scores):
            if value is not None:
                self._max[index] = max(self._max[index], value)
        for check in record.checks:
            key = (check.module, check.id)
            self._checks.setdefault(key, check)
            tally = self._rates.setdefault(key, [0, 0, 0])
            tally[0] += check.passed
            tally[1] += 1
            tally[2] += check.grader_error
        for mistake in record.mistakes:
            key = (mistake.module, mistake.id)
            self._mistakes.setdefault(key, mistake)
            who = self._shown.setdefault(key, {})
            if record.learner not in who:
                link = f"{record.href}#{mistake.anchor}" if record.href else ""
                who[record.learner] = Shown(record.learner, link)

    def summary(self) -> ClassSummary:
        max_total = round(sum(self._max), 6)
        columns = [
            _scores(
                part.label,
                self._max[index],
                [kept.cells[index][0] for kept in self._records],
                [kept.cells[index][1] for kept in self._records],
            )
            for index, part in enumerate(self.parts)
        ]
        counted = counted_missing(
            [[word for _, word in kept.cells] for kept in self._records], parts=len(self.parts)
        )
        attention = tuple(self._attention(max_total, counted))
        needing = {item.learner for item in attention}
        modules = len(self.modules)
        return ClassSummary(
            learners=len(self._records),
            modules=tuple(columns[:modules]),
            quizzes=tuple(columns[modules:]),
            overall=_scores("Overall", max_total, [kept.total for kept in self._records]),
            rows=tuple(_row_of(kept, max_total, kept.learner in needing) for kept in self._records),
            checks=_sorted_rates(
                [
                    CheckRate(c.module, c.id, c.title, c.visibility, *self._rates[key])
                    for key, c in self._checks.items()
                ],
                self.modules,
            ),
            attention=attention,
            misconceptions=_sorted_misconceptions(
                [
                    MisconceptionCount(
                        m.module, m.id, m.name, m.hint, m.function, tuple(self._shown[key].values())
                    )
                    for key, m in self._mistakes.items()
                ],
                self.modules,
            ),
            unverified=self._unverified,
            seldom_handed_in=tuple(
                part.label for part, count in zip(self.parts, counted, strict=True) if not count
            ),
            leaderboards=self._boards.boards(self.modules),
            peer=self._peer.modules(self.modules),
        )

    def _attention(self, max_total: float, counted: tuple[bool, ...]) -> list[Attention]:
        found = (
            attention_of(
                learner=kept.learner,
                href=kept.href,
                missing=[
                    part.label
                    for part, (_, word), count in zip(self.parts, kept.cells, counted, strict=True)
                    if count and word == ModuleStatus.MISSING.value
                ],
                reasons=kept.reasons,
                total=kept.total,
                max_total=max_total,
            )
            for kept in self._records
        )
        return [item for item in found if item is not None]


@dataclass(frozen=True)
class _Kept:
    """What the tally keeps of each learner until the summary: their row of the table."""

    learner: str
    href: str
    cells: tuple[tuple[float, str], ...]
    reasons: tuple[str, ...]

    @property
    def total(self) -> float:
        return round(sum(score for score, _ in self.cells), 6)


def _parts(modules: tuple[str, ...], quizzes: tuple[str, ...]) -> tuple[_Part, ...]:
    return (
        *(_Part(name, "module") for name in modules),
        *(_Part(name, "quiz") for name in quizzes),
    )


def _results_by_part(
    learner: LearnerResult, parts: tuple[_Part, ...]
) -> list[ModuleResult | QuizResult | None]:
    where = {(part.name, part.kind): index for index, part in enumerate(parts)}
    found: list[ModuleResult | QuizResult | None] = [None] * len(parts)
    for module in learner.modules:
        if (index := where.get((module.module, "module"))) is not None:
            found[index] = module
    for quiz in learner.quizzes:
        if (index := where.get((quiz.quiz, "quiz"))) is not None:
            found[index] = quiz
    return found


def _checks(learner: LearnerResult) -> list[CheckSeen]:
    return [
        CheckSeen(
            module.module,
            check.id,
            check.title,
            check.visibility,
            check.status is CheckStatus.PASSED,
            bool(check.internal_error),
        )
        for module in learner.modules
        if module.status is ModuleStatus.GRADED
        # only a graded module's checks ran: the others say nothing of how hard they are
        for check in module.checks
    ]


def _mistakes(learner: LearnerResult) -> list[MistakeSeen]:
    return [
        MistakeSeen(
            module.module,
            found.id,
            found.name,
            found.hint,
            found.function,
            check_anchor(module.module, check.id),
        )
        for module in learner.modules
        for check in module.checks
        if not check.passed
        for found in check.detail.misconceptions
    ]


def _score_word(result: ModuleResult | QuizResult | None) -> tuple[float, str]:
    if result is None:
        return 0.0, ModuleStatus.MISSING.value
    return result.score, "" if result.status is ModuleStatus.GRADED else result.status.value


def _scores(
    name: str, max_score: float, values: list[float], words: list[str] | None = None
) -> Scores:
    return Scores(
        name=name,
        max_score=max_score,
        mean=statistics.fmean(values) if values else 0.0,
        median=statistics.median(values) if values else 0.0,
        chart=histogram(ratio(v, max_score) for v in values),
        missing=None if words is None else words.count(ModuleStatus.MISSING.value),
        error=None if words is None else words.count(ModuleStatus.ERROR.value),
    )


def _row_of(kept: _Kept, max_total: float, attention: bool) -> LearnerRow:
    cells = [Cell(points(score), word, score) for score, word in kept.cells]
    return LearnerRow(
        kept.learner,
        kept.href,
        tuple(cells),
        points(kept.total),
        percent(kept.total, max_total),
        attention,
        kept.total,
    )


def _sorted_rates(rates: list[CheckRate], modules: tuple[str, ...]) -> tuple[CheckRate, ...]:
    order = {name: index for index, name in enumerate(modules)}
    return tuple(sorted(rates, key=lambda r: (r.rate, order.get(r.module, len(order)), r.id)))


def _sorted_misconceptions(
    counted: list[MisconceptionCount], modules: tuple[str, ...]
) -> tuple[MisconceptionCount, ...]:
    """Most learners first; a learner counts once, with a link to their first check that
    showed it."""
    order = {name: index for index, name in enumerate(modules)}
    return tuple(
        sorted(counted, key=lambda m: (-len(m.learners), order.get(m.module, len(order)), m.id))
    )


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
