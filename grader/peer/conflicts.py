"""Who must not review whom, from the instructor's file: teams and declared conflicts.

    learner,group
    ada,team-1
    bob,team-1
    cy,conflict-ada-cy
    ada,conflict-ada-cy

Learners sharing a `group` (a team, or a conflict written as a group of two) never review each
other. The column may also be called `team`.
"""

from __future__ import annotations

import csv
import io
from pathlib import Path

from grader.errors import BadInput

__all__ = ["ConflictsError", "read_conflicts"]

MAX_BYTES = 4 * 1024 * 1024
GROUP_COLUMNS = ("group", "team")


class ConflictsError(BadInput):
    """The conflicts file cannot be read; the message names the file and the line."""


def read_conflicts(path: Path) -> list[frozenset[str]]:
    """The groups of learners in `path` that must not review each other."""
    text = _text(path)
    reader = csv.DictReader(io.StringIO(text))
    fields = [f.strip().lower() for f in reader.fieldnames or ()]
    column = next((c for c in GROUP_COLUMNS if c in fields), None)
    if "learner" not in fields or column is None:
        raise ConflictsError(f"{path}: the header must be `learner,group` (or `learner,team`)")
    reader.fieldnames = fields
    groups: dict[str, set[str]] = {}
    for line, row in enumerate(reader, start=2):
        learner, group = (row.get("learner") or "").strip(), (row.get(column) or "").strip()
        if not learner or not group:
            raise ConflictsError(f"{path}:{line}: a learner and a {column} are needed")
        groups.setdefault(group, set()).add(learner)
    return [frozenset(members) for members in groups.values() if len(members) > 1]


def _text(path: Path) -> str:
    try:
        with path.open("rb") as file:
            data = file.read(MAX_BYTES + 1)
    except OSError as error:
        raise ConflictsError(f"{path}: {error.strerror or error}") from None
    if len(data) > MAX_BYTES:
        raise ConflictsError(f"{path}: larger than {MAX_BYTES // 1024 // 1024} MB")
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise ConflictsError(f"{path}: not UTF-8 text") from None
