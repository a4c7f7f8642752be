"""Peer marks: from the reviews a module's submissions received, each learner's peer mark, the
reviews as they count, and their own reviewing mark.

The rules, in the order they apply:

- **Which reviews.** A review counts for an assigned (reviewer, author) pair only: collection
  refuses a form for any other, and a pair no longer assigned takes its review with it. Of a
  pair's forms, the latest counts (the highest revision).
- **Labels.** The author knows a review as "Reviewer k", k the reviewer's place among that
  author's pairs in the order given. A label is the pair's, not the review's: it does not
  change when another review arrives, so "Reviewer 2" may come before "Reviewer 1" does.
- **Instructor's changes to a review.** The last override of a (author, reviewer) pair
  decides: `discarded` leaves the review out (shown, not counted); `scores` replace the
  reviewer's levels for the criteria they name (`Review.change.before` keeps the reviewer's
  own); neither restores the reviewer's own levels. An override of a review that was never
  handed in changes nothing.
- **Peer mark.** Each criterion's mark is the median (`statistics.median`: the mean of the
  middle two for an even count) of the counted reviews' points, None with none. The
  submission's mark is their sum; the instructor's last override of the whole mark
  (reviewer '') replaces it, with its reason; one without a score removes an earlier one.
- **Reviewing mark.** Of a reviewer's assigned pairs, `completed` are their counted reviews.
  Their `agreement` is 1 less the mean distance over every (counted review, criterion) that
  can be compared: |their own points (before any override) - reference| / (the criterion's
  max - min), at most 1. The reference is the instructor's calibration points for that
  submission when there are some (the review then counts in `calibrated`), else the median
  of the submission's counted reviews as they count (the reviewer's own included, and the
  instructor's changes) when there are three or more, so that a majority outvotes one stray
  review, else the other review's points
  (not comparable when there is none).
  `fraction` = completion share x completed/assigned + agreement share x agreement. When
  nothing could be compared (a submission's only reviewer, or the first to hand in), the
  completion share takes the whole: the reviewer could do nothing about it, and a mark of 0
  on agreement would punish them for the others' lateness. A reviewer is an `outlier` when
  their distance (1 - agreement) exceeds the course's `outlier`. A learner given nothing to
  review has no reviewing mark (None).

    Worked example (one criterion, levels worth 4, 2 and 0): a submission reviewed 4, 4
    and 0 has the mark median(4, 4, 0) = 4. Every reviewer is compared with that median: the
    one who gave 0 is at distance 4/4 = 1, those who gave 4 at 0. Had only two reviewed it,
    4 and 0, each would be compared with the other: distance 1 for both, since nothing says
    which of them strays.
"""

from __future__ import annotations

import statistics
from collections import defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field, replace

from grader.course.peer_review import Criterion, PeerReview
from grader.results.checks import Override
from grader.results.peer import (
    CriterionMark,
    PeerResult,
    Review,
    ReviewChange,
    ReviewingMark,
    ReviewScore,
)

MAJORITY = 3  # reviews of a submission from which their median is every reviewer's reference

__all__ = [
    "Calibration",
    "Outlier",
    "ReviewOverride",
    "ShortOfReviews",
    "StoredReview",
    "outliers",
    "peer_results",
    "short_of_reviews",
]

Pair = tuple[str, str]  # (reviewer, author)


@dataclass(frozen=True)
class StoredReview:
    """The latest counted form of one (reviewer, author) pair."""

    reviewer: str
    author: str
    scores: tuple[ReviewScore, ...]
    comment: str = ""
    submitted_at: str = ""
    revision: int = 1  # 1 for the first form, 2 when it replaced one, ...


@dataclass(frozen=True)
class ReviewOverride:
    """An instructor's decision on a review, or on a submission's peer mark, with a reason."""

    author: str
    reviewer: str  # '': the submission's peer mark as a whole
    reason: str
    set_at: str
    score: float | None = None  # with reviewer '': the peer mark (rubric points)
    scores: tuple[ReviewScore, ...] = ()  # with a reviewer: the levels that replace theirs
    discarded: bool = False  # with a reviewer: the review is left out


@dataclass(frozen=True)
class Calibration:
    """The instructor's own levels for a calibration submission."""

    author: str
    scores: tuple[ReviewScore, ...]


@dataclass(frozen=True)
class Outlier:
    """A reviewer whose levels stray from the others' (or the instructor's)."""

    learner: str
    distance: float  # 1 - agreement: the mean distance, a share of each criterion's range
    completed: int
    calibrated: int


@dataclass(frozen=True)
class ShortOfReviews:
    """A submission with fewer counted reviews than the course's minimum, and no override."""

    learner: str
    pseudonym: str
    counted: int
    min_reviews: int


