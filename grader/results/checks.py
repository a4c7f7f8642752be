"""The result of one check against one learner's module, and what a failed one shows."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from enum import StrEnum
from typing import Any, Literal

from grader.results._fields import names as _names
from grader.results.caps import MAX_DETAIL, MAX_MESSAGE, MAX_TRACEBACK, cap_text

__all__ = [
    "CheckResult",
    "CheckStatus",
    "Detail",
    "Misconception",
    "Override",
    "SmallestInput",
    "Visibility",
    "capped_check",
    "scored_status",
]

Visibility = Literal["public", "hidden"]


class CheckStatus(StrEnum):
    """How one check ended for one learner."""

    PASSED = "passed"
    FAILED = "failed"  # the learner's function answered, and the answer was wrong
    ERROR = "error"  # the learner's function raised, crashed, or could not be called
    TIMEOUT = "timeout"  # the learner's function ran past its time limit


@dataclass(frozen=True)
class Misconception:
    """A classic mistake of the course whose answer to a check's call is exactly the learner's."""

    id: str  # the mistake's file name without `.py`: "mse_sums_instead_of_averaging"
    name: str  # its MISTAKE line: "MSE is the sum, not the mean, of the squared errors"
    hint: str  # its HINT, said to the learner: "your MSE equals the sum of ..."
    function: str  # the function the mistake is in (its FUNCTION), maybe one the call uses

    def to_dict(self) -> dict[str, str]:
        return {name: getattr(self, name) for name in _names(type(self))}

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> Misconception:
        return cls(**{name: str(data.get(name, "")) for name in _names(cls)})


@dataclass(frozen=True)
class SmallestInput:
    """A smaller input than the check's on which the learner's function is still wrong."""

    call: str  # the call, as Python source (a hidden check's inputs as the rule allows)
    expected: str = ""  # "" when withheld: a hidden check's input not shown whole
    got: str = ""
    reason: str = ""

    def to_dict(self) -> dict[str, str]:
        return {name: value for name in _names(type(self)) if (value := getattr(self, name))}

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> SmallestInput:
        return cls(**{name: str(data.get(name, "")) for name in _names(cls)})


@dataclass(frozen=True)
class Detail:
    """What a failed check shows a learner: the call, what was expected and what came back."""

    call: str = ""
    expected: str = ""
    got: str = ""
    reason: str = ""
    hint: str = ""
    traceback: str = ""
    function: str = ""  # the learner's function the check exercised, when there is one
    # What the course's classic mistakes say of a wrong answer: those giving exactly it, and
    # whether they were tried at all (so that none matching can be said plainly).
    misconceptions: tuple[Misconception, ...] = ()
    diagnosed: bool = False
    known: str = ""  # when no mistake is named: what else is known of the wrong answers
    smallest: SmallestInput | None = None  # a smaller input that still shows the failure
    withheld: str = ""  # what the hidden-input rule kept from the learner, in a sentence
    # The instructor's: a digest of the wrong answer or error, to find the learners who gave
    # the same one (grader similarity); kept in the gradebook only (see release.marked).
    answer: str = ""

    def to_dict(self) -> dict[str, Any]:
        data: dict[str, Any] = {
            name: value
            for name in _names(type(self))
            if isinstance(value := getattr(self, name), str) and value
        }
        if self.misconceptions:
            data["misconceptions"] = [m.to_dict() for m in self.misconceptions]
        if self.diagnosed:
            data["diagnosed"] = True
        if self.smallest is not None:
            data["smallest"] = self.smallest.to_dict()
        return data

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> Detail:
        if not data:  # a passed check's: most of a class's checks
            return _NO_DETAIL
        texts = {name: str(data.get(name, "")) for name in _names(cls, texts=True)}
        smallest = data.get("smallest")
        return cls(
            **texts,
            misconceptions=tuple(
                Misconception.from_dict(m) for m in data.get("misconceptions", ())
            ),
            diagnosed=bool(data.get("diagnosed", False)),
            smallest=SmallestInput.from_dict(smallest) if smallest else None,
        )


_NO_DETAIL = Detail()  # frozen, so one serves every check that has nothing to show


@dataclass(frozen=True)
class Override:
    """A score an instructor set by hand, for a whole module or for one check."""

    score: float  # the score that counts
    reason: str
    at: str  # when it was set, ISO 8601
    graded_score: float  # what the checks (and any late penalty) gave without it

    def to_dict(self) -> dict[str, Any]:
        return {
            "score": self.score,
            "reason": self.reason,
            "at": self.at,
            "graded_score": self.graded_score,
        }

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> Override:
        return cls(
            float(data["score"]),
            str(data["reason"]),
            str(data.get("at", "")),
            float(data.get("graded_score", 0.0)),
        )


def scored_status(*, score: float, max_score: float) -> CheckStatus:
    """The status an instructor's score says: passed at full marks, else failed.

    Part marks are failed, as a check graded in part is: the status tells the learner that
    points are missing, and the override's reason, shown beside it, says why."""
    return CheckStatus.PASSED if score >= max_score else CheckStatus.FAILED


