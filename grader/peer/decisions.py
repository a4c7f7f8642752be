"""The instructor's say in peer review: a review's levels changed or the review left out, a
submission's peer mark set by hand, each with a reason, and calibration submissions marked by
the instructor, whose levels reviewers are then measured against. Each is kept in the
gradebook (clearing keeps the row) and the output folder is written again at once."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

from grader.course import Course
from grader.course.peer_review import PeerReview
from grader.gradebook import Assignment, Gradebook, PeerReviews
from grader.grading.publish import refresh_outputs
from grader.peer.assign import PeerError, peer_settings
from grader.peer.marks import ReviewOverride
from grader.results import PeerResult, ReviewScore

__all__ = ["PeerDecision", "calibrate", "override_peer"]


@dataclass(frozen=True)
class PeerDecision:
    """What a decision changed, in a sentence, and the output folder written again."""

    done: str
    refreshed: Path | None

    def describe(self) -> str:
        return self.done + (f"\n  updated: {self.refreshed}" if self.refreshed else "")


def override_peer(
    *,
    db: Path,
    course: Course,
    module: str,
    author: str,
    reason: str = "",
    score: float | None = None,
    reviewer: str | None = None,
    levels: Mapping[str, str] | None = None,
    discard: bool = False,
    clear: bool = False,
) -> PeerDecision:
    """Set (or with `clear`, clear) the peer mark of `author`'s submission (`score`), or
    `reviewer`'s review of it: its `levels` changed (criterion -> level) or `discard`ed."""
    settings = peer_settings(course, module)
    if not clear and not reason.strip():
        raise PeerError("give the reason for the decision with --reason")
    with Gradebook.open(db, writer="peer override") as book:
        peer = PeerReviews(book)
        _author_of(peer.assignment(module), module, author)
        result = peer.results([module]).get(module, {}).get(author)
        if clear:
            if not peer.clear_override(module=module, author=author, reviewer=reviewer or ""):
                raise PeerError(f"{author}'s {module} has no such override to clear")
            done = f"{module} {author}: override cleared"
        else:
            override = _override(settings, result, author, reviewer, score, levels, discard, reason)
            peer.set_override(override, module=module)
            done = f"{module} {author}: {_words(override, settings)}"
        return PeerDecision(done, refresh_outputs(book))


def calibrate(
    *, db: Path, course: Course, module: str, author: str, levels: Mapping[str, str]
) -> PeerDecision:
    """Mark `author`'s submission as a calibration one with the instructor's `levels` (one per
    criterion): its reviewers' agreement is measured against these."""
    settings = peer_settings(course, module)
    scores = _scores(settings, levels, whole=True)
    with Gradebook.open(db, writer="peer calibrate") as book:
        peer = PeerReviews(book)
        _author_of(peer.assignment(module), module, author)
        peer.set_calibration(module=module, author=author, scores=scores)
        points = sum(s.points for s in scores)
        done = f"{module} {author}: calibration marks set ({points:g} of {settings.max_points:g})"
        return PeerDecision(done, refresh_outputs(book))


def _author_of(assignment: Assignment | None, module: str, author: str) -> None:
    if assignment is None:
        raise PeerError(f"no reviews of {module} were assigned: run `grader peer assign` first")
    if author not in assignment.pseudonyms:
        raise PeerError(f"{author} has no submission of {module} under review")


def _override(
    settings: PeerReview,
    result: PeerResult | None,
    author: str,
    reviewer: str | None,
    score: float | None,
    levels: Mapping[str, str] | None,
    discard: bool,
    reason: str,
) -> ReviewOverride:
    at = datetime.now(UTC).isoformat(timespec="seconds")
    if reviewer is None:
        if score is None or not 0 <= score <= settings.max_points:
            raise PeerError(f"give the peer mark, from 0 to {settings.max_points:g}")
        return ReviewOverride(author, "", reason.strip(), at, score=score)
    review = next((r for r in result.reviews if r.reviewer == reviewer), None) if result else None
    if review is None:
        raise PeerError(f"{reviewer} has no review of {author}'s {settings.module} to change")
    if discard == bool(levels):
        raise PeerError("give new --level CRITERION=LEVEL values, or --discard, for a review")
    own = review.change.before if review.change and review.change.before else review.scores
    scores = _merged(settings, own, levels or {})
    return ReviewOverride(author, reviewer, reason.strip(), at, scores=scores, discarded=discard)


def _merged(
    settings: PeerReview, own: tuple[ReviewScore, ...], levels: Mapping[str, str]
) -> tuple[ReviewScore, ...]:
    given = {s.criterion: s for s in _scores(settings, levels, whole=False)}
    return tuple(given.get(s.criterion, s) for s in own)


def _scores(
    settings: PeerReview, levels: Mapping[str, str], *, whole: bool
) -> tuple[ReviewScore, ...]:
    if unknown := sorted(set(levels) - {c.id for c in settings.criteria}):
        known = ", ".join(c.id for c in settings.criteria)
        raise PeerError(f"no criterion {unknown[0]!r} in {settings.module}'s rubric ({known})")
    scores = []
    for criterion in settings.criteria:
        if criterion.id not in levels:
            if whole:
                raise PeerError(f"give a level for {criterion.id}: --level {criterion.id}=LEVEL")
            continue
        level = criterion.level(levels[criterion.id])
        if level is None:
            names = ", ".join(lv.id for lv in criterion.levels)
            raise PeerError(f"{criterion.id} has no level {levels[criterion.id]!r} ({names})")
        scores.append(ReviewScore(criterion.id, level.id, level.points))
    return tuple(scores)


def _words(override: ReviewOverride, settings: PeerReview) -> str:
    if not override.reviewer:
        return f"peer mark set to {override.score:g} of {settings.max_points:g}"
    if override.discarded:
        return f"{override.reviewer}'s review left out"
    levels = ", ".join(f"{s.criterion}={s.level}" for s in override.scores)
    return f"{override.reviewer}'s review changed to {levels}"
