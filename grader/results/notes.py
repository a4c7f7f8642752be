"""A note for the learner that costs no points, with the place in their file it is about."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, replace

from grader.results.caps import cap_text

__all__ = ["Note"]


@dataclass(frozen=True)
class Note:
    """Something the learner should know that costs no points: "line 4: top-level code raised
    ...". Where it points is kept as data, so that a notebook's note can be moved to its cell
    and line; it becomes text only when written out (`str(note)`)."""

    text: str
    line: int | None = None  # the line it is about: of the file, or of `cell` when there is one
    cell: int | None = None  # the notebook cell, numbered as Jupyter shows them

    def __str__(self) -> str:
        return self.where() + self.text

    def where(self) -> str:
        """ "cell 4, line 2: ", "cell 4: ", "line 7: " or "" as it points somewhere or not."""
        places = [
            f"{name} {number}"
            for name, number in (("cell", self.cell), ("line", self.line))
            if number is not None
        ]
        return f"{', '.join(places)}: " if places else ""

    def in_cell(self, locate: Callable[[int], tuple[int, int] | None]) -> Note:
        """This note moved from a line of a notebook's source to the cell and line `locate`
        finds it came from; as it is when on a line of the grader's own, or on none."""
        found = locate(self.line) if self.line is not None and self.cell is None else None
        return replace(self, cell=found[0], line=found[1]) if found else self

    def capped(self, limit: int) -> Note:
        """This note cut so that its text as written out is at most `limit` characters and says
        how many were left out, as `cap_text` cuts any text."""
        room = limit - len(self.where())
        if room <= 0:
            return Note(cap_text(str(self), limit))
        return replace(self, text=cap_text(self.text, room))
