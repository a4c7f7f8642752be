"""Everything one learner earned, and a whole class graded in one run, as in results.json."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, replace
from typing import Any

from grader.results.isolation import IsolationLevel
from grader.results.modules import ModuleResult
from grader.results.quizzes import QuizResult

__all__ = ["ClassResult", "LearnerResult"]


@dataclass(frozen=True)
class LearnerResult:
    """Everything one learner earned, module by module and quiz by quiz."""

    learner: str
    modules: tuple[ModuleResult, ...]
    quizzes: tuple[QuizResult, ...] = ()

    @property
    def score(self) -> float:
        return round(sum(m.score for m in self.modules) + sum(q.score for q in self.quizzes), 6)

    @property
    def max_score(self) -> float:
        return round(
            sum(m.max_score for m in self.modules) + sum(q.max_score for q in self.quizzes), 6
        )

    def capped(self) -> LearnerResult:
        """This result with every module's learner-controlled texts capped."""
        return replace(self, modules=tuple(m.capped() for m in self.modules))

    def module(self, name: str) -> ModuleResult:
        for result in self.modules:
            if result.module == name:
                return result
        raise KeyError(name)

    def quiz(self, name: str) -> QuizResult:
        for result in self.quizzes:
            if result.quiz == name:
                return result
        raise KeyError(name)

    def to_dict(self) -> dict[str, Any]:
        data = {
            "learner": self.learner,
            "score": self.score,
            "max_score": self.max_score,
            "modules": [m.to_dict() for m in self.modules],
        }
        if self.quizzes:
            data["quizzes"] = [q.to_dict() for q in self.quizzes]
        return data

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> LearnerResult:
        return cls(
            learner=data["learner"],
            modules=tuple(ModuleResult.from_dict(m) for m in data["modules"]),
            quizzes=tuple(QuizResult.from_dict(q) for q in data.get("quizzes", ())),
        )


@dataclass(frozen=True)
class ClassResult:
    """A whole class graded in one run, as written to results.json."""

    grader_version: str
    learners: tuple[LearnerResult, ...]
    modules: tuple[str, ...]
    isolation: IsolationLevel | None = None  # None when not recorded
    quizzes: tuple[str, ...] = ()  # the course's quizzes, in order
    peer_reviewed: tuple[str, ...] = ()  # the modules whose reviews were assigned, in order

    def to_dict(self) -> dict[str, Any]:
        grader: dict[str, Any] = {"version": self.grader_version, "modules": list(self.modules)}
        if self.quizzes:
            grader["quizzes"] = list(self.quizzes)
        if self.peer_reviewed:
            grader["peer_reviewed"] = list(self.peer_reviewed)
        if self.isolation is not None:
            grader["isolation"] = self.isolation.to_dict()
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
            isolation=_isolation(grader.get("isolation")),
            quizzes=tuple(grader.get("quizzes", ())),
            peer_reviewed=tuple(grader.get("peer_reviewed", ())),
        )


def _isolation(data: Mapping[str, Any] | None) -> IsolationLevel | None:
    return IsolationLevel.from_dict(data) if data else None


def _module_names(learners: Iterable[LearnerResult]) -> list[str]:
    names: list[str] = []
    for learner in learners:
        names.extend(m.module for m in learner.modules if m.module not in names)
    return names
