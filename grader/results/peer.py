"""A module's peer review in one learner's result: the reviews their submission received, its
peer mark (the median of each criterion), their own reviewing, and how these combine with the
checks into the module's score."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, replace
from typing import Any

from grader.results.checks import Override

__all__ = [
    "CriterionMark",
    "PeerResult",
    "Review",
    "ReviewChange",
    "ReviewScore",
    "ReviewingMark",
    "Weights",
]


@dataclass(frozen=True)
class Weights:
    """The shares of a module's points: its checks, its peer mark, its reviewing mark."""

    checks: float = 1.0
    peer: float = 0.0
    reviewing: float = 0.0

    def to_dict(self) -> dict[str, float]:
        return {"checks": self.checks, "peer": self.peer, "reviewing": self.reviewing}

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> Weights:
        return cls(float(data["checks"]), float(data["peer"]), float(data["reviewing"]))


@dataclass(frozen=True)
class ReviewScore:
    """The level a review gave one criterion, its points, and the reviewer's comment."""

    criterion: str
    level: str
    points: float
    comment: str = ""

    def to_dict(self) -> dict[str, Any]:
        data: dict[str, Any] = {"criterion": self.criterion, "level": self.level}
        data["points"] = self.points
        return data | ({"comment": self.comment} if self.comment else {})

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> ReviewScore:
        return cls(data["criterion"], data["level"], float(data["points"]), data.get("comment", ""))


@dataclass(frozen=True)
class ReviewChange:
    """An instructor's change to one review: its levels replaced, or the review left out."""

    reason: str
    set_at: str
    discarded: bool = False
    before: tuple[ReviewScore, ...] = ()  # the reviewer's own scores, which the change replaced

    def to_dict(self) -> dict[str, Any]:
        return {
            "reason": self.reason,
            "set_at": self.set_at,
            "discarded": self.discarded,
            "before": [s.to_dict() for s in self.before],
        }

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> ReviewChange:
        before = tuple(ReviewScore.from_dict(s) for s in data.get("before", ()))
        return cls(data["reason"], data["set_at"], bool(data.get("discarded")), before)


@dataclass(frozen=True)
class Review:
    """One review of a submission, as it counts (after any change of the instructor's)."""

    label: str  # how the author knows the reviewer: "Reviewer 1"
    reviewer: str  # the reviewer's id; "" in everything that reaches the author
    scores: tuple[ReviewScore, ...]
    comment: str = ""  # the reviewer's overall comment
    submitted_at: str = ""  # when the form counted (ISO 8601)
    revision: int = 1  # 2 and more: the reviewer handed in a new form, which replaced the last
    change: ReviewChange | None = None

    @property
    def counted(self) -> bool:
        return self.change is None or not self.change.discarded

    @property
    def points(self) -> float:
        return round(sum(s.points for s in self.scores), 6)

    def score(self, criterion: str) -> ReviewScore | None:
        return next((s for s in self.scores if s.criterion == criterion), None)

    def to_dict(self) -> dict[str, Any]:
        data: dict[str, Any] = {"label": self.label}
        if self.reviewer:
            data["reviewer"] = self.reviewer
        data |= {"points": self.points, "scores": [s.to_dict() for s in self.scores]}
        data |= {"comment": self.comment} if self.comment else {}
        data |= {"submitted_at": self.submitted_at, "revision": self.revision}
        return data | ({"change": self.change.to_dict()} if self.change else {})

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> Review:
        return cls(
            label=data["label"],
            reviewer=data.get("reviewer", ""),
            scores=tuple(ReviewScore.from_dict(s) for s in data["scores"]),
            comment=data.get("comment", ""),
            submitted_at=data.get("submitted_at", ""),
            revision=int(data.get("revision", 1)),
            change=ReviewChange.from_dict(data["change"]) if data.get("change") else None,
        )


@dataclass(frozen=True)
class CriterionMark:
    """One criterion of a submission's peer mark: the median of its counted reviews."""

    criterion: str
    title: str
    points: float | None  # None while no review counts
    max_points: float
    reviews: int  # counted reviews it is the median of

    def to_dict(self) -> dict[str, Any]:
        return {
            "criterion": self.criterion,
            "title": self.title,
            "points": self.points,
            "max_points": self.max_points,
            "reviews": self.reviews,
        }

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> CriterionMark:
        points = data.get("points")
        return cls(
            data["criterion"],
            data.get("title", data["criterion"]),
            None if points is None else float(points),
            float(data["max_points"]),
            int(data.get("reviews", 0)),
        )


