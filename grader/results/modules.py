"""One learner's result for one course module: its checks, notes, lateness and attempts."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, replace
from enum import StrEnum
from typing import Any, Literal

from grader.results._fields import names as _names
from grader.results.caps import MAX_MESSAGE, MAX_NOTE, MAX_NOTES, MAX_OUTPUT, MAX_SOURCE, cap_text
from grader.results.checks import CheckResult, Override, capped_check
from grader.results.evaluation import Evaluation
from grader.results.notes import Note
from grader.results.peer import PeerResult

__all__ = ["Attempt", "Lateness", "ModuleResult", "ModuleStatus", "SubmittedFrom"]

SubmittedFrom = Literal["manifest", "mtime", "unknown"]


class ModuleStatus(StrEnum):
    """Whether a module's file could be graded at all."""

    GRADED = "graded"
    MISSING = "missing"
    ERROR = "error"  # the file exists but could not be loaded (syntax error, crash on load, ...)


@dataclass(frozen=True)
class Lateness:
    """When a module's file was handed in, against its deadline, and the penalty that follows."""

    submitted_at: str | None  # ISO 8601; None when the manifest does not list the file
    submitted_from: SubmittedFrom  # the manifest, the file's modification time, or unknown
    deadline: str  # the deadline that applied to this learner, extension included
    extended: bool  # an extension moved the course's deadline for this learner
    late_seconds: float  # 0 when on time
    days_late: int  # started days past the deadline: one second late is one day
    penalty_percent: float  # of the score the checks gave, 0 to 100
    rule: str  # the course's penalty rule, in words

    @property
    def late(self) -> bool:
        return self.late_seconds > 0

    @property
    def verified(self) -> bool:
        """False when the time is a file's modification time, which the learner can set."""
        return self.submitted_from != "mtime"

    def to_dict(self) -> dict[str, Any]:
        data = {name: getattr(self, name) for name in _names(type(self))}
        return data if self.verified else {**data, "verified": False}

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> Lateness:
        return cls(**{name: data[name] for name in _names(cls)})


@dataclass(frozen=True)
class Attempt:
    """One grading of a learner's module, as the gradebook keeps it."""

    number: int  # 1 for the learner's first attempt at the module, then 2, 3, ...
    graded_at: str  # ISO 8601
    file: str | None
    file_sha256: str | None  # of the graded file's bytes
    status: ModuleStatus
    score: float  # what the checks gave, before any penalty or override
    max_score: float
    passed: int  # checks passed
    checks: int  # checks run
    submitted_at: str | None = None
    checks_fingerprint: str = ""  # the checks, reference, module limits and grader version
    grader_version: str = ""

    def to_dict(self) -> dict[str, Any]:
        data = {name: getattr(self, name) for name in _names(type(self))}
        data["status"] = self.status.value
        return data

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> Attempt:
        values = {name: data[name] for name in _names(cls) if name in data}
        return cls(**{**values, "status": ModuleStatus(data["status"])})


