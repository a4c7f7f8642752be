"""A plain folder or zip of learner folders: `<learner>/<files>`, as instructors gather them
by hand. The folder's name is the learner's id, or the name a roster's `learner`, `lms_id`,
`email` or `name` holds.

Times: none. A folder's file times are whatever the learner's or the unzipping machine's
clock said.
"""

from __future__ import annotations

from grader.collect.model import Entry, HandedIn, Person, Unplaced
from grader.load.learner_ids import learner_id

__all__ = ["hand_ins", "recognises"]


def recognises(entries: list[Entry]) -> bool:
    return True  # what nothing else recognises is read as learner folders


def hand_ins(entries: list[Entry]) -> tuple[list[HandedIn], list[Unplaced]]:
    handed, unplaced = [], []
    for entry in entries:
        if len(entry.parts) < 2:
            unplaced.append(Unplaced(entry.path, "not in a learner's folder"))
            continue
        learner = learner_id(entry.parts[0])
        person = Person(learner, learner, lms_id=learner, name=learner, email=learner)
        handed.append(HandedIn(person, entry, entry.parts[1:]))
    return handed, unplaced
