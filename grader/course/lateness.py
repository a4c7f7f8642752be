"""Deadlines and late work: when a file was handed in, its module's deadline for that learner,
and the penalty the course's rule gives.

A course sets, per module, a deadline (ISO 8601 with a time zone) and one of three rules:
`none` (lateness is shown, nothing is taken off), `percent_per_day` (a percentage of the score
the checks gave for every started day late, up to a cap, and zero after an optional cut-off),
or `zero_after_cutoff` (nothing is taken off until the cut-off, the deadline unless given, and
the score is zero after it). An extension moves a learner's deadline, and the cut-off with it.
The time a file was handed in comes from a manifest CSV exported from the course platform
(`learner,file,submitted_at`), or else from the file's modification time. A learner sets that
time as they please (`touch`, a copy, an archive's entries), so lateness taken from it is
marked unverified (`Lateness.verified`) wherever it is shown, and the run says so.
"""

from __future__ import annotations

import csv
import math
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path, PurePosixPath, PureWindowsPath
from typing import Any, Literal

from grader.errors import BadInput
from grader.results import Lateness, SubmittedFrom

__all__ = [
    "RULES",
    "Extension",
    "LatePolicy",
    "LatenessError",
    "Manifest",
    "PenaltyRule",
    "assess",
    "extension_for",
    "from_mtime",
    "parse_time",
    "read_extensions",
    "read_manifest",
]

PenaltyRule = Literal["none", "percent_per_day", "zero_after_cutoff"]
RULES: tuple[PenaltyRule, ...] = ("none", "percent_per_day", "zero_after_cutoff")
DAY = 86400.0


class LatenessError(BadInput):
    """A deadline setting, a manifest or an extensions file cannot be used; the message says
    which file, which row and what to fix."""


@dataclass(frozen=True)
class LatePolicy:
    """One module's deadline and what lateness costs."""

    deadline: datetime
    rule: PenaltyRule = "none"
    percent_per_day: float = 0.0
    max_percent: float = 100.0
    cutoff: datetime | None = None  # from this moment on, late work scores zero

    def __post_init__(self) -> None:
        if self.rule not in RULES:
            raise ValueError(f"penalty must be one of {', '.join(RULES)}, not {self.rule!r}")
        if self.rule == "percent_per_day" and not 0 < self.percent_per_day <= 100:
            raise ValueError("percent_per_day must be more than 0 and at most 100")
        if not 0 < self.max_percent <= 100:
            raise ValueError("max_percent must be more than 0 and at most 100")
        if self.cutoff is not None and self.cutoff < self.deadline:
            raise ValueError("the cutoff comes before the deadline")

    def percent(self, submitted: datetime, deadline: datetime, cutoff: datetime | None) -> float:
        """The penalty, in percent of the checks' score, for work handed in at `submitted`."""
        if submitted <= deadline or self.rule == "none":
            return 0.0
        if self.rule == "zero_after_cutoff":
            return 100.0 if submitted > (cutoff or deadline) else 0.0
        if cutoff is not None and submitted > cutoff:
            return 100.0
        days = math.ceil((submitted - deadline).total_seconds() / DAY)
        return min(days * self.percent_per_day, self.max_percent)

    def describe(self) -> str:
        if self.rule == "none":
            return "no penalty for late work"
        if self.rule == "zero_after_cutoff":
            if self.cutoff is None or self.cutoff == self.deadline:
                return "late work scores zero"
            return f"no penalty until {self.cutoff.isoformat()}, zero after it"
        words = f"{self.percent_per_day:g}% of the score per started day late"
        if self.max_percent < 100:
            words += f", at most {self.max_percent:g}%"
        if self.cutoff is not None:
            words += f"; zero after {self.cutoff.isoformat()}"
        return words


@dataclass(frozen=True)
class Extension:
    """A learner's later deadline, for one module or for every module (`*`)."""

    learner: str
    module: str
    deadline: datetime | None = None  # the new deadline; else `days` after the course's
    days: float = 0.0
    reason: str = ""

    def moved(self, deadline: datetime) -> datetime:
        return self.deadline if self.deadline is not None else deadline + timedelta(days=self.days)

    def to_row(self) -> dict[str, str]:
        return {
            "learner": self.learner,
            "module": self.module,
            "deadline": self.deadline.isoformat() if self.deadline else "",
            "days": f"{self.days:g}" if self.deadline is None else "",
            "reason": self.reason,
        }

    @classmethod
    def from_row(cls, row: Mapping[str, str], where: str) -> Extension:
        learner, module = (row.get("learner") or "").strip(), (row.get("module") or "").strip()
        deadline, days = (row.get("deadline") or "").strip(), (row.get("days") or "").strip()
        if not learner:
            raise LatenessError(f"{where}: no learner")
        if bool(deadline) == bool(days):
            raise LatenessError(f"{where}: give either a deadline or a number of days")
        return cls(
            learner,
            module or "*",
            parse_time(deadline, where) if deadline else None,
            _days(days, where) if days else 0.0,
            (row.get("reason") or "").strip(),
        )