@dataclass(frozen=True)
class CheckResult:
    """The outcome of one check against one learner's module."""

    id: str
    title: str
    visibility: Visibility
    status: CheckStatus
    score: float
    max_score: float
    feedback: str = ""
    detail: Detail = field(default_factory=Detail)
    internal_error: str = ""  # the check itself broke (never the learner's fault): for instructors
    override: Override | None = None  # an instructor's score for this check; `score` is it
    functions: tuple[str, ...] = ()  # the learner's functions the check called, in order

    @property
    def grader_error(self) -> bool:
        return bool(self.internal_error)

    @property
    def passed(self) -> bool:
        return self.status is CheckStatus.PASSED

    @property
    def shown_status(self) -> CheckStatus:
        """The status results.json and the exports show: the grading's, unless an instructor
        set the score (then the one that score says; `status` stays what the check gave)."""
        if self.override is None:
            return self.status
        return scored_status(score=self.score, max_score=self.max_score)

    def to_dict(self) -> dict[str, Any]:
        data: dict[str, Any] = {
            "id": self.id,
            "title": self.title,
            "visibility": self.visibility,
            "status": self.shown_status.value,
            "score": self.score,
            "max_score": self.max_score,
            "feedback": self.feedback,
        }
        if detail := self.detail.to_dict():
            data["detail"] = detail
        if self.internal_error:
            data["grader_error"] = True
            data["internal_error"] = self.internal_error
        if self.override:
            # what the check itself gave, which "status" no longer says
            data["override"] = self.override.to_dict() | {"graded_status": self.status.value}
        if self.functions:
            data["functions"] = list(self.functions)
        return data

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> CheckResult:
        return cls(
            id=data["id"],
            title=data["title"],
            visibility=data["visibility"],
            status=CheckStatus((data.get("override") or {}).get("graded_status", data["status"])),
            score=float(data["score"]),
            max_score=float(data["max_score"]),
            feedback=data.get("feedback", ""),
            detail=Detail.from_dict(data.get("detail", {})),
            internal_error=str(data.get("internal_error", "")),
            override=Override.from_dict(data["override"]) if data.get("override") else None,
            functions=tuple(str(f) for f in data.get("functions", ())),
        )


def capped_check(check: CheckResult) -> CheckResult:
    """`check` with the texts the learner controls cut to the caps."""
    detail = check.detail
    texts: dict[str, Any] = {
        name: cap_text(value, _DETAIL_CAPS.get(name, MAX_MESSAGE))
        for name in _names(Detail, texts=True)
        if (value := getattr(detail, name))
    }
    if detail.smallest is not None:
        smallest = detail.smallest
        texts_smallest = {
            name: cap_text(getattr(smallest, name), MAX_DETAIL) for name in _names(SmallestInput)
        }
        detail = replace(detail, smallest=replace(smallest, **texts_smallest))
    if texts:
        detail = replace(detail, **texts)
    return replace(check, feedback=cap_text(check.feedback, MAX_MESSAGE), detail=detail)


_DETAIL_CAPS = {
    "call": MAX_DETAIL,
    "expected": MAX_DETAIL,
    "got": MAX_DETAIL,
    "traceback": MAX_TRACEBACK,
}