@dataclass(frozen=True)
class ReviewingMark:
    """How a learner reviewed others: reviews completed, and how close their levels were to
    the other reviewers' median (or to the instructor's, on a calibration submission)."""

    assigned: int
    completed: int
    agreement: float | None  # 0 to 1; None while none of their reviews can be compared
    calibrated: int  # of their completed reviews, those compared with the instructor's levels
    fraction: float  # the reviewing mark, 0 to 1, as the course's shares make it
    outlier: bool = False  # their levels stray from the others' beyond the course's `outlier`

    def to_dict(self) -> dict[str, Any]:
        return {
            "assigned": self.assigned,
            "completed": self.completed,
            "agreement": self.agreement,
            "calibrated": self.calibrated,
            "fraction": self.fraction,
            "outlier": self.outlier,
        }

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> ReviewingMark:
        agreement = data.get("agreement")
        return cls(
            int(data["assigned"]),
            int(data["completed"]),
            None if agreement is None else float(agreement),
            int(data.get("calibrated", 0)),
            float(data["fraction"]),
            bool(data.get("outlier", False)),
        )


@dataclass(frozen=True)
class PeerResult:
    """A module's peer review for one learner: their submission's reviews and mark, their
    own reviewing, and the course's shares that combine them with the checks."""

    module: str
    pseudonym: str  # how reviewers knew the submission
    criteria: tuple[CriterionMark, ...]
    reviews: tuple[Review, ...]  # the reviews received, the discarded ones included
    reviewing: ReviewingMark | None  # None when they were given nothing to review
    weights: Weights
    min_reviews: int
    override: Override | None = None  # the instructor's peer mark, in rubric points

    @property
    def counted(self) -> int:
        return sum(review.counted for review in self.reviews)

    @property
    def enough_reviews(self) -> bool:
        return self.override is not None or self.counted >= self.min_reviews

    @property
    def reviews_mark(self) -> float | None:
        """The sum of the criteria's medians; None while no review counts."""
        if all(c.points is None for c in self.criteria):
            return None
        return round(sum(c.points or 0.0 for c in self.criteria), 6)

    @property
    def mark(self) -> float:
        """The peer mark that counts: the instructor's override, else the reviews' (0 with
        none)."""
        if self.override is not None:
            return self.override.score
        return self.reviews_mark or 0.0

    @property
    def max_mark(self) -> float:
        return round(sum(c.max_points for c in self.criteria), 6)

    def peer_points(self, max_score: float) -> float:
        """The peer mark's share of a module worth `max_score`."""
        return round(max_score * self.weights.peer * self.mark / self.max_mark, 6)

    def reviewing_points(self, max_score: float) -> float:
        fraction = self.reviewing.fraction if self.reviewing else 0.0
        return round(max_score * self.weights.reviewing * fraction, 6)

    def checks_points(self, checks_score: float) -> float:
        return round(checks_score * self.weights.checks, 6)

    def combined(self, checks_score: float, max_score: float) -> float:
        """The module's score: the checks' share, the peer mark's and the reviewing's."""
        parts = (
            self.checks_points(checks_score),
            self.peer_points(max_score),
            self.reviewing_points(max_score),
        )
        return round(sum(parts), 6)

    def anonymous(self) -> PeerResult:
        """What the author may see: the reviews without their reviewers' ids."""
        reviews = tuple(replace(review, reviewer="") for review in self.reviews)
        return replace(self, reviews=reviews)

    def to_dict(self, max_score: float) -> dict[str, Any]:
        data: dict[str, Any] = {
            "pseudonym": self.pseudonym,
            "mark": self.mark,
            "max_mark": self.max_mark,
            "peer_points": self.peer_points(max_score),
            "reviewing_points": self.reviewing_points(max_score),
            "weights": self.weights.to_dict(),
            "min_reviews": self.min_reviews,
            "reviews_counted": self.counted,
            "enough_reviews": self.enough_reviews,
            "criteria": [c.to_dict() for c in self.criteria],
            "reviews": [r.to_dict() for r in self.reviews],
            "reviewing": self.reviewing.to_dict() if self.reviewing else None,
        }
        if self.override is not None:
            data["reviews_mark"] = self.reviews_mark
            data["override"] = self.override.to_dict()
        return data

    @classmethod
    def from_dict(cls, module: str, data: Mapping[str, Any]) -> PeerResult:
        reviewing = data.get("reviewing")
        return cls(
            module=module,
            pseudonym=data["pseudonym"],
            criteria=tuple(CriterionMark.from_dict(c) for c in data["criteria"]),
            reviews=tuple(Review.from_dict(r) for r in data.get("reviews", ())),
            reviewing=ReviewingMark.from_dict(reviewing) if reviewing else None,
            weights=Weights.from_dict(data["weights"]),
            min_reviews=int(data["min_reviews"]),
            override=Override.from_dict(data["override"]) if data.get("override") else None,
        )