def _days(text: str, where: str) -> float:
    try:
        days = float(text)
    except ValueError:
        raise LatenessError(f"{where}: days {text!r} is not a number") from None
    if not 0 < days < 3650:
        raise LatenessError(f"{where}: days must be a positive number of days")
    return days


def extension_for(extensions: Iterable[Extension], learner: str, module: str) -> Extension | None:
    """The learner's extension for `module`: one for the module itself wins over `*`."""
    mine = [e for e in extensions if e.learner == learner and e.module in (module, "*")]
    return next((e for e in mine if e.module == module), mine[0] if mine else None)


def assess(
    policy: LatePolicy,
    submitted: datetime | None,
    submitted_from: SubmittedFrom,
    extension: Extension | None = None,
) -> Lateness:
    """How late work handed in at `submitted` is, and its penalty under `policy`."""
    deadline, cutoff = policy.deadline, policy.cutoff
    if extension is not None:
        shift = extension.moved(deadline) - deadline
        deadline, cutoff = deadline + shift, cutoff + shift if cutoff else None
    if submitted is None:
        return Lateness(
            None,
            "unknown",
            deadline.isoformat(),
            extension is not None,
            0.0,
            0,
            0.0,
            policy.describe(),
        )
    late = max(0.0, (submitted - deadline).total_seconds())
    return Lateness(
        submitted_at=submitted.isoformat(),
        submitted_from=submitted_from,
        deadline=deadline.isoformat(),
        extended=extension is not None,
        late_seconds=round(late, 3),
        days_late=math.ceil(late / DAY),
        penalty_percent=policy.percent(submitted, deadline, cutoff),
        rule=policy.describe(),
    )


def parse_time(value: Any, where: str) -> datetime:
    """An ISO 8601 time with a time zone (a TOML date-time or a string)."""
    if isinstance(value, str):
        try:
            value = datetime.fromisoformat(value.strip())
        except ValueError:
            raise LatenessError(
                f"{where}: {value!r} is not an ISO 8601 time, such as 2026-10-05T23:59:00+02:00"
            ) from None
    if not isinstance(value, datetime):
        raise LatenessError(f"{where}: {value!r} is not a date and time")
    if value.tzinfo is None or value.utcoffset() is None:
        raise LatenessError(
            f"{where}: {value.isoformat()} has no time zone; write it with "
            "one, such as 2026-10-05T23:59:00+02:00 or ...Z for UTC"
        )
    return value


def from_mtime(seconds: float) -> datetime:
    return datetime.fromtimestamp(seconds, UTC)


# -- files the instructor exports from the course platform --------------------------------


class Manifest:
    """When each learner handed in each file, from the platform's export."""

    def __init__(self, times: Mapping[tuple[str, str], datetime], source: str) -> None:
        self._times = dict(times)
        self.source = source

    def __len__(self) -> int:
        return len(self._times)

    def submitted(self, learner: str, file: str) -> datetime | None:
        return self._times.get((learner, file))


def read_manifest(path: Path) -> Manifest:
    """Read `learner,file,submitted_at` rows; a file handed in twice counts at its last time."""
    times: dict[tuple[str, str], datetime] = {}
    for where, row in _rows(path, ("learner", "file", "submitted_at")):
        learner, file = row["learner"].strip(), _basename(row["file"].strip())
        if not learner or not file:
            raise LatenessError(f"{where}: a learner and a file are needed")
        when = parse_time(row["submitted_at"], where)
        if (learner, file) not in times or when > times[learner, file]:
            times[learner, file] = when
    return Manifest(times, str(path))


def read_extensions(path: Path) -> tuple[Extension, ...]:
    """Read `learner,module,deadline|days[,reason]` rows (module `*` or empty: every module)."""
    extensions = [Extension.from_row(row, where) for where, row in _rows(path, ("learner",))]
    seen: set[tuple[str, str]] = set()
    for extension in extensions:
        key = (extension.learner, extension.module)
        if key in seen:
            raise LatenessError(
                f"{path}: {extension.learner} has two extensions for {extension.module}"
            )
        seen.add(key)
    return tuple(extensions)


def _rows(path: Path, needed: tuple[str, ...]) -> list[tuple[str, dict[str, str]]]:
    try:
        text = path.read_text(encoding="utf-8-sig")
    except (OSError, UnicodeDecodeError) as error:
        raise LatenessError(f"{path} cannot be read: {error}") from None
    reader = csv.DictReader(text.splitlines())
    columns = [(c or "").strip().lower() for c in reader.fieldnames or ()]
    if missing := [c for c in needed if c not in columns]:
        raise LatenessError(
            f"{path}: no column {', '.join(missing)} (it has {', '.join(columns) or 'no header'})"
        )
    reader.fieldnames = columns
    return [
        (f"{path}, row {number}", {k: v or "" for k, v in row.items() if k})
        for number, row in enumerate(reader, 2)
    ]


def _basename(file: str) -> str:
    """`ada/regression.py` and `ada\\regression.py` are both `regression.py`."""
    return PureWindowsPath(PurePosixPath(file).name).name
