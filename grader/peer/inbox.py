"""Gathering review forms from where reviewers hand them in: the class folder `grader collect`
writes (a folder per learner, with its manifest.csv of times), a zip of the same, or a folder
or zip of loose forms, whose reviewer only the form itself says.

    <source>/manifest.csv                       learner,file,submitted_at (grader collect's)
    <source>/ada/capstone-review-K7QX2M.toml    a form in ada's folder: ada reviewed K7QX2M
    <source>/capstone-review-P3RT8A.toml        a loose form: its `reviewer` says who

A form is known by its name, as platforms and browsers leave it (grader.collect.names:
`Capstone-Review-K7QX2M (1).toml`, `capstone_review_k7qx2m-1.toml`, a subfolder). Everything
in the source is the learners': it is read by grader.collect.source, within its bounds
(entries, sizes, compression ratio, nesting, names that lead out, links never followed), and
here within the forms' own (a form's size, forms in all and per learner, bytes in all). What
is wrong with one file becomes that file's `problem`; only a source that cannot be read at all
is the user's error (CollectSourceError).
"""

from __future__ import annotations

import csv
import io
from collections.abc import Collection, Iterator, Mapping
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Any

from grader.collect.model import Entry
from grader.collect.names import COPY_MARK, MAX_WITHIN, FormName, review_form
from grader.collect.source import Source, read_source
from grader.load.learner_ids import learner_id

__all__ = [
    "MAX_FORMS",
    "MAX_FORMS_BYTES",
    "MAX_FORMS_PER_LEARNER",
    "MAX_FORM_BYTES",
    "HandedIn",
    "handed_in_forms",
]

MAX_FORM_BYTES = 128 * 1024  # 20 comments of 5,000 characters fit, in most scripts
MAX_FORMS = 5_000  # in one source: a class of 500 with 10 reviews each
MAX_FORMS_PER_LEARNER = 50  # in one learner's folder: a few reviews, each handed in a few times
MAX_FORMS_BYTES = 64 * 1024 * 1024  # read in all
MAX_MANIFEST_BYTES = 8 * 1024 * 1024
# the files grader collect writes beside the learners' folders (grader.collect.writer.MARKS)
MANIFEST, REPORT = "manifest.csv", "collected.txt"


@dataclass(frozen=True)
class HandedIn:
    """One file that looks like a review form, as found in the source."""

    reviewer: str | None  # the learner whose folder it was in; None for a loose form
    file: str  # its path within the source, for messages
    data: bytes  # at most MAX_FORM_BYTES (bigger: refused, data empty)
    submitted_at: str | None  # ISO 8601 when the source says (collect's manifest.csv), else None
    problem: str = ""  # why it cannot be read at all (too big, unreadable member, ...)


@dataclass(frozen=True)
class _Found:
    """A form's entry, where it lies once folders that only wrap the source are taken off."""

    parts: tuple[str, ...]
    path: str  # as in the source
    name: FormName
    entry: Entry | None = None  # None: the source refused it
    why: str = ""  # why the source refused it


def handed_in_forms(source: Path, *, modules: Collection[str]) -> Iterator[HandedIn]:
    """The review forms in `source` for `modules`, each reviewer's in the order they were
    handed in as far as the source tells (its time, then its copy mark: `x (1).toml` after
    `x.toml`), so that a later one can replace an earlier. Raises CollectSourceError when the
    source itself cannot be read."""
    source = Path(source)
    read = read_source(source)
    try:
        return iter(_gathered(read, source, modules))
    finally:
        read.close()


def _gathered(read: Source, source: Path, modules: Collection[str]) -> list[HandedIn]:
    found = _forms(read, modules)
    manifests = _collects_manifests(read.entries)
    wrappers = _wrappers([f.parts for f in found] + [m.parts for m in manifests], source)
    found = [_unwrapped(f, wrappers) for f in found]
    manifest = next((m for m in manifests if len(m.parts) == wrappers + 1), None)
    times = _times(manifest) if manifest else {}
    handed = _read_all(found, times)
    paths = {f.path for f in found}
    overflow = [
        u for u in read.refused if "nor anything after it" in u.why and u.source not in paths
    ]
    handed += [
        (("", "", "", 0, u.source), HandedIn(None, u.source, b"", None, u.why)) for u in overflow
    ]
    return [h for _, h in sorted(handed, key=lambda pair: pair[0])]


def _collects_manifests(entries: list[Entry]) -> list[Entry]:
    """The manifests `grader collect` wrote: beside its collected.txt, at the top or in the
    one folder that wraps the source; a learner's own manifest.csv says nothing."""
    reports = {e.parts[:-1] for e in entries if e.parts[-1] == REPORT and len(e.parts) <= 2}
    return [e for e in entries if e.parts[-1] == MANIFEST and e.parts[:-1] in reports]


def _forms(read: Source, modules: Collection[str]) -> list[_Found]:
    found = []
    for entry in read.entries:
        if name := review_form(entry.parts[-1], modules):
            found.append(_Found(entry.parts, entry.path, name, entry))
    for refused in read.refused:
        parts = tuple(refused.source.split("/"))
        if name := review_form(parts[-1], modules):
            found.append(_Found(parts, refused.source, name, why=refused.why))
    return found


