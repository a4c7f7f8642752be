"""What a learner's page shows of a module's peer review: how the module's score combines, the
peer mark criterion by criterion, each review received (anonymous: under its label), and the
learner's own reviewing mark; worked out here so that the template only lays it out."""

from __future__ import annotations

from dataclasses import dataclass

from grader.reports._wording import percent, points
from grader.results import ModuleResult
from grader.results.caps import MAX_DETAIL, cap_text
from grader.results.peer import PeerResult, Review, ReviewChange, ReviewScore

__all__ = ["PeerView", "ReviewRow", "ReviewView", "ScorePart", "level_words", "peer_view"]


@dataclass(frozen=True)
class ScorePart:
    """One part of the module's score: `21.6` for `the checks: 36 of 43 points × 0.6`."""

    name: str  # "checks", "peer mark", "reviewing"
    points: str
    how: str


@dataclass(frozen=True)
class ReviewRow:
    """A criterion as one review marked it."""

    title: str
    level: str  # the level's words: its id, underscores as spaces
    points: str  # "2 of 4"
    comment: str


@dataclass(frozen=True)
class ReviewView:
    label: str  # "Reviewer 1": never who wrote it
    counted: bool
    points: str  # "8 of 12"
    rows: tuple[ReviewRow, ...]
    comment: str
    change: str  # the instructor's change in words, its reason included; "" when none
    revised: bool  # the reviewer handed in a new form, which replaced their first


@dataclass(frozen=True)
class PeerView:
    """A module's peer review on its learner's page."""

    parts: tuple[ScorePart, ...]  # how the score combines; () when the instructor set it
    total: str  # "34.72 of 43"
    criteria: tuple[tuple[str, str, str, int], ...]  # title, median, max, reviews counted
    mark: str  # "9 of 12", the peer mark that counts
    override: str  # the instructor's peer mark in words, with its reason; "" when none
    awaiting: str  # "awaiting reviews: 1 of the 2 needed"; "" when enough
    reviews: tuple[ReviewView, ...]
    reviewing: tuple[tuple[str, str], ...]  # (what, value) of their own reviewing mark


def level_words(level: str) -> str:
    """A level's id as words: `mostly_clear` → `mostly clear` (the titles are the rubric's,
    which a result does not carry)."""
    return level.replace("_", " ")


def peer_view(module: ModuleResult) -> PeerView | None:
    peer = module.peer
    if peer is None:
        return None
    titles = {c.criterion: c.title for c in peer.criteria}
    most = {c.criterion: c.max_points for c in peer.criteria}
    return PeerView(
        parts=() if module.override is not None else _parts(module, peer),
        total=f"{points(module.score)} of {points(module.max_score)}",
        criteria=tuple(
            (
                c.title,
                "—" if c.points is None else points(c.points),
                points(c.max_points),
                c.reviews,
            )
            for c in peer.criteria
        ),
        mark=f"{points(peer.mark)} of {points(peer.max_mark)}",
        override=_override(peer),
        awaiting=awaiting(peer),
        reviews=tuple(_review(r, titles, most, peer.max_mark) for r in peer.reviews),
        reviewing=_reviewing(module, peer),
    )


def awaiting(peer: PeerResult) -> str:
    if peer.enough_reviews:
        return ""
    return f"awaiting reviews: {peer.counted} of the {peer.min_reviews} needed"


def _parts(module: ModuleResult, peer: PeerResult) -> tuple[ScorePart, ...]:
    weights, whole = peer.weights, points(module.max_score)
    automated = round(module.checks_score - module.penalty, 6)
    checks = ScorePart(
        "checks",
        points(peer.checks_points(automated)),
        f"{points(automated)} of {whole} points × {points(weights.checks)}"
        + (" (after the late penalty)" if module.penalty else ""),
    )
    mark = ScorePart(
        "peer mark",
        points(peer.peer_points(module.max_score)),
        f"{points(peer.mark)} of {points(peer.max_mark)} × {points(weights.peer)} of {whole}",
    )
    fraction = peer.reviewing.fraction if peer.reviewing else 0.0
    reviewing = ScorePart(
        "reviewing",
        points(peer.reviewing_points(module.max_score)),
        f"{percent(fraction, 1)} × {points(weights.reviewing)} of {whole}",
    )
    shares = (weights.checks, weights.peer, weights.reviewing)
    return tuple(
        part for part, share in zip((checks, mark, reviewing), shares, strict=True) if share
    )


def _override(peer: PeerResult) -> str:
    if peer.override is None:
        return ""
    reviews = peer.reviews_mark
    gave = "no review counted" if reviews is None else f"the reviews gave {points(reviews)}"
    return (
        f"Peer mark set by your instructor to {points(peer.override.score)} of "
        f"{points(peer.max_mark)} ({gave}). Reason: {peer.override.reason}"
    )


def _review(
    review: Review, titles: dict[str, str], most: dict[str, float], max_mark: float
) -> ReviewView:
    return ReviewView(
        label=review.label,
        counted=review.counted,
        points=f"{points(review.points)} of {points(max_mark)}",
        rows=tuple(_row(s, titles, most) for s in review.scores),
        comment=cap_text(review.comment, MAX_DETAIL),  # the collector bounds it: again here
        change=change_words(review.change),
        revised=review.revision > 1,
    )


def _row(score: ReviewScore, titles: dict[str, str], most: dict[str, float]) -> ReviewRow:
    best = most.get(score.criterion)
    worth = points(score.points) + ("" if best is None else f" of {points(best)}")
    return ReviewRow(
        titles.get(score.criterion, score.criterion),
        level_words(score.level),
        worth,
        cap_text(score.comment, MAX_DETAIL),
    )


def change_words(change: ReviewChange | None) -> str:
    """`Discarded by your instructor. Reason: …`, or the levels it changed and from what."""
    if change is None:
        return ""
    if change.discarded:
        return f"Discarded by the instructor: it does not count. Reason: {change.reason}"
    before = ", ".join(f"{level_words(s.level)} ({points(s.points)})" for s in change.before)
    was = f" from {before}" if before else ""
    return f"Levels changed by the instructor{was} to those shown. Reason: {change.reason}"


def _reviewing(module: ModuleResult, peer: PeerResult) -> tuple[tuple[str, str], ...]:
    mark = peer.reviewing
    if mark is None:
        return ()
    agreement = "not yet measured" if mark.agreement is None else percent(mark.agreement, 1)
    rows = [
        ("Reviews completed", f"{mark.completed} of the {mark.assigned} assigned to you"),
        ("Agreement with the other reviewers", agreement),
    ]
    if mark.calibrated:
        rows.append(("Compared with the instructor's levels", f"{mark.calibrated} reviews"))
    most = points(module.max_score * peer.weights.reviewing)
    earned = points(peer.reviewing_points(module.max_score))
    rows.append(("Reviewing mark", f"{percent(mark.fraction, 1)}: {earned} of {most} points"))
    return tuple(rows)
