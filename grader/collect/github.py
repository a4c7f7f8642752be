"""GitHub Classroom: a folder of the learners' repositories as `gh classroom clone` leaves
them, `<assignment-prefix>-<username>/` (a `.git` in each, which is never read). The GitHub
user name is what a roster's `lms_id` holds, else the learner's id.

Times: none. A commit's date is whatever the learner's clock or `git commit --date` said.
"""

from __future__ import annotations

import os

from grader.collect.model import Entry, HandedIn, Person, Unplaced

__all__ = ["hand_ins", "recognises"]


def recognises(entries: list[Entry]) -> bool:
    """Clones (a `.git` in one at least) that share an assignment's prefix: learner folders
    named `student-01`, `student-02` share one too, but are no clones."""
    folders = {entry.parts[0] for entry in entries if len(entry.parts) > 1}
    clones = any(entry.in_repository for entry in entries)
    return clones and bool(_prefix(folders))


def hand_ins(entries: list[Entry]) -> tuple[list[HandedIn], list[Unplaced]]:
    prefix = _prefix({entry.parts[0] for entry in entries if len(entry.parts) > 1})
    handed, unplaced = [], []
    for entry in entries:
        top = entry.parts[0]
        if len(entry.parts) < 2 or not top.startswith(prefix) or top == prefix:
            unplaced.append(Unplaced(entry.path, f"not in a repository folder {prefix}<username>"))
            continue
        user = top[len(prefix) :]
        handed.append(
            HandedIn(Person(key=user, readable=user, lms_id=user), entry, entry.parts[1:])
        )
    return handed, unplaced


def _prefix(folders: set[str]) -> str:
    """The assignment's prefix the folders share, up to and with its last `-`; "" if none."""
    common = os.path.commonprefix(sorted(folders))
    return common[: common.rfind("-") + 1] if "-" in common else ""
