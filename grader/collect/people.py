"""Which learner a person a platform names is: the roster's, matched by platform id, learner
id, e-mail or full name, or without a roster an id made from what the platform gives."""

from __future__ import annotations

import unicodedata
from collections import defaultdict
from collections.abc import Iterable

from grader.collect.model import Person
from grader.load.roster import Roster, RosterEntry

__all__ = ["NOT_ON_ROSTER", "learner_ids"]

NOT_ON_ROSTER = "not on the roster"


def learner_ids(
    people: Iterable[Person], roster: Roster | None
) -> tuple[dict[str, str], dict[str, str]]:
    """Each person's key to their learner id, and to why there is none (not on the roster,
    or named as two of its learners)."""
    unique = list({person.key: person for person in people}.values())
    if roster is None:
        return _readable(unique), {}
    match = _RosterMatch(roster)
    ids, why_not = {}, {}
    for person in unique:
        learner = match.learner(person)
        if learner is None:
            why_not[person.key] = match.why_not(person)
        else:
            ids[person.key] = learner
    return ids, why_not


def _readable(people: list[Person]) -> dict[str, str]:
    """The platform's readable ids; two people who would share one get their keys added."""
    sharing: dict[str, list[Person]] = defaultdict(list)
    for person in people:
        sharing[person.readable.casefold()].append(person)
    ids = {}
    for group in sharing.values():
        for person in group:
            alone = len(group) == 1 or person.readable == person.key
            ids[person.key] = person.readable if alone else f"{person.readable}_{person.key}"
    return ids


def _normal(text: str) -> str:
    return " ".join(unicodedata.normalize("NFC", text).casefold().split())


class _RosterMatch:
    """The roster's learners by each thing a platform may give of them; a name or an e-mail
    two learners share matches neither."""

    def __init__(self, roster: Roster) -> None:
        self.by_lms_id = roster.by_lms_id()
        self.by_learner = {entry.learner: entry for entry in roster}
        self.by_email = _grouped((_normal(e.email), e) for e in roster if e.email)
        self.by_name = _grouped((_normal(e.name), e) for e in roster if e.name)

    def learner(self, person: Person) -> str | None:
        entry = (
            (self.by_lms_id.get(person.lms_id) if person.lms_id else None)
            or self.by_learner.get(person.readable)
            or _only(self.by_email.get(_normal(person.email)) if person.email else None)
            or _only(self.by_name.get(_normal(person.name)) if person.name else None)
        )
        return entry.learner if entry else None

    def why_not(self, person: Person) -> str:
        for by, given in ((self.by_email, person.email), (self.by_name, person.name)):
            if given and len(shared := by.get(_normal(given), [])) > 1:
                learners = ", ".join(entry.learner for entry in shared)
                return f"{NOT_ON_ROSTER} alone: {given!r} is {learners} (give their lms_id)"
        return NOT_ON_ROSTER


def _grouped(pairs: Iterable[tuple[str, RosterEntry]]) -> dict[str, list[RosterEntry]]:
    found: dict[str, list[RosterEntry]] = defaultdict(list)
    for key, entry in pairs:
        found[key].append(entry)
    return found


def _only(entries: list[RosterEntry] | None) -> RosterEntry | None:
    return entries[0] if entries and len(entries) == 1 else None