@dataclass(frozen=True)
class ModuleResult:
    """One learner's result for one course module (one submitted file)."""

    module: str
    file: str | None
    status: ModuleStatus
    checks: tuple[CheckResult, ...] = ()
    max_score: float = 0.0
    message: str = ""  # why a module is missing or in error, in a sentence
    notes: tuple[Note, ...] = ()  # things the learner should know that cost no points
    output: str = ""  # what the learner's code printed, capped
    source: str = ""  # the learner's code, for the feedback report
    lateness: Lateness | None = None  # None when the module has no deadline or no file
    override: Override | None = None  # an instructor's score for the whole module
    attempt: Attempt | None = None  # the gradebook's attempt this result is
    history: tuple[Attempt, ...] = ()  # the earlier attempts, oldest first
    seconds: float = 0.0  # how long grading the file took, sandbox and checks
    # What broke in the grader's own process while grading this learner's file (an error,
    # a runaway parser, a dead worker): for the instructor; `message` is the learner's.
    internal_error: str = ""
    # Whether learners may see the hidden checks' details yet (grader.results.release); None
    # where no release was decided, as in the gradebook's own records.
    feedback_released: bool | None = None
    # A project's predictions measured on held-out sets (grader.predictions), one per set.
    evaluations: tuple[Evaluation, ...] = ()
    # Its peer review, when the course has one for the module and reviews were assigned:
    # the module's score then combines the checks with the peer and reviewing marks.
    peer: PeerResult | None = None

    @property
    def checks_score(self) -> float:
        """What the checks gave (check overrides included), before any penalty."""
        return round(sum(c.score for c in self.checks), 6)

    @property
    def penalty(self) -> float:
        """Points taken off for lateness."""
        return self._penalty(self.checks_score)

    @property
    def score(self) -> float:
        """The score that counts: the instructor's override, else the checks less the penalty."""
        return self._score(self.checks_score)

    def _penalty(self, checks_score: float) -> float:
        if self.lateness is None or not self.lateness.penalty_percent:
            return 0.0
        return round(checks_score * self.lateness.penalty_percent / 100, 6)

    def _score(self, checks_score: float) -> float:
        if self.override is not None:
            return self.override.score
        automated = round(checks_score - self._penalty(checks_score), 6)
        return automated if self.peer is None else self.peer.combined(automated, self.max_score)

    def to_dict(self) -> dict[str, Any]:
        checks_score = self.checks_score  # summed once, not once per score that needs it
        data: dict[str, Any] = {
            "module": self.module,
            "file": self.file,
            "status": self.status.value,
            "score": self._score(checks_score),
            "max_score": self.max_score,
            "checks": [c.to_dict() for c in self.checks],
        }
        for name in ("message", "output", "internal_error"):
            if value := getattr(self, name):
                data[name] = value
        if self.notes:
            data["notes"] = [str(note) for note in self.notes]
        if self.seconds:
            data["seconds"] = round(self.seconds, 4)
        if self.feedback_released is not None:
            data["feedback_released"] = self.feedback_released
        if self.evaluations:
            data["evaluations"] = [e.to_dict() for e in self.evaluations]
        if self.peer is not None:
            data["peer"] = self.peer.to_dict(self.max_score)
        return data | self._gradebook_dict(checks_score)

    def _gradebook_dict(self, checks_score: float) -> dict[str, Any]:
        data: dict[str, Any] = {}
        if self._score(checks_score) != checks_score:
            data["checks_score"] = checks_score
        if self.lateness is not None:
            data["lateness"] = self.lateness.to_dict()
            data["penalty"] = self._penalty(checks_score)
        if self.override is not None:
            data["override"] = self.override.to_dict()
        if self.attempt is not None:
            data["attempt"] = self.attempt.to_dict()
        if self.history:
            data["history"] = [a.to_dict() for a in self.history]
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
            notes=tuple(Note(str(note)) for note in data.get("notes", ())),
            output=data.get("output", ""),
            source=data.get("source", ""),
            seconds=float(data.get("seconds", 0.0)),
            internal_error=str(data.get("internal_error", "")),
            lateness=Lateness.from_dict(data["lateness"]) if data.get("lateness") else None,
            override=Override.from_dict(data["override"]) if data.get("override") else None,
            attempt=Attempt.from_dict(data["attempt"]) if data.get("attempt") else None,
            history=tuple(Attempt.from_dict(a) for a in data.get("history", ())),
            feedback_released=_flag(data.get("feedback_released")),
            evaluations=_evaluations(data.get("evaluations")),
            peer=PeerResult.from_dict(data["module"], data["peer"]) if data.get("peer") else None,
        )

    def with_source(self, source: str) -> ModuleResult:
        return replace(self, source=source)

    def capped(self) -> ModuleResult:
        """This result with everything the learner controls cut to the caps below, so that
        results.json, the reports, the exports and the gradebook all stay small whatever the
        file did (thousands of failing statements, a flood of output, a huge answer)."""
        return _capped_module(self)


def _evaluations(data: Any) -> tuple[Evaluation, ...]:
    """The evaluations a result keeps (one per held-out set: a few at most), the damaged ones
    left out."""
    if not isinstance(data, list):
        return ()
    read = (Evaluation.read(item) for item in data[:4])
    return tuple(evaluation for evaluation in read if evaluation is not None)


def _flag(value: Any) -> bool | None:
    return value if isinstance(value, bool) else None


def _capped_module(result: ModuleResult) -> ModuleResult:
    notes = tuple(note.capped(MAX_NOTE) for note in result.notes[:MAX_NOTES])
    if len(result.notes) > MAX_NOTES:
        notes += (Note(f"… {len(result.notes) - MAX_NOTES} more notes not shown"),)
    return replace(
        result,
        notes=notes,
        message=cap_text(result.message, MAX_MESSAGE),
        output=cap_text(result.output, MAX_OUTPUT),
        source=_capped_source(result.source),
        internal_error=cap_text(result.internal_error, MAX_MESSAGE),
        checks=tuple(capped_check(c) for c in result.checks),
    )


def _capped_source(source: str) -> str:
    if len(source) <= MAX_SOURCE:
        return cap_text(source, MAX_SOURCE)
    kept = source[:MAX_SOURCE].rpartition("\n")[0] or source[:MAX_SOURCE]  # whole lines
    rest = source.count("\n", len(kept)) + 1
    return cap_text(kept, MAX_SOURCE) + f"\n# … {rest} more lines not shown"