def peer_results(
    *,
    settings: PeerReview,
    pseudonyms: Mapping[str, str],
    pairs: Sequence[Pair],
    reviews: Sequence[StoredReview],
    overrides: Sequence[ReviewOverride] = (),
    calibrations: Sequence[Calibration] = (),
) -> dict[str, PeerResult]:
    """Each learner's peer result (the learners of `pseudonyms`, the authors), by the rules
    of this module's docstring."""
    reviewers_of = _reviewers_of(pairs)
    latest = _latest(reviews)
    changes = _last_changes(overrides)
    received = {
        author: _received(author, reviewers, latest, changes)
        for author, reviewers in reviewers_of.items()
    }
    reviewing = _reviewing_marks(settings, reviewers_of, received, _calibrated(calibrations))
    return {
        learner: _result(
            settings,
            pseudonym=pseudonym,
            reviews=received.get(learner, ()),
            reviewing=reviewing.get(learner),
            change=changes.get((learner, "")),
        )
        for learner, pseudonym in pseudonyms.items()
    }


def outliers(results: Mapping[str, PeerResult]) -> list[Outlier]:
    """The reviewers marked outlier, the furthest from the others first."""
    found = [
        Outlier(learner, round(1 - mark.agreement, 6), mark.completed, mark.calibrated)
        for learner, mark in _reviewing_of(results)
        if mark.outlier and mark.agreement is not None
    ]
    return sorted(found, key=lambda o: (-o.distance, o.learner))


def short_of_reviews(results: Mapping[str, PeerResult]) -> list[ShortOfReviews]:
    """The submissions with fewer counted reviews than the minimum, fewest first. One whose
    peer mark the instructor set is not listed: they have decided it."""
    found = [
        ShortOfReviews(learner, result.pseudonym, result.counted, result.min_reviews)
        for learner, result in results.items()
        if not result.enough_reviews
    ]
    return sorted(found, key=lambda s: (s.counted, s.learner))


def _reviewing_of(results: Mapping[str, PeerResult]) -> list[tuple[str, ReviewingMark]]:
    return [(k, r.reviewing) for k, r in results.items() if r.reviewing is not None]


# Reviews as they count


def _reviewers_of(pairs: Sequence[Pair]) -> dict[str, list[str]]:
    """Each author's reviewers, in the order of `pairs`, each once."""
    reviewers: dict[str, list[str]] = defaultdict(list)
    for reviewer, author in pairs:
        if reviewer not in reviewers[author]:
            reviewers[author].append(reviewer)
    return dict(reviewers)


def _latest(reviews: Sequence[StoredReview]) -> dict[Pair, StoredReview]:
    """The latest form of each pair (only the assigned ones are ever looked up)."""
    latest: dict[Pair, StoredReview] = {}
    for review in reviews:
        pair = (review.reviewer, review.author)
        if pair not in latest or review.revision >= latest[pair].revision:
            latest[pair] = review
    return latest


def _last_changes(overrides: Sequence[ReviewOverride]) -> dict[Pair, ReviewOverride]:
    """The instructor's last word on each review, and on each peer mark (reviewer '')."""
    return {(o.author, o.reviewer): o for o in overrides}


def _received(
    author: str,
    reviewers: list[str],
    latest: Mapping[Pair, StoredReview],
    changes: Mapping[Pair, ReviewOverride],
) -> tuple[Review, ...]:
    return tuple(
        _review(f"Reviewer {number}", latest[reviewer, author], changes.get((author, reviewer)))
        for number, reviewer in enumerate(reviewers, 1)
        if (reviewer, author) in latest
    )


def _review(label: str, stored: StoredReview, change: ReviewOverride | None) -> Review:
    review = Review(
        label=label,
        reviewer=stored.reviewer,
        scores=stored.scores,
        comment=stored.comment,
        submitted_at=stored.submitted_at,
        revision=stored.revision,
    )
    if change is None or not (change.discarded or change.scores):
        return review  # the reviewer's own levels, or restored to them
    if change.discarded:
        return replace(review, change=ReviewChange(change.reason, change.set_at, discarded=True))
    scores = _replaced(stored.scores, change.scores)
    return replace(
        review,
        scores=scores,
        change=ReviewChange(change.reason, change.set_at, before=stored.scores),
    )


def _replaced(
    own: tuple[ReviewScore, ...], instructor: tuple[ReviewScore, ...]
) -> tuple[ReviewScore, ...]:
    """The reviewer's scores with the instructor's in place of those of the same criteria."""
    given = {score.criterion: score for score in instructor}
    kept = tuple(given.pop(score.criterion, score) for score in own)
    return kept + tuple(given.values())


def _own(review: Review) -> tuple[ReviewScore, ...]:
    """The reviewer's own levels, before any change of the instructor's."""
    return review.change.before if review.change and review.change.before else review.scores


