"""The one data model of grading results, spoken by every other part of the grader."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field, fields, replace
from enum import StrEnum
from typing import Any, Literal

Visibility = Literal["public", "hidden"]

__all__ = [
    "CheckResult",
    "CheckStatus",
    "ClassResult",
    "Detail",
    "LearnerResult",
    "ModuleResult",
    "ModuleStatus",
    "Visibility",
]


class CheckStatus(StrEnum):
    """How one check ended for one learner."""

    PASSED = "passed"
    FAILED = "failed"  # the learner's function answered, and the answer was wrong
    ERROR = "error"  # the learner's function raised, crashed, or could not be called
    TIMEOUT = "timeout"  # the learner's function ran past its time limit


class ModuleStatus(StrEnum):
    """Whether a module's file could be graded at all."""

    GRADED = "graded"
    MISSING = "missing"
    ERROR = "error"  # the file exists but could not be loaded (syntax error, crash on load, ...)


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

    def to_dict(self) -> dict[str, str]:
        return {f.name: getattr(self, f.name) for f in fields(self) if getattr(self, f.name)}

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> Detail:
        return cls(**{f.name: str(data.get(f.name, "")) for f in fields(cls)})


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

    @property
    def grader_error(self) -> bool:
        return bool(self.internal_error)

    @property
    def passed(self) -> bool:
        return self.status is CheckStatus.PASSED

    def to_dict(self) -> dict[str, Any]:
        data: dict[str, Any] = {
            "id": self.id,
            "title": self.title,
            "visibility": self.visibility,
            "status": self.status.value,
            "score": self.score,
            "max_score": self.max_score,
            "feedback": self.feedback,
        }
        if detail := self.detail.to_dict():
            data["detail"] = detail
        if self.internal_error:
            data["grader_error"] = True
            data["internal_error"] = self.internal_error
        return data

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> CheckResult:
        return cls(
            id=data["id"],
            title=data["title"],
            visibility=data["visibility"],
            status=CheckStatus(data["status"]),
            score=float(data["score"]),
            max_score=float(data["max_score"]),
            feedback=data.get("feedback", ""),
            detail=Detail.from_dict(data.get("detail", {})),
            internal_error=str(data.get("internal_error", "")),
        )


@dataclass(frozen=True)
class ModuleResult:
    """One learner's result for one course module (one submitted file)."""

    module: str
    file: str | None
    status: ModuleStatus
    checks: tuple[CheckResult, ...] = ()
    max_score: float = 0.0
    message: str = ""  # why a module is missing or in error, in a sentence
    notes: tuple[str, ...] = ()  # things the learner should know that cost no points
    output: str = ""  # what the learner's code printed, capped
    source: str = ""  # the learner's code, for the feedback report

    @property
    def score(self) -> float:
        return round(sum(c.score for c in self.checks), 6)

    def to_dict(self) -> dict[str, Any]:
        data: dict[str, Any] = {
            "module": self.module,
            "file": self.file,
            "status": self.status.value,
            "score": self.score,
            "max_score": self.max_score,
            "checks": [c.to_dict() for c in self.checks],
        }
        for name in ("message", "output"):
            if value := getattr(self, name):
                data[name] = value
        if self.notes:
            data["notes"] = list(self.notes)
        return data

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> ModuleResult:
        return cls(
            module=data["module"],
            file=data.get("file"),
            status=ModuleStatus(data["status"]),
            checks=tuple(CheckResult.from_dict(c) for c in data.get("checks", ())),
            max_score=float(data["max_score"]),
            message=data.get("message", ""),
            notes=tuple(data.get("notes", ())),
            output=data.get("output", ""),
            source=data.get("source", ""),
        )

    def with_source(self, source: str) -> ModuleResult:
        return replace(self, source=source)


@dataclass(frozen=True)
class LearnerResult:
    """Everything one learner earned, module by module."""

    learner: str
    modules: tuple[ModuleResult, ...]

    @property
    def score(self) -> float:
        return round(sum(m.score for m in self.modules), 6)

    @property
    def max_score(self) -> float:
        return round(sum(m.max_score for m in self.modules), 6)

    def module(self, name: str) -> ModuleResult:
        for result in self.modules:
            if result.module == name:
                return result
        raise KeyError(name)

    def to_dict(self) -> dict[str, Any]:
        return {
            "learner": self.learner,
            "score": self.score,
            "max_score": self.max_score,
            "modules": [m.to_dict() for m in self.modules],
        }

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> LearnerResult:
        return cls(
            learner=data["learner"],
            modules=tuple(ModuleResult.from_dict(m) for m in data["modules"]),
        )


@dataclass(frozen=True)
class ClassResult:
    """A whole class graded in one run, as written to results.json."""

    grader_version: str
    learners: tuple[LearnerResult, ...]
    modules: tuple[str, ...]
    isolation: Mapping[str, Any] = field(default_factory=dict)  # level, layers, what stays open

    def to_dict(self) -> dict[str, Any]:
        grader: dict[str, Any] = {"version": self.grader_version, "modules": list(self.modules)}
        if self.isolation:
            grader["isolation"] = dict(self.isolation)
        return {"grader": grader, "learners": [lr.to_dict() for lr in self.learners]}

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> ClassResult:
        grader = data["grader"]
        learners = tuple(LearnerResult.from_dict(lr) for lr in data["learners"])
        modules = tuple(grader.get("modules") or _module_names(learners))
        return cls(
            grader_version=grader["version"],
            learners=learners,
            modules=modules,
            isolation=grader.get("isolation", {}),
        )


def _module_names(learners: Iterable[LearnerResult]) -> list[str]:
    names: list[str] = []
    for learner in learners:
        names.extend(m.module for m in learner.modules if m.module not in names)
    return names
