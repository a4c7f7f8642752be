"""What collecting speaks: a file of the source, the person a platform says handed it in, and
what became of it (placed in a learner's folder, dropped as an older attempt, or not placed,
with why)."""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path

__all__ = [
    "Collected",
    "Dropped",
    "Entry",
    "HandedIn",
    "Person",
    "Placed",
    "Unplaced",
    "shown",
]


@dataclass(frozen=True)
class Entry:
    """One file of the source, wherever it lies: a folder's, a zip's, a zip's in a zip's
    (a zip is read as a folder of its own name)."""

    parts: tuple[str, ...]  # its path from the source's top
    size: int
    read: Callable[[], bytes] = field(repr=False, compare=False)
    # When the platform that wrote the zip says the file was handed in: an aware time, or a
    # naive one in the platform's local time (see grader.collect.run), or None.
    time: datetime | None = None
    origin: str = ""  # its path in the source, when `parts` leave out folders that wrap it
    in_repository: bool = False  # its top folder is a clone of a repository (it has a .git)

    @property
    def path(self) -> str:
        return self.origin or "/".join(self.parts)


@dataclass(frozen=True)
class Person:
    """Who a platform says handed a file in, with every id it gives."""

    key: str  # one per person on this platform (their platform id, else their name)
    readable: str  # the learner id chosen for them when there is no roster
    lms_id: str = ""
    name: str = ""
    email: str = ""


@dataclass(frozen=True)
class HandedIn:
    """A file a person handed in, as the platform names and dates it."""

    person: Person
    entry: Entry
    within: tuple[str, ...]  # its path in the person's submission, as they named it
    attempt: tuple[str, ...] = ()  # later attempts sort higher; () when the platform says not
    time: datetime | None = None  # see Entry.time
    note: str = ""  # what the platform marked it with ("marked LATE by Canvas")


@dataclass(frozen=True)
class Placed:
    """A file put in a learner's folder under its module's name."""

    learner: str
    file: str  # `<module>.py`, `.ipynb`, `.quiz.toml`, or a review form `<module>-review-<X>.toml`
    source: str  # where it was in the source
    submitted_at: datetime | None = None
    note: str = ""


@dataclass(frozen=True)
class Dropped:
    """An older attempt of a learner's at a module's file: the later one was kept."""

    learner: str
    file: str
    source: str
    kept: str  # where the kept attempt was in the source


@dataclass(frozen=True)
class Unplaced:
    """A file of the source put in no learner's folder, and why."""

    source: str
    why: str


@dataclass(frozen=True)
class Collected:
    """What `grader collect` did: the class folder it wrote and everything it decided."""

    out: Path
    platform: str
    recognised: bool  # the platform was recognised from the source (not given by the user)
    placed: tuple[Placed, ...]
    dropped: tuple[Dropped, ...] = ()
    unplaced: tuple[Unplaced, ...] = ()
    litter: int = 0  # platform litter ignored (__MACOSX, .DS_Store, Thumbs.db, ...)
    nothing_from: tuple[str, ...] = ()  # roster learners who handed nothing in
    ids: str = ""  # how learner ids were chosen, in words

    @property
    def manifest(self) -> Path:
        return self.out / "manifest.csv"

    @property
    def report(self) -> Path:
        return self.out / "collected.txt"

    @property
    def learners(self) -> tuple[str, ...]:
        return tuple(sorted({placed.learner for placed in self.placed}))

    def per_learner(self) -> dict[str, tuple[Placed, ...]]:
        """The files placed for each learner, by learner id."""
        return {
            learner: tuple(p for p in self.placed if p.learner == learner)
            for learner in self.learners
        }

    def describe(self) -> str:
        """The report: the same text `grader collect` prints and writes to collected.txt."""
        return "\n".join(_describe(self)) + "\n"


def shown(path: str) -> str:
    """A source path as a report line shows it: learners choose names, so controls (a line
    break, a terminal's escape) are written as `\\xNN`, and bytes that were not UTF-8 (kept by
    Python as lone surrogates, which no file takes) as `\\udcNN`."""
    text = path.encode("utf-8", "backslashreplace").decode("utf-8")
    return CONTROLS.sub(lambda found: f"\\x{ord(found[0]):02x}", text)


CONTROLS = re.compile(r"[\x00-\x1f\x7f]")


def _describe(collected: Collected) -> list[str]:
    how = "recognised as" if collected.recognised else "read as"
    timed = sum(1 for placed in collected.placed if placed.submitted_at is not None)
    lines = [
        f"Collected {how} {PLATFORM_WORDS.get(collected.platform, collected.platform)}; "
        f"learner ids: {collected.ids}.",
        f"{len(collected.placed)} file(s) placed for {len(collected.learners)} learner(s) in "
        f"{collected.out}; {timed} submission time(s) in manifest.csv"
        + ("" if timed else " (the platform gave none: lateness will be unknown)"),
    ]
    lines += _section("Learners", _placed_lines(collected))
    lines += _section(
        "Older attempts dropped (the latest is kept)",
        [
            f"{d.learner}/{d.file}: {shown(d.source)} (kept {shown(d.kept)})"
            for d in collected.dropped
        ],
    )
    lines += _section(
        f"Not placed ({len(collected.unplaced)})",
        [f"{shown(u.source)}: {u.why}" for u in collected.unplaced],
    )
    if collected.nothing_from:
        lines += _section("On the roster, nothing handed in", [", ".join(collected.nothing_from)])
    if collected.litter:
        lines.append(
            f"Ignored {collected.litter} file(s) of platform litter (__MACOSX, .DS_Store, ...)."
        )
    return lines


def _placed_lines(collected: Collected) -> list[str]:
    return [
        f"{learner}: " + ", ".join(_placed_words(p) for p in files)
        for learner, files in collected.per_learner().items()
    ]


def _placed_words(placed: Placed) -> str:
    words = placed.file
    if placed.source.rsplit("/", 1)[-1] != placed.file:
        words += f" (from {shown(placed.source)})"
    if placed.note:
        words += f" [{placed.note}]"
    return words


def _section(title: str, lines: list[str]) -> list[str]:
    return [f"{title}:", *(f"  {line}" for line in lines)] if lines else []


PLATFORM_WORDS = {
    "canvas": "a Canvas download (Download Submissions)",
    "moodle": "a Moodle download (Download all submissions)",
    "blackboard": "a Blackboard download (Download assignment)",
    "gradescope": "a Gradescope export (Export submissions)",
    "github": "GitHub Classroom clones",
    "folders": "a folder of learner folders",
}