# Marks


def _result(
    settings: PeerReview,
    *,
    pseudonym: str,
    reviews: tuple[Review, ...],
    reviewing: ReviewingMark | None,
    change: ReviewOverride | None,
) -> PeerResult:
    result = PeerResult(
        module=settings.module,
        pseudonym=pseudonym,
        criteria=tuple(_criterion_mark(c, reviews) for c in settings.criteria),
        reviews=reviews,
        reviewing=reviewing,
        weights=settings.weights,
        min_reviews=settings.min_reviews,
    )
    if change is None or change.score is None:
        return result
    graded = result.reviews_mark or 0.0
    return replace(result, override=Override(change.score, change.reason, change.set_at, graded))


def _criterion_mark(criterion: Criterion, reviews: Sequence[Review]) -> CriterionMark:
    points = _points(criterion.id, (r.scores for r in reviews if r.counted))
    return CriterionMark(
        criterion=criterion.id,
        title=criterion.title,
        points=round(statistics.median(points), 6) if points else None,
        max_points=criterion.max_points,
        reviews=len(points),
    )


def _points(criterion: str, scores: Iterable[tuple[ReviewScore, ...]]) -> list[float]:
    """The points each review's scores give `criterion`, where they give it."""
    return [s.points for review in scores for s in review if s.criterion == criterion]


# Reviewing


def _calibrated(calibrations: Sequence[Calibration]) -> dict[str, dict[str, float]]:
    """The instructor's points per criterion of each calibration submission; the last wins."""
    return {c.author: {s.criterion: s.points for s in c.scores} for c in calibrations}


def _reviewing_marks(
    settings: PeerReview,
    reviewers_of: Mapping[str, list[str]],
    received: Mapping[str, tuple[Review, ...]],
    calibrations: Mapping[str, dict[str, float]],
) -> dict[str, ReviewingMark]:
    assigned: dict[str, int] = defaultdict(int)
    for reviewers in reviewers_of.values():
        for reviewer in reviewers:
            assigned[reviewer] += 1
    tally: dict[str, _Tally] = defaultdict(_Tally)
    for author, reviews in received.items():
        _compare(settings, reviews, calibrations.get(author), tally)
    return {
        reviewer: _reviewing_mark(settings, count, tally[reviewer])
        for reviewer, count in assigned.items()
    }


@dataclass
class _Tally:
    """What one reviewer's counted reviews came to, as they are compared."""

    completed: int = 0
    calibrated: int = 0
    distances: list[float] = field(default_factory=list)


def _compare(
    settings: PeerReview,
    reviews: tuple[Review, ...],
    calibration: Mapping[str, float] | None,
    tally: Mapping[str, _Tally],
) -> None:
    """Each counted review of one submission, against the reference of each criterion."""
    counted = [r for r in reviews if r.counted]
    everyone = [r.scores for r in counted]
    for review in counted:
        # With three reviews or more, the median of them all, the reviewer's own included:
        # a majority then outvotes one stray review, which would otherwise drag its fellow
        # reviewers' reference (the median of two is their mean) half way to itself.
        others = (
            everyone
            if len(everyone) >= MAJORITY
            else [r.scores for r in counted if r is not review]
        )
        mine = tally[review.reviewer]
        mine.completed += 1
        mine.calibrated += calibration is not None
        for criterion in settings.criteria:
            reference = _reference(criterion.id, others, calibration)
            own = _points(criterion.id, [_own(review)])
            if reference is not None and own:
                span = criterion.max_points - criterion.min_points
                mine.distances.append(min(1.0, abs(own[0] - reference) / span))


def _reference(
    criterion: str,
    others: list[tuple[ReviewScore, ...]],
    calibration: Mapping[str, float] | None,
) -> float | None:
    """The instructor's points where they marked the submission, else the reviews' median."""
    if calibration is not None and criterion in calibration:
        return calibration[criterion]
    points = _points(criterion, others)
    return statistics.median(points) if points else None


def _reviewing_mark(settings: PeerReview, assigned: int, tally: _Tally) -> ReviewingMark:
    completed = min(tally.completed, assigned)
    completion = completed / assigned
    if not tally.distances:
        agreement, fraction = None, completion  # see the module's docstring: nothing to compare
    else:
        agreement = round(1 - statistics.fmean(tally.distances), 6)
        fraction = settings.completion * completion + settings.agreement * agreement
    return ReviewingMark(
        assigned=assigned,
        completed=completed,
        agreement=agreement,
        calibrated=tally.calibrated,
        fraction=round(min(1.0, max(0.0, fraction)), 6),
        outlier=agreement is not None and round(1 - agreement, 6) > settings.outlier,
    )
