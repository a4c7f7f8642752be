"""Moodle's "Download all submissions": a folder per participant and kind of submission,
`<Full Name>_<id>_assignsubmission_file_/` (with the files as handed in, folders included),
or, from older Moodles or with "download submissions in folders" off, flat files
`<Full Name>_<id>_assignsubmission_file_<file>`. `assignsubmission_onlinetext_` holds the
online text (`onlinetext.html`). Under blind marking the name is `Participant`. The id is the
participant's id in this assignment, not their user id: a roster matches a person by that id
when its `lms_id` holds it, else by their full name (`name`).

Times: Moodle zips each file from its file pool (lib/filestorage/zip_packer.php,
stored_file::archive_file), so an entry's date is the pool file's: when that content first
reached Moodle. For a learner's own work that is when they handed it in; for content already
stored (the unchanged stub, a copy of another's file) it is earlier, which can only be in the
learner's favour. The date is the zip's own, without a time zone, in the server's local time
(in UTC when the zip carries an extended timestamp): it is read in the zone of the module's
deadline (see grader.collect.run).
"""

from __future__ import annotations

import re

from grader.collect.model import Entry, HandedIn, Person, Unplaced
from grader.collect.names import slug

__all__ = ["hand_ins", "recognises"]

NAMED = re.compile(r"^(?P<name>.+?)_(?P<id>\d+)_assignsubmission_(?P<plugin>[a-z]+)_(?P<rest>.*)$")
BLIND = "Participant"


def recognises(entries: list[Entry]) -> bool:
    return any(NAMED.match(entry.parts[0]) for entry in entries)


def hand_ins(entries: list[Entry]) -> tuple[list[HandedIn], list[Unplaced]]:
    handed, unplaced = [], []
    for entry in entries:
        found = NAMED.match(entry.parts[0])
        if found is None:
            unplaced.append(Unplaced(entry.path, "not named as Moodle names a submission"))
            continue
        within = entry.parts[1:] if len(entry.parts) > 1 else (found["rest"],)
        if not within[0]:
            unplaced.append(Unplaced(entry.path, "a Moodle submission without a file name"))
            continue
        handed.append(HandedIn(_person(found["name"], found["id"]), entry, within, time=entry.time))
    return handed, unplaced


def _person(name: str, participant: str) -> Person:
    if name == BLIND:
        return Person(key=participant, readable=f"participant_{participant}", lms_id=participant)
    return Person(
        key=participant,
        readable=slug(name) or f"participant_{participant}",
        lms_id=participant,
        name=name,
    )
