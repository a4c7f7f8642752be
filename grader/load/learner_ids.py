"""Learner ids, which learners choose through their folder names, made safe where the grader
uses them: as text any file can store, and as the names of the files written for them.

A learner keeps their id wherever it is shown; only the file name is derived from it. An id
that is already a plain, short, lower-case name is its own file name (`ada` -> `ada.html`);
any other gets a readable part and a hash of the whole id (`Ada Lovelace` ->
`ada_lovelace~767402161715.html`). No plain name contains `~`, so the two kinds never meet.
"""

from __future__ import annotations

import hashlib
import re

__all__ = ["file_stem", "learner_id"]

# A file name on any system and a link as it is (`@`, `=`, `+` included: e-mail addresses and
# platform ids use them, and a URL path takes them as they are).
PLAIN = re.compile(r"[a-z0-9_@=+][a-z0-9_@=+.-]{0,63}")
# Names a file system or the grader keeps for itself: the class page, device names on Windows.
RESERVED = frozenset(
    {"index", "con", "prn", "aux", "nul", *(f"{d}{n}" for d in ("com", "lpt") for n in range(10))}
)
READABLE = 40  # characters of the id kept in front of the hash
UNSAFE = re.compile(r"[^a-z0-9_@=+.-]+")


def learner_id(folder_name: str) -> str:
    """The id of the learner whose folder has this name: the name itself, with any bytes
    that are not UTF-8 (kept by Python as lone surrogates, which no file or database takes)
    written as `\\xNN`."""
    if folder_name.isascii() or not any("\udc80" <= c <= "\udcff" for c in folder_name):
        return folder_name
    raw = folder_name.encode("utf-8", "surrogateescape")
    return raw.decode("utf-8", "backslashreplace")


def file_stem(learner: str) -> str:
    """The name, without suffix, of every file written for `learner`: their report, their
    folder of an export. Safe on every file system and in a link, never longer than 64
    characters, and one per id (ids that differ only in case get different names)."""
    stem = learner.partition(".")[0]
    if PLAIN.fullmatch(learner) and not learner.endswith(".") and stem not in RESERVED:
        return learner
    readable = UNSAFE.sub("_", learner.lower()).lstrip(".-")[:READABLE].rstrip(".") or "learner"
    digest = hashlib.sha256(learner.encode("utf-8", "surrogatepass")).hexdigest()
    return f"{readable}~{digest[:12]}"
