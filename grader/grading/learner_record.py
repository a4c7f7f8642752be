"""A learner renamed, removed or restored in the gradebook, each with a record (what, old, new,
reason, when, by whom), and the output folder of the last `grader grade` written again at
once, as an override does.

A rename moves every attempt, override, extension and quiz result of the old id to the new
one; a removal hides the learner from every output and keeps their rows, so that the record
of their work stays; a restore undoes it. `grader learner list` shows the roster and the
record.
"""

from __future__ import annotations

import getpass
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from grader.gradebook import ClassList, Gradebook, RecordRow
from grader.grading.publish import refresh_outputs
from grader.load.roster import Roster

__all__ = [
    "ClassListing",
    "Changed",
    "list_learners",
    "remove_learner",
    "rename_learner",
    "restore_learner",
]


@dataclass(frozen=True)
class Changed:
    """What a rename, removal or restore did, and the output folder it wrote again."""

    done: str
    refreshed: Path | None

    def describe(self) -> str:
        return self.done + (f"\n  updated: {self.refreshed}" if self.refreshed else "")


@dataclass(frozen=True)
class ClassListing:
    """The class as the gradebook knows it: its roster, who has grades, who is removed, and
    the record of every change."""

    roster: Roster | None
    graded: tuple[str, ...]  # learners in the outputs (the roster's without work included)
    removed: frozenset[str]
    record: tuple[RecordRow, ...]

    def describe(self) -> str:
        lines = [self._roster_line()]
        for entry in self.roster or ():
            state = "removed" if entry.learner in self.removed else ""
            lines.append(
                "  "
                + "  ".join(
                    v for v in (entry.learner, entry.name, entry.email, entry.lms_id, state) if v
                )
            )
        on_roster = set(self.roster.learners) if self.roster else set()
        others = [n for n in (*self.graded, *sorted(self.removed)) if n not in on_roster]
        if others:
            lines.append(
                "Not on the roster: "
                + ", ".join(n + (" (removed)" if n in self.removed else "") for n in others)
            )
        lines.append("Record:" if self.record else "Record: no learner renamed or removed")
        lines += ["  " + row.describe() for row in self.record]
        return "\n".join(lines)

    def _roster_line(self) -> str:
        if self.roster is None:
            return "No roster: `grader grade CLASS --roster FILE` stores one"
        return f"Roster ({len(self.roster)} learners, from {self.roster.source}):"


def rename_learner(*, db: Path, old: str, new: str, reason: str) -> Changed:
    """Give every record of `old` to `new`; refused when `new` has grades of their own."""
    return _change(
        db,
        lambda learners: learners.rename(old, new, reason=reason, by=_by()),
        f"{old} is now {new}: every attempt, override, extension and quiz result moved",
    )


def remove_learner(*, db: Path, learner: str, reason: str) -> Changed:
    """Take `learner` out of every output; their rows stay in the gradebook, marked removed."""
    return _change(
        db,
        lambda learners: learners.remove(learner, reason=reason, by=_by()),
        f"{learner} removed: in no output from now on; their grades stay in the gradebook "
        f"(`grader learner restore {learner}` undoes it)",
    )


def restore_learner(*, db: Path, learner: str, reason: str = "") -> Changed:
    """Undo the removal of `learner`."""
    return _change(
        db,
        lambda learners: learners.restore(learner, reason=reason, by=_by()),
        f"{learner} restored: in every output again",
    )


def list_learners(*, db: Path) -> ClassListing:
    with Gradebook.open(db) as book:
        learners = ClassList(book)
        return ClassListing(
            learners.roster(),
            tuple(book.learner_names()),
            learners.removed(),
            tuple(learners.record()),
        )


def _change(db: Path, change: Callable[[ClassList], None], done: str) -> Changed:
    with Gradebook.open(db, writer="learner") as book:
        change(ClassList(book))
        return Changed(done, refresh_outputs(book))


def _by() -> str:
    try:
        return getpass.getuser()
    except (OSError, KeyError):  # no login name in a container without a passwd entry
        return "unknown"
