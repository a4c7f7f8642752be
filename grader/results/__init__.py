"""The one data model of grading results, spoken by every other part of the grader."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field, fields, replace
from enum import StrEnum
from typing import TYPE_CHECKING, Any, Literal

if TYPE_CHECKING:
    from grader.results.quizzes import QuizResult

Visibility = Literal["public", "hidden"]

__all__ = [
    "Attempt",
    "CheckResult",
    "CheckStatus",
    "ClassResult",
    "Detail",
    "Lateness",
    "LearnerResult",
    "Misconception",
    "ModuleResult",
    "ModuleStatus",
    "Override",
    "SmallestInput",
    "SubmittedFrom",
    "Visibility",
]

SubmittedFrom = Literal["manifest", "mtime", "unknown"]


_FIELDS: dict[tuple[type, bool], tuple[str, ...]] = {}


def _names(cls: type, *, texts: bool = False) -> tuple[str, ...]:
    """A result type's field names (only its text fields' with `texts`), in order, looked up
    once: dataclasses.fields() builds them anew on every call, and to_dict runs for every
    check of every file."""
    names = _FIELDS.get((cls, texts))
    if names is None:
        names = tuple(f.name for f in fields(cls) if not texts or f.type == "str")
        _FIELDS[(cls, texts)] = names
    return names


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
    smallest: SmallestInput | None = None  # a smaller input that still shows the failure
    withheld: str = ""  # what the hidden-input rule kept from the learner, in a sentence

    def to_dict(self) -> dict[str, Any]:
        data: dict[str, Any] = {name: value for name in _names(type(self))
                                if isinstance(value := getattr(self, name), str) and value}
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
            misconceptions=tuple(Misconception.from_dict(m)
                                 for m in data.get("misconceptions", ())),
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
        return {"score": self.score, "reason": self.reason, "at": self.at,
                "graded_score": self.graded_score}

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> Override:
        return cls(float(data["score"]), str(data["reason"]), str(data.get("at", "")),
                   float(data.get("graded_score", 0.0)))


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
    checks_fingerprint: str = ""  # the checks, reference, course limits and grader version
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
        if self.override:
            data["override"] = self.override.to_dict()
        if self.functions:
            data["functions"] = list(self.functions)
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
            override=Override.from_dict(data["override"]) if data.get("override") else None,
            functions=tuple(str(f) for f in data.get("functions", ())),
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
    lateness: Lateness | None = None  # None when the module has no deadline or no file
    override: Override | None = None  # an instructor's score for the whole module
    attempt: Attempt | None = None  # the gradebook's attempt this result is
    history: tuple[Attempt, ...] = ()  # the earlier attempts, oldest first
    seconds: float = 0.0  # how long grading the file took, sandbox and checks
    # What broke in the grader's own process while grading this learner's file (an error,
    # a runaway parser, a dead worker): for the instructor; `message` is the learner's.
    internal_error: str = ""

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
        return round(checks_score - self._penalty(checks_score), 6)

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
            data["notes"] = list(self.notes)
        if self.seconds:
            data["seconds"] = round(self.seconds, 4)
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
            notes=tuple(data.get("notes", ())),
            output=data.get("output", ""),
            source=data.get("source", ""),
            seconds=float(data.get("seconds", 0.0)),
            internal_error=str(data.get("internal_error", "")),
            lateness=Lateness.from_dict(data["lateness"]) if data.get("lateness") else None,
            override=Override.from_dict(data["override"]) if data.get("override") else None,
            attempt=Attempt.from_dict(data["attempt"]) if data.get("attempt") else None,
            history=tuple(Attempt.from_dict(a) for a in data.get("history", ())),
        )

    def with_source(self, source: str) -> ModuleResult:
        return replace(self, source=source)

    def capped(self) -> ModuleResult:
        """This result with everything the learner controls cut to the caps below, so that
        results.json, the reports, the exports and the gradebook all stay small whatever the
        file did (thousands of failing statements, a flood of output, a huge answer)."""
        return _capped_module(self)


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
        return round(sum(m.max_score for m in self.modules)
                     + sum(q.max_score for q in self.quizzes), 6)

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
        from grader.results.quizzes import QuizResult  # the quiz package builds on this module

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
    isolation: Mapping[str, Any] = field(default_factory=dict)  # level, layers, what stays open
    quizzes: tuple[str, ...] = ()  # the course's quizzes, in order

    def to_dict(self) -> dict[str, Any]:
        grader: dict[str, Any] = {"version": self.grader_version, "modules": list(self.modules)}
        if self.quizzes:
            grader["quizzes"] = list(self.quizzes)
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
            quizzes=tuple(grader.get("quizzes", ())),
        )


# -- caps on what a learner controls ---------------------------------------------------------
# Far above what an honest file produces (its output is already cut at 16 KiB when printed),
# and small enough that a learner's row stays well under a megabyte.

MAX_NOTES = 50  # notes per module
MAX_NOTE = 1_000  # characters per note
MAX_MESSAGE = 1_000  # a module's message, a check's feedback, reason or hint
MAX_OUTPUT = 20_000  # what the learner's code printed
MAX_DETAIL = 4_000  # a check's call, expected and got
MAX_TRACEBACK = 4_000
MAX_SOURCE = 256 * 1024  # the learner's code kept for the report


def cap_text(text: str, limit: int) -> str:
    """`text` cut to `limit` characters, saying how many were left out; lone surrogates (bytes
    that were not UTF-8) become replacement characters, so any file can store it."""
    if not text.isascii():
        text = text.encode("utf-8", "replace").decode("utf-8")
    if len(text) <= limit:
        return text
    return f"{text[:limit]}\n… {len(text) - limit} more characters not shown"


def _capped_module(result: ModuleResult) -> ModuleResult:
    notes = tuple(cap_text(n, MAX_NOTE) for n in result.notes[:MAX_NOTES])
    if len(result.notes) > MAX_NOTES:
        notes += (f"… {len(result.notes) - MAX_NOTES} more notes not shown",)
    return replace(
        result, notes=notes, message=cap_text(result.message, MAX_MESSAGE),
        output=cap_text(result.output, MAX_OUTPUT), source=_capped_source(result.source),
        internal_error=cap_text(result.internal_error, MAX_MESSAGE),
        checks=tuple(_capped_check(c) for c in result.checks))


def _capped_source(source: str) -> str:
    if len(source) <= MAX_SOURCE:
        return cap_text(source, MAX_SOURCE)
    kept = source[:MAX_SOURCE].rpartition("\n")[0] or source[:MAX_SOURCE]  # whole lines
    rest = source.count("\n", len(kept)) + 1
    return cap_text(kept, MAX_SOURCE) + f"\n# … {rest} more lines not shown"


def _capped_check(check: CheckResult) -> CheckResult:
    detail = check.detail
    texts: dict[str, Any] = {name: cap_text(value, _DETAIL_CAPS.get(name, MAX_MESSAGE))
             for name in _names(Detail, texts=True) if (value := getattr(detail, name))}
    if detail.smallest is not None:
        smallest = detail.smallest
        texts_smallest = {name: cap_text(getattr(smallest, name), MAX_DETAIL)
                          for name in _names(SmallestInput)}
        detail = replace(detail, smallest=replace(smallest, **texts_smallest))
    if texts:
        detail = replace(detail, **texts)
    return replace(check, feedback=cap_text(check.feedback, MAX_MESSAGE), detail=detail)


_DETAIL_CAPS = {"call": MAX_DETAIL, "expected": MAX_DETAIL, "got": MAX_DETAIL,
                "traceback": MAX_TRACEBACK}


def _module_names(learners: Iterable[LearnerResult]) -> list[str]:
    names: list[str] = []
    for learner in learners:
        names.extend(m.module for m in learner.modules if m.module not in names)
    return names
