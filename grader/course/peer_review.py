"""A module's peer review as the course sets it (`[peer.<module>]` in course.toml): the rubric
reviewers mark against, how many reviews a submission needs, and how the peer mark and the
reviewing mark combine with the checks into the module's score.

    [peer.capstone]
    reviewers = 3          # asked per submission (`grader peer assign` may say otherwise)
    min_reviews = 2        # fewer counted reviews than this, and the instructor is told
    weights = { checks = 0.6, peer = 0.3, reviewing = 0.1 }   # of the module's points
    reviewing = { completion = 0.5, agreement = 0.5 }         # of the reviewing part
    outlier = 0.25         # a reviewer this far from the others, on average, is listed

    [[peer.capstone.criteria]]
    id = "clarity"
    title = "Clarity"
    description = "Can a classmate follow what the pipeline does, and why?"
    comment = "required"   # or "optional" (the default)
    levels = [
      { id = "clear", points = 2, title = "Clear", description = "..." },
      { id = "unclear", points = 0, title = "Hard to follow", description = "..." },
    ]
"""

from __future__ import annotations

import math
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from grader.errors import CourseProblem
from grader.results.peer import Weights

__all__ = ["Criterion", "Level", "PeerReview", "RubricError", "Weights", "peer_reviews"]

_ID = re.compile(r"[a-z][a-z0-9_]{0,31}")
_KEYS = {"reviewers", "min_reviews", "weights", "reviewing", "outlier", "criteria"}
_CRITERION_KEYS = {"id", "title", "description", "comment", "levels"}
_LEVEL_KEYS = {"id", "title", "points", "description"}
MAX_CRITERIA = 20
RESERVED = frozenset({"overall", "module", "submission", "reviewer", "form"})  # the form's keys
MAX_LEVELS = 10


class RubricError(CourseProblem):
    """A `[peer.<module>]` table that cannot be used; the settings reader names the file."""


@dataclass(frozen=True)
class Level:
    """One level of a criterion: what a reviewer picks, worth `points`."""

    id: str
    title: str
    points: float
    description: str = ""


@dataclass(frozen=True)
class Criterion:
    """One criterion of the rubric and its levels, best first as the course lists them."""

    id: str
    title: str
    levels: tuple[Level, ...]
    description: str = ""
    comment_required: bool = False

    @property
    def max_points(self) -> float:
        return max(level.points for level in self.levels)

    @property
    def min_points(self) -> float:
        return min(level.points for level in self.levels)

    def level(self, level_id: str) -> Level | None:
        return next((level for level in self.levels if level.id == level_id), None)


@dataclass(frozen=True)
class PeerReview:
    """A module's peer review: its rubric and how its marks count."""

    module: str
    criteria: tuple[Criterion, ...]
    reviewers: int = 3
    min_reviews: int = 2
    weights: Weights = field(default=Weights(checks=0.7, peer=0.3))
    completion: float = 0.5  # of the reviewing mark: the share for reviews completed
    agreement: float = 0.5  # and the share for agreeing with the others (or the instructor)
    outlier: float = 0.25  # mean distance from the others, as a share of each criterion's range

    @property
    def max_points(self) -> float:
        return round(sum(c.max_points for c in self.criteria), 6)

    def criterion(self, criterion_id: str) -> Criterion | None:
        return next((c for c in self.criteria if c.id == criterion_id), None)

    def to_dict(self) -> dict[str, Any]:
        """The settings as course.toml gives them, for the gradebook to keep."""
        return {
            "reviewers": self.reviewers,
            "min_reviews": self.min_reviews,
            "weights": self.weights.to_dict(),
            "reviewing": {"completion": self.completion, "agreement": self.agreement},
            "outlier": self.outlier,
            "criteria": [_criterion_dict(c) for c in self.criteria],
        }

    @classmethod
    def from_dict(cls, module: str, data: Mapping[str, Any]) -> PeerReview:
        return peer_review(module, data)


def _criterion_dict(criterion: Criterion) -> dict[str, Any]:
    return {
        "id": criterion.id,
        "title": criterion.title,
        "description": criterion.description,
        "comment": "required" if criterion.comment_required else "optional",
        "levels": [vars(level) for level in criterion.levels],
    }


def peer_reviews(tables: Mapping[str, Any]) -> dict[str, PeerReview]:
    """Every `[peer.<module>]` table read; raises RubricError naming the table at fault."""
    found = {}
    for module, table in tables.items():
        try:
            found[module] = peer_review(module, table)
        except RubricError as error:
            raise RubricError(f"[peer.{module}]: {error}") from None
    return found


