"""Canvas's "Download Submissions": loose files named `<name>_<userid>_<fileid>_<original>`.

Observed names: `lovelaceada_12345_6789_regression.py`; `lovelaceada_LATE_12345_6790_
regression-1.py` (Canvas marks late work and adds `-1`, `-2` to the original name of a file
handed in again); `anon_<id>_6789_regression.py` under anonymous grading; a text entry
`lovelaceada_12345_text.html`; a learner's zip `lovelaceada_12345_6791_homework.zip`, read as a
folder. `<name>` is the learner's sortable name run together, lower case; the user id is
numeric and is what a roster's `lms_id` holds. The larger file id is the later upload.

Times: none. Canvas sets every entry of the zip to the time the zip was made, not the time
the file was handed in (instructure/canvas-lms issue 2219), so the entries' times say nothing.
"""

from __future__ import annotations

import re

from grader.collect.model import Entry, HandedIn, Person, Unplaced

__all__ = ["hand_ins", "recognises"]

NAMED = re.compile(
    r"^(?P<name>[^_]+?)(?P<late>_LATE)?_(?P<user>\d+)_(?P<file>\d+)_(?P<original>.+)$"
)
ANONYMOUS = re.compile(
    r"^anon_(?P<user>[A-Za-z0-9]+)(?P<late>_LATE)?_(?P<file>\d+)_(?P<original>.+)$"
)
TEXT = re.compile(r"^(?P<name>[^_]+?)(?P<late>_LATE)?_(?P<user>\d+)_text\.html?$")


def recognises(entries: list[Entry]) -> bool:
    tops = {entry.parts[0] for entry in entries}
    return bool(tops) and sum(1 for top in tops if _match(top)) * 2 > len(tops)


def hand_ins(entries: list[Entry]) -> tuple[list[HandedIn], list[Unplaced]]:
    handed, unplaced = [], []
    for entry in entries:
        found = _match(entry.parts[0])
        if found is None:
            unplaced.append(Unplaced(entry.path, "not named as Canvas names a learner's file"))
        else:
            handed.append(_handed_in(entry, found))
    return handed, unplaced


def _match(name: str) -> re.Match[str] | None:
    return ANONYMOUS.match(name) or NAMED.match(name) or TEXT.match(name)


def _handed_in(entry: Entry, found: re.Match[str]) -> HandedIn:
    groups = found.groupdict()
    user = groups["user"]
    anonymous = found.re is ANONYMOUS
    name = f"anon_{user}" if anonymous else groups["name"]
    person = Person(
        key=name if anonymous else user, readable=name, lms_id="" if anonymous else user
    )
    original = groups.get("original") or entry.parts[0]
    # a learner's zip is read as a folder: its files are in it, the zip's name dropped
    within = entry.parts[1:] if len(entry.parts) > 1 else (original,)
    file_id = groups.get("file") or ""
    return HandedIn(
        person,
        entry,
        within,
        attempt=(file_id.zfill(20),),
        note="marked LATE by Canvas" if groups["late"] else "",
    )
