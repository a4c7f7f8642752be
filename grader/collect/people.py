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


def learner_ids(people: Iterable[Person], roster: Roster | None) -> dict[str, str | None]:
    """Each person's key to their learner id; None for a person the roster does not hold."""
    people = list({person.key: person for person in people}.values())
    if roster is None:
        return _readable(people)
    match = _RosterMatch(roster)
    return {person.key: match.learner(person) for person in people}


def _readable(people: list[Person]) -> dict[str, str | None]:
    """The platform's readable ids; two people who would share one get their keys added."""
    sharing: dict[str, list[Person]] = defaultdict(list)
    for person in people:
        sharing[person.readable.casefold()].append(person)
    ids: dict[str, str | None] = {}
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
        self.by_email = _unique((_normal(e.email), e) for e in roster if e.email)
        self.by_name = _unique((_normal(e.name), e) for e in roster if e.name)

    def learner(self, person: Person) -> str | None:
        entry = (
            (self.by_lms_id.get(person.lms_id) if person.lms_id else None)
            or self.by_learner.get(person.readable)
            or (self.by_email.get(_normal(person.email)) if person.email else None)
            or (self.by_name.get(_normal(person.name)) if person.name else None)
        )
        return entry.learner if entry else None


def _unique(pairs: Iterable[tuple[str, RosterEntry]]) -> dict[str, RosterEntry]:
    found: dict[str, list[RosterEntry]] = defaultdict(list)
    for key, entry in pairs:
        found[key].append(entry)
    return {key: entries[0] for key, entries in found.items() if len(entries) == 1}
