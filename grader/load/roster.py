"""A class list: the learners of a course, read from the CSV an instructor keeps or exports.

The file has a header with a `learner` column (the id the grader uses: their folder's name in
a class folder) and any of `name`, `email` and `lms_id` (the course platform's user id, which
platforms put in their downloads' file names and their gradebook imports). Other columns are
read past, so a platform's own roster export only needs its id column renamed. A roster comes
from the instructor, but often by way of a spreadsheet or a platform: it is read within bounds,
and every problem is one message naming the line.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from grader.errors import BadInput

__all__ = ["MAX_ROSTER_BYTES", "Roster", "RosterEntry", "RosterError", "read_roster", "unusable_id"]

MAX_ROSTER_BYTES = 8 * 1024 * 1024  # a class of 100,000 with long names fits many times over
MAX_FIELD = 1000  # characters in one cell
COLUMNS = ("learner", "name", "email", "lms_id")


class RosterError(BadInput):
    """A roster file that cannot be read: missing, too large, no `learner` column, a learner
    or a platform id twice, an id that cannot name a folder."""


@dataclass(frozen=True)
class RosterEntry:
    """One learner of the class."""

    learner: str
    name: str = ""
    email: str = ""
    lms_id: str = ""


@dataclass(frozen=True)
class Roster:
    """The learners of a class, in the file's order."""

    entries: tuple[RosterEntry, ...]
    source: str = ""  # the file it was read from, for messages

    def __iter__(self) -> Iterator[RosterEntry]:
        return iter(self.entries)

    def __len__(self) -> int:
        return len(self.entries)

    def __contains__(self, learner: object) -> bool:
        return any(entry.learner == learner for entry in self.entries)

    @property
    def learners(self) -> tuple[str, ...]:
        return tuple(entry.learner for entry in self.entries)

    def entry(self, learner: str) -> RosterEntry | None:
        return next((entry for entry in self.entries if entry.learner == learner), None)

    def by_lms_id(self) -> dict[str, RosterEntry]:
        """Each platform id the roster gives, to its learner."""
        return {entry.lms_id: entry for entry in self.entries if entry.lms_id}


def read_roster(path: Path) -> Roster:
    """Read a roster CSV (UTF-8, a spreadsheet's byte-order mark allowed; `,` or `;`)."""
    text = _text(Path(path))
    rows = csv.reader(io.StringIO(text), dialect=_dialect(text))
    header = [cell.strip().lower() for cell in next(rows, [])]
    if "learner" not in header:
        raise RosterError(f"{path}: no `learner` column in the header (columns: {COLUMNS})")
    entries = [_entry(header, row, path, line) for line, row in _data_rows(rows)]
    _refuse_twice(entries, path)
    return Roster(tuple(entries), str(path))


def _text(path: Path) -> str:
    try:
        with path.open("rb") as file:
            raw = file.read(MAX_ROSTER_BYTES + 1)
    except FileNotFoundError:
        raise RosterError(f"{path}: no such roster file") from None
    except OSError as error:
        raise RosterError(f"{path}: cannot read the roster ({error.strerror})") from None
    if len(raw) > MAX_ROSTER_BYTES:
        raise RosterError(f"{path}: a roster of more than {MAX_ROSTER_BYTES // 2**20} MiB")
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        raise RosterError(f"{path}: not UTF-8 (byte {error.start}); save it as CSV UTF-8") from None


def _dialect(text: str) -> type[csv.Dialect]:
    first = text.split("\n", 1)[0]
    return csv.excel if first.count(",") >= first.count(";") else _Semicolons


class _Semicolons(csv.excel):
    delimiter = ";"  # what spreadsheets in many locales write as CSV


def _data_rows(rows: Iterator[list[str]]) -> Iterator[tuple[int, list[str]]]:
    for line, row in enumerate(rows, start=2):
        if any(cell.strip() for cell in row):
            yield line, row


def _entry(header: list[str], row: list[str], path: Path, line: int) -> RosterEntry:
    cells = {
        column: cell.strip() for column, cell in zip(header, row, strict=False) if column in COLUMNS
    }
    for column, cell in cells.items():
        if len(cell) > MAX_FIELD or any(ord(c) < 32 for c in cell):
            raise RosterError(
                f"{path}:{line}: the {column} is too long or holds control characters"
            )
    learner = cells.get("learner", "")
    if problem := unusable_id(learner):
        raise RosterError(f"{path}:{line}: learner {learner!r} {problem}")
    return RosterEntry(
        learner, cells.get("name", ""), cells.get("email", ""), cells.get("lms_id", "")
    )


def unusable_id(learner: str) -> str:
    """Why an id cannot be a learner's folder name, or ''."""
    if not learner:
        return "is empty"
    if learner in {".", ".."} or "/" in learner or "\\" in learner:
        return "cannot name a folder"
    if learner.startswith(".") or learner.startswith("__"):
        return "would be taken for a hidden or platform folder"
    return ""


def _refuse_twice(entries: list[RosterEntry], path: Path) -> None:
    for field in ("learner", "lms_id"):
        seen: set[str] = set()
        for entry in entries:
            value = getattr(entry, field)
            if value and value in seen:
                raise RosterError(f"{path}: {field} {value!r} is on the roster twice")
            seen.add(value)