def peer_review(module: str, table: Mapping[str, Any]) -> PeerReview:
    _known(table, _KEYS, "setting")
    reviewing = _table(table.get("reviewing", {}), "reviewing", {"completion", "agreement"})
    completion, agreement = _shares(reviewing, ("completion", "agreement"), (0.5, 0.5))
    weights = _table(table.get("weights", {}), "weights", {"checks", "peer", "reviewing"})
    checks, peer, reviewing_share = _shares(weights, ("checks", "peer", "reviewing"), (0.7, 0.3, 0))
    settings = PeerReview(
        module=module,
        criteria=_criteria(table.get("criteria")),
        reviewers=_whole(table.get("reviewers", 3), "reviewers", least=1),
        min_reviews=_whole(table.get("min_reviews", 2), "min_reviews", least=1),
        weights=Weights(checks, peer, reviewing_share),
        completion=completion,
        agreement=agreement,
        outlier=_number(table.get("outlier", 0.25), "outlier"),
    )
    if not 0 < settings.outlier <= 1:
        raise RubricError(f"outlier must be above 0 and at most 1, not {settings.outlier}")
    return settings


def _criteria(items: Any) -> tuple[Criterion, ...]:
    if not isinstance(items, list) or not items:
        raise RubricError("no criteria: give [[peer.<module>.criteria]] tables")
    if len(items) > MAX_CRITERIA:
        raise RubricError(f"{len(items)} criteria: at most {MAX_CRITERIA}")
    criteria = tuple(_criterion(item, number) for number, item in enumerate(items, 1))
    _unique([c.id for c in criteria], "criterion id")
    return criteria


def _criterion(item: Any, number: int) -> Criterion:
    where = f"criterion {number}"
    item = _table(item, where, _CRITERION_KEYS)
    criterion_id = _identifier(item.get("id"), f"{where}: id")
    if criterion_id in RESERVED:
        raise RubricError(f"{where}: id {criterion_id!r} is the form's own, choose another")
    comment = item.get("comment", "optional")
    if comment not in ("required", "optional"):
        raise RubricError(f'{criterion_id}: comment must be "required" or "optional"')
    levels = item.get("levels")
    if not isinstance(levels, list) or not 2 <= len(levels) <= MAX_LEVELS:
        raise RubricError(f"{criterion_id}: levels must be a list of 2 to {MAX_LEVELS} levels")
    criterion = Criterion(
        id=criterion_id,
        title=_text(item.get("title", criterion_id), f"{criterion_id}: title"),
        description=_text(item.get("description", ""), f"{criterion_id}: description"),
        comment_required=comment == "required",
        levels=tuple(_level(level, criterion_id) for level in levels),
    )
    _unique([level.id for level in criterion.levels], f"level id of {criterion_id}")
    if criterion.max_points <= criterion.min_points:
        raise RubricError(f"{criterion_id}: its levels must not all be worth the same")
    if criterion.min_points < 0:
        raise RubricError(f"{criterion_id}: a level's points must not be negative")
    return criterion


def _level(item: Any, criterion: str) -> Level:
    item = _table(item, f"a level of {criterion}", _LEVEL_KEYS)
    level_id = _identifier(item.get("id"), f"{criterion}: a level's id")
    return Level(
        id=level_id,
        title=_text(item.get("title", level_id), f"{criterion}.{level_id}: title"),
        points=_number(item.get("points"), f"{criterion}.{level_id}: points"),
        description=_text(item.get("description", ""), f"{criterion}.{level_id}: description"),
    )


def _shares(
    table: Mapping[str, Any], names: Sequence[str], default: Sequence[float]
) -> list[float]:
    if not table:
        return list(default)
    shares = [_number(table.get(name, 0), name) for name in names]
    if any(share < 0 for share in shares) or not math.isclose(sum(shares), 1, abs_tol=1e-9):
        given = ", ".join(f"{n} = {s:g}" for n, s in zip(names, shares, strict=True))
        raise RubricError(f"{given}: shares must not be negative and must add up to 1")
    return shares


def _table(value: Any, where: str, keys: set[str]) -> dict[str, Any]:
    if not isinstance(value, dict):
        raise RubricError(f"{where} must be a table")
    _known(value, keys, f"setting of {where}")
    return value


def _known(table: Mapping[str, Any], keys: set[str], what: str) -> None:
    if unknown := sorted(set(table) - keys):
        raise RubricError(f"unknown {what} {unknown[0]!r} (known: {', '.join(sorted(keys))})")


def _identifier(value: Any, where: str) -> str:
    if not isinstance(value, str) or not _ID.fullmatch(value):
        raise RubricError(
            f"{where} must be a short lowercase name (letters, digits, _), not {value!r}"
        )
    return value


def _text(value: Any, where: str) -> str:
    if not isinstance(value, str) or len(value) > 2000:
        raise RubricError(f"{where} must be a text of at most 2000 characters")
    return value


def _number(value: Any, where: str) -> float:
    if isinstance(value, bool) or not isinstance(value, int | float) or not math.isfinite(value):
        raise RubricError(f"{where} must be a number, not {value!r}")
    return float(value)


def _whole(value: Any, where: str, *, least: int) -> int:
    if isinstance(value, bool) or not isinstance(value, int) or value < least:
        raise RubricError(f"{where} must be a whole number of at least {least}, not {value!r}")
    return value


def _unique(ids: list[str], what: str) -> None:
    if repeated := sorted({i for i in ids if ids.count(i) > 1}):
        raise RubricError(f"{what} {repeated[0]!r} is given twice")
