"""A Gradescope export ("Export submissions"): `submission_metadata.yml` beside one folder
per submission, `submission_<id>/`, with the files as handed in. The YAML maps each
`submission_<id>` to its `:submitters:` (each with `:name:`, `:sid:`, `:email:`) and its
`:created_at:`; a group's submission has several submitters, and each gets its files. The
student id (`:sid:`) is what a roster's `lms_id` holds; else the e-mail, else the name.

Times: `:created_at:` carries its UTC offset (`2026-03-01 23:58:10.123 -0800`), so it is
exact as given.

The YAML comes from the platform but holds names learners typed: it is read with PyYAML's
`safe_load` (no object of any type but plain data) after a bound on its size.
"""

from __future__ import annotations

import re
from datetime import UTC, datetime
from typing import Any

from grader.collect.model import Entry, HandedIn, Person, Unplaced
from grader.collect.names import slug

__all__ = ["METADATA", "hand_ins", "recognises"]

METADATA = "submission_metadata.yml"
MAX_METADATA_BYTES = 16 * 1024 * 1024  # a class of thousands, with its scores


def recognises(entries: list[Entry]) -> bool:
    return any(entry.parts == (METADATA,) for entry in entries)


def hand_ins(entries: list[Entry]) -> tuple[list[HandedIn], list[Unplaced]]:
    metadata, problem = _metadata(entries)
    handed, unplaced = [], []
    for entry in entries:
        if entry.parts == (METADATA,):
            continue
        submission = metadata.get(entry.parts[0]) if len(entry.parts) > 1 else None
        if submission is None:
            why = problem or "not in a submission folder that submission_metadata.yml names"
            unplaced.append(Unplaced(entry.path, why))
            continue
        people, time = submission
        handed += [
            HandedIn(person, entry, entry.parts[1:], attempt=(_sortable(time),), time=time)
            for person in people
        ]
    return handed, unplaced


Submission = tuple[list[Person], datetime | None]


def _metadata(entries: list[Entry]) -> tuple[dict[str, Submission], str]:
    entry = next((e for e in entries if e.parts == (METADATA,)), None)
    if entry is None:
        return {}, f"no {METADATA} to say whose it is"
    if entry.size > MAX_METADATA_BYTES:
        return {}, f"{METADATA} is too big to read"
    try:
        import yaml  # noqa: PLC0415 - only a Gradescope export needs it

        loaded = yaml.safe_load(entry.read())
    except Exception as error:  # noqa: BLE001 - a broken export is every file's reason
        return {}, f"{METADATA} cannot be read: {str(error)[:200]}"
    if not isinstance(loaded, dict):
        return {}, f"{METADATA} is not a map of submissions"
    return {str(k): _submission(v) for k, v in loaded.items() if isinstance(v, dict)}, ""


def _submission(value: dict[Any, Any]) -> Submission:
    submitters = _field(value, "submitters")
    people = (
        [_person(s) for s in submitters or () if isinstance(s, dict)]
        if isinstance(submitters, list)
        else []
    )
    return [p for p in people if p.key], _time(_field(value, "created_at"))


def _person(submitter: dict[Any, Any]) -> Person:
    name, sid, email = (_text(_field(submitter, k)) for k in ("name", "sid", "email"))
    key = sid or email or name
    readable = email.partition("@")[0].lower() or slug(name) or sid
    return Person(key=key, readable=readable, lms_id=sid, name=name, email=email)


def _field(mapping: dict[Any, Any], name: str) -> Any:
    """A field of the export: Gradescope writes Ruby symbols, so `:name:` in the file is the
    key `:name` once read."""
    return mapping.get(f":{name}", mapping.get(name))


def _text(value: object) -> str:
    """A plain value as text; anything else (a list, a map: YAML aliases can nest one in
    itself many times over, which `str` would spell out whole) counts as not given."""
    if not isinstance(value, str | int | float):
        return ""
    return str(value).strip()[:200]


def _sortable(time: datetime | None) -> str:
    return "" if time is None else time.astimezone(UTC).isoformat()


OFFSET_TIME = re.compile(
    r"^(?P<when>\d{4}-\d{2}-\d{2}[ T]\d{2}:\d{2}:\d{2})(?:\.(?P<fraction>\d+))?\s*"
    r"(?P<offset>Z|[+-]\d{2}:?\d{2})$"
)


def _time(value: object) -> datetime | None:
    """`:created_at:` as an aware time; None when it is missing or has no zone (YAML may
    have read it as a time already)."""
    if isinstance(value, datetime):
        return value if value.tzinfo is not None else None
    found = OFFSET_TIME.match(_text(value))
    if found is None:
        return None
    fraction = (found["fraction"] or "0")[:6].ljust(6, "0")
    offset = "+0000" if found["offset"] == "Z" else found["offset"].replace(":", "")
    text = f"{found['when'].replace('T', ' ')}.{fraction} {offset}"
    return datetime.strptime(text, "%Y-%m-%d %H:%M:%S.%f %z")