def _wrappers(paths: list[tuple[str, ...]], source: Path) -> int:
    """How many top folders only wrap the forms: one that holds everything and either holds
    collect's manifest, is named as the source is (`reviews.zip` holding `reviews/`), or holds
    only folders, more than one (learners' folders). One that holds forms itself is taken for
    a learner's."""
    wrappers = 0
    while paths and all(len(p) > 1 for p in paths) and len({p[0] for p in paths}) == 1:
        top = paths[0][0]
        manifest = any(p[1:] == (MANIFEST,) for p in paths)
        named = _stem(top) == _stem(source.name)
        learners = all(len(p) > 2 for p in paths) and len({p[1] for p in paths}) > 1
        if not (manifest or named or learners):
            break
        paths = [p[1:] for p in paths]
        wrappers += 1
    return wrappers


def _stem(name: str) -> str:
    stem = name.lower().removesuffix(".zip").strip()
    return COPY_MARK.sub("", stem).strip()


def _unwrapped(found: _Found, wrappers: int) -> _Found:
    return _Found(found.parts[wrappers:], found.path, found.name, found.entry, found.why)


_Order = tuple[str, str, str, int, str]  # reviewer, form, time, copy number, path


def _read_all(
    found: list[_Found], times: dict[tuple[str, str], str]
) -> list[tuple[_Order, HandedIn]]:
    handed: list[tuple[_Order, HandedIn]] = []
    per_learner: dict[str | None, int] = {}
    total = 0
    for item in sorted(found, key=lambda f: f.path):
        reviewer = _reviewer(item.parts)
        per_learner[reviewer] = per_learner.get(reviewer, 0) + 1
        why = item.why or _too_many(len(handed), per_learner[reviewer], reviewer, item, total)
        data = b""
        if not why and item.entry is not None:
            data, why = _data(item.entry)
        total += len(data)
        when = times.get((reviewer, item.parts[-1])) if reviewer is not None else None
        order = (reviewer or "", item.name.file.lower(), when or "", item.name.copy, item.path)
        handed.append((order, HandedIn(reviewer, item.path, data, when, why)))
    return handed


def _reviewer(parts: tuple[str, ...]) -> str | None:
    """The learner whose folder holds the form; None for a loose form, and for one whose
    path the source refused as leading out (`../x.toml`, `/x.toml`), which is nobody's."""
    if len(parts) < 2 or parts[0] in ("", ".", ".."):
        return None
    return learner_id(parts[0])


def _too_many(count: int, of_learner: int, reviewer: str | None, item: _Found, total: int) -> str:
    if count >= MAX_FORMS:
        return f"not read: the source holds more than {MAX_FORMS:,} review forms"
    if reviewer is not None and of_learner > MAX_FORMS_PER_LEARNER:
        return f"not read: {reviewer}'s folder holds more than {MAX_FORMS_PER_LEARNER} forms"
    if len(item.parts) - 1 > MAX_WITHIN:
        return f"too deep in folders: a form lies at most {MAX_WITHIN - 1} folder(s) down"
    assert item.entry is not None  # a refused form has its why already
    if item.entry.size > MAX_FORM_BYTES:
        return _too_big(item.entry.size)
    if total + item.entry.size > MAX_FORMS_BYTES:
        return f"not read: the forms in the source hold more than {MAX_FORMS_BYTES:,} bytes"
    return ""


def _too_big(size: int) -> str:
    return (
        f"too big: {size:,} bytes, and a review form is at most {MAX_FORM_BYTES:,} "
        f"({MAX_FORM_BYTES // 1024} KiB): shorten its comments"
    )


def _data(entry: Entry) -> tuple[bytes, str]:
    try:
        data = entry.read()
    except Exception as error:  # noqa: BLE001 - a bad entry is that form's problem
        return b"", f"cannot be read from the source ({str(error)[:200]})"
    if len(data) > MAX_FORM_BYTES:  # a file that grew since it was listed
        return b"", _too_big(len(data))
    return data, ""


def _times(manifest: Entry) -> dict[tuple[str, str], str]:
    """(learner, file) -> when, from grader collect's manifest.csv; a manifest that cannot be
    read, or a row without an exact time, gives no time (never a guessed one)."""
    if manifest.size > MAX_MANIFEST_BYTES:
        return {}
    try:
        text = manifest.read().decode("utf-8-sig")
    except Exception:  # noqa: BLE001 - the manifest is the source's, which may be anything
        return {}
    times = {}
    try:
        for row in csv.DictReader(io.StringIO(text)):
            learner, file = row.get("learner"), row.get("file")
            if isinstance(learner, str) and isinstance(file, str) and (when := _time(row)):
                times[learner, file] = when
    except csv.Error:  # a field over csv's own limit: the rows read so far keep their times
        pass
    return times


def _time(row: Mapping[Any, Any]) -> str | None:
    value = row.get("submitted_at")
    try:
        when = datetime.fromisoformat(value.strip()) if isinstance(value, str) else None
    except ValueError:
        return None
    return when.isoformat() if when is not None and when.tzinfo is not None else None
