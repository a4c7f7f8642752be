"""The class page's peer review, folded in one learner at a time as the rest of the page is
(grader/reports/_class_summary.py): for each peer-reviewed module, the spread of the peer
marks, the learners short of reviews, the reviewers whose levels stray from the others', the
instructor's overrides and changes with their reasons, and how many of the reviews assigned
were completed. The page is the instructor's: it names learners and reviewers."""

from __future__ import annotations

import statistics
from dataclasses import dataclass, field
from typing import NamedTuple

from grader.reports._histogram import Histogram, histogram
from grader.reports._wording import percent, points, ratio
from grader.results import LearnerResult, ModuleResult
from grader.results.peer import PeerResult

__all__ = ["PeerModule", "PeerSeen", "PeerTally", "peer_reasons", "peer_seen"]


class PeerSeen(NamedTuple):  # made in the process that renders a learner's page, sent over
    """One learner's peer review of one module, as the class page counts it."""

    module: str
    mark: float | None  # the peer mark that counts; None while no review counts nor override
    max_mark: float
    counted: int  # reviews of their work that count
    min_reviews: int
    enough: bool
    override: tuple[float, float | None, str] | None  # the instructor's mark, the reviews', why
    changes: tuple[tuple[str, str, bool, str], ...]  # label, reviewer, discarded, reason
    assigned: int  # reviews they were given to write
    completed: int
    agreement: float | None
    outlier: bool


def peer_seen(learner: LearnerResult) -> tuple[PeerSeen, ...]:
    return tuple(_seen(m.module, m.peer) for m in learner.modules if m.peer is not None)


def _seen(module: str, peer: PeerResult) -> PeerSeen:
    marked = peer.override is not None or peer.reviews_mark is not None
    override = peer.override
    mark = peer.reviewing
    return PeerSeen(
        module=module,
        mark=peer.mark if marked else None,
        max_mark=peer.max_mark,
        counted=peer.counted,
        min_reviews=peer.min_reviews,
        enough=peer.enough_reviews,
        override=None if override is None else (override.score, peer.reviews_mark, override.reason),
        changes=tuple(
            (r.label, r.reviewer, r.change.discarded, r.change.reason)
            for r in peer.reviews
            if r.change is not None
        ),
        assigned=mark.assigned if mark else 0,
        completed=mark.completed if mark else 0,
        agreement=mark.agreement if mark else None,
        outlier=bool(mark and mark.outlier),
    )


def peer_reasons(module: ModuleResult) -> list[str]:
    """What puts a learner on the class page's list for a module's peer review: their work
    short of reviews, or their levels straying from the other reviewers'."""
    if module.peer is None:
        return []
    seen, reasons = _seen(module.module, module.peer), []
    if not seen.enough:
        reasons.append(f"{seen.module}: {_short(seen)}")
    if seen.outlier:
        reasons.append(f"{seen.module}: reviews stray from the others' ({_agreement(seen)})")
    return reasons


def _short(seen: PeerSeen) -> str:
    return f"{seen.counted} of the {seen.min_reviews} reviews needed"


def _agreement(seen: PeerSeen) -> str:
    if seen.agreement is None:
        return "agreement not measured"
    return f"agreement {percent(seen.agreement, 1)}"


class Named(NamedTuple):
    """A learner the section names, with a link to their page and what it says of them."""

    learner: str
    href: str
    words: str


@dataclass(frozen=True)
class PeerModule:
    """One peer-reviewed module on the class page. `name` and `chart` draw as a score chart."""

    module: str
    name: str  # "capstone peer mark"
    max_mark: float
    marked: int  # submissions with a peer mark
    mean: float
    median: float
    low: float
    high: float
    chart: Histogram
    short: tuple[Named, ...]  # their work short of reviews
    outliers: tuple[Named, ...]  # their reviews stray from the others'
    overrides: tuple[Named, ...]  # the peer marks the instructor set
    changes: tuple[Named, ...]  # the reviews the instructor changed or discarded
    assigned: int  # reviews assigned over the class
    completed: int

    @property
    def completion(self) -> str:
        return percent(self.completed, self.assigned)


@dataclass
class _Module:
    marks: list[float] = field(default_factory=list)  # a float a learner: the spread needs all
    max_mark: float = 0.0
    short: list[Named] = field(default_factory=list)
    outliers: list[Named] = field(default_factory=list)
    overrides: list[Named] = field(default_factory=list)
    changes: list[Named] = field(default_factory=list)
    assigned: int = 0
    completed: int = 0


@dataclass
class PeerTally:
    """The peer review sections of the class page, folded in learner by learner."""

    _modules: dict[str, _Module] = field(default_factory=dict)

    def add(self, learner: str, href: str, seen: tuple[PeerSeen, ...]) -> None:
        for one in seen:
            tally = self._modules.setdefault(one.module, _Module())
            tally.max_mark = max(tally.max_mark, one.max_mark)
            tally.assigned += one.assigned
            tally.completed += one.completed
            if one.mark is not None:
                tally.marks.append(one.mark)
            if not one.enough:
                tally.short.append(Named(learner, href, _short(one)))
            if one.outlier:
                words = f"{_agreement(one)}, {one.completed} of {one.assigned} reviews completed"
                tally.outliers.append(Named(learner, href, words))
            if one.override is not None:
                tally.overrides.append(Named(learner, href, _override_words(one)))
            tally.changes.extend(Named(learner, href, _change_words(c)) for c in one.changes)

    def modules(self, order: tuple[str, ...]) -> tuple[PeerModule, ...]:
        """The modules with peer review, in the course's order."""
        place = {name: index for index, name in enumerate(order)}
        names = sorted(self._modules, key=lambda m: (place.get(m, len(place)), m))
        return tuple(_module(name, self._modules[name]) for name in names)


def _override_words(seen: PeerSeen) -> str:
    assert seen.override is not None
    score, reviews, reason = seen.override
    gave = "no review counted" if reviews is None else f"the reviews gave {points(reviews)}"
    return f"peer mark set to {points(score)} of {points(seen.max_mark)} ({gave}): {reason}"


def _change_words(change: tuple[str, str, bool, str]) -> str:
    label, reviewer, discarded, reason = change
    done = "discarded" if discarded else "levels changed"
    return f"{label} ({reviewer or 'reviewer unknown'}) {done}: {reason}"


def _module(name: str, tally: _Module) -> PeerModule:
    marks = tally.marks
    return PeerModule(
        module=name,
        name=f"{name} peer mark",
        max_mark=tally.max_mark,
        marked=len(marks),
        mean=statistics.fmean(marks) if marks else 0.0,
        median=statistics.median(marks) if marks else 0.0,
        low=min(marks, default=0.0),
        high=max(marks, default=0.0),
        chart=histogram(ratio(mark, tally.max_mark) for mark in marks),
        short=tuple(tally.short),
        outliers=tuple(tally.outliers),
        overrides=tuple(tally.overrides),
        changes=tuple(tally.changes),
        assigned=tally.assigned,
        completed=tally.completed,
    )
