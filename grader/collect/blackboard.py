"""Blackboard's "Download assignment": per attempt, the files as
`<assignment>_<user>_attempt_<YYYY-MM-DD-HH-MM-SS>_<file>` and a text file of the attempt,
`<assignment>_<user>_attempt_<YYYY-MM-DD-HH-MM-SS>.txt`, which gives the learner's name
(`Name: Ada Lovelace (alovelace)`), the date submitted, and for each file its `Original
filename:` and the `Filename:` it has in the download. A learner may have several attempts.
`<user>` is the learner's Blackboard user name: what a roster's `lms_id` holds.

Times: the attempt's time in the file names, which Blackboard writes in the server's local
time without a zone (the text file's date has only a zone abbreviation, which is ambiguous:
"CST" is three zones); it is read in the zone of the module's deadline (see
grader.collect.run), so the time that matters, near the deadline, is read right.
"""

from __future__ import annotations

import re
from datetime import datetime

from grader.collect.model import Entry, HandedIn, Person, Unplaced

__all__ = ["hand_ins", "recognises"]

ATTEMPT = re.compile(
    r"^(?P<assignment>.+)_(?P<user>[^_]+)_attempt_(?P<time>\d{4}(?:-\d{2}){5})"
    r"(?:_(?P<file>.+)|(?P<info>\.txt))$"
)
MAX_INFO_BYTES = 256 * 1024  # an attempt's text file: a few lines per file
NAME = re.compile(r"^\s*Name:\s*(?P<name>.*?)\s*(?:\((?P<user>[^()]*)\))?\s*$", re.MULTILINE)
FILES = re.compile(
    r"Original filename:\s*(?P<original>[^\r\n]+?)\s*[\r\n]+\s*Filename:\s*(?P<file>[^\r\n]+?)\s*$",
    re.MULTILINE,
)


def recognises(entries: list[Entry]) -> bool:
    return any(ATTEMPT.match(entry.parts[0]) for entry in entries)


def hand_ins(entries: list[Entry]) -> tuple[list[HandedIn], list[Unplaced]]:
    info = _attempt_infos(entries)
    handed, unplaced = [], []
    for entry in entries:
        found = ATTEMPT.match(entry.parts[0])
        if found is None:
            unplaced.append(Unplaced(entry.path, "not named as Blackboard names an attempt's file"))
        elif not found["info"]:
            handed.append(_handed_in(entry, found, info.get(_attempt(found), {})))
    return handed, unplaced


def _attempt(found: re.Match[str]) -> tuple[str, str, str]:
    return found["assignment"], found["user"], found["time"]


def _attempt_infos(entries: list[Entry]) -> dict[tuple[str, str, str], dict[str, str]]:
    """Each attempt's text file, read: `name` and each download file name's original name."""
    infos = {}
    for entry in entries:
        found = ATTEMPT.match(entry.parts[0])
        if found and found["info"] and len(entry.parts) == 1 and entry.size <= MAX_INFO_BYTES:
            try:
                text = entry.read().decode("utf-8", "replace")
            except OSError:
                continue  # the attempt's files are still collected, by their names alone
            infos[_attempt(found)] = _info(text)
    return infos


def _info(text: str) -> dict[str, str]:
    info = {f"file:{m['file']}": m["original"] for m in FILES.finditer(text)}
    if named := NAME.search(text):
        info["name"] = named["name"]
    return info


def _handed_in(entry: Entry, found: re.Match[str], info: dict[str, str]) -> HandedIn:
    user = found["user"]
    person = Person(key=user, readable=user, lms_id=user, name=info.get("name", ""))
    original = info.get(f"file:{entry.parts[0]}", found["file"])
    within = entry.parts[1:] if len(entry.parts) > 1 else (original,)
    time = datetime.strptime(found["time"], "%Y-%m-%d-%H-%M-%S")
    return HandedIn(person, entry, within, attempt=(found["time"],), time=time)
