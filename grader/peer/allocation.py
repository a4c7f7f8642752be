"""Who reviews whose submission: each submission gets N reviewers among the learners who
handed the module in, nobody reviews themselves or a learner they must not review, every
reviewer gets N reviews (give or take one when the numbers do not divide), and the same seed
gives the same allocation.

A fresh allocation puts the learners in a seeded order around a circle and has each review
the N learners after them: every learner then reviews N and is reviewed by N. A pair that
must not be (a team mate, a declared conflict) is swapped with another reviewer's pair when a
swap keeps both allowed, which keeps every load as it was; when none does, the pair is
dropped and its author's shortfall reported. Learners who hand in later join without anyone
else's reviews changing: each reviews, and is reviewed by, the learners with the fewest.
"""

from __future__ import annotations

import random
from collections import Counter
from collections.abc import Collection, Iterable, Sequence
from dataclasses import dataclass

__all__ = ["Allocation", "Shortfall", "allocate"]

Pair = tuple[str, str]  # (reviewer, author)


@dataclass(frozen=True)
class Shortfall:
    """An author who gets fewer reviewers than asked, and why."""

    author: str
    reviewers: int  # how many they get
    why: str


@dataclass(frozen=True)
class Allocation:
    """The reviews of one module: who reviews whom, and who gets fewer reviewers than asked."""

    module: str
    asked: int  # reviewers asked per submission
    seed: int
    pairs: tuple[Pair, ...]  # (reviewer, author), sorted
    shortfalls: tuple[Shortfall, ...] = ()

    def reviewers_of(self, author: str) -> list[str]:
        return [reviewer for reviewer, of in self.pairs if of == author]

    def reviews_by(self, reviewer: str) -> list[str]:
        return [author for by, author in self.pairs if by == reviewer]


def allocate(
    *,
    module: str,
    authors: Collection[str],
    reviewers: int,
    seed: int = 0,
    conflicts: Iterable[Collection[str]] = (),
    kept: Allocation | None = None,
) -> Allocation:
    """The allocation of `module`'s submissions by `authors`, `reviewers` each. `conflicts`
    are groups whose members must not review one another (a team, a declared pair). With
    `kept`, an earlier allocation, its pairs stay as they were and only the authors it does
    not know yet are allocated (late joiners)."""
    if reviewers < 1:
        raise ValueError("each submission needs at least one reviewer")
    apart = _apart(conflicts)
    everyone = sorted(set(authors))
    generator = random.Random(f"{module}:{seed}")
    if kept is None:
        pairs = _repaired(_circle(everyone, reviewers, generator), apart, generator)
    else:
        pairs = [p for p in kept.pairs if p[0] in everyone and p[1] in everyone]
        known = {person for pair in kept.pairs for person in pair} | _alone(kept)
        joining = [a for a in everyone if a not in known]
        generator.shuffle(joining)
        for learner in joining:
            pairs += _joined(learner, everyone, pairs, reviewers, apart)
    pairs = sorted(pairs)
    return Allocation(
        module, reviewers, seed, tuple(pairs), _shortfalls(everyone, pairs, reviewers, apart)
    )


def _apart(conflicts: Iterable[Collection[str]]) -> set[frozenset[str]]:
    """Every pair of learners that must not review each other, from groups of any size."""
    return {
        frozenset((one, other))
        for group in conflicts
        for one in group
        for other in group
        if one != other
    }


def _allowed(reviewer: str, author: str, apart: set[frozenset[str]]) -> bool:
    return reviewer != author and frozenset((reviewer, author)) not in apart


def _circle(everyone: Sequence[str], reviewers: int, generator: random.Random) -> list[Pair]:
    """Each learner, in a seeded order around a circle, reviews the next `reviewers` (or
    everyone else, when fewer learners handed in)."""
    order = list(everyone)
    generator.shuffle(order)
    count = min(reviewers, len(order) - 1)
    return [
        (order[i], order[(i + shift) % len(order)])
        for i in range(len(order))
        for shift in range(1, count + 1)
    ]


def _repaired(
    pairs: list[Pair], apart: set[frozenset[str]], generator: random.Random
) -> list[Pair]:
    """The pairs with each forbidden one swapped away where a swap of authors with another
    pair keeps both allowed and new; dropped where none does."""
    pairs = list(pairs)
    for index in range(len(pairs)):
        reviewer, author = pairs[index]
        if _allowed(reviewer, author, apart):
            continue
        other = _swap_partner(pairs, index, apart, generator)
        if other is None:
            pairs[index] = ("", "")  # dropped: reported as the author's shortfall
            continue
        other_reviewer, other_author = pairs[other]
        pairs[index], pairs[other] = (reviewer, other_author), (other_reviewer, author)
    return [pair for pair in pairs if pair != ("", "")]


def _swap_partner(
    pairs: list[Pair], index: int, apart: set[frozenset[str]], generator: random.Random
) -> int | None:
    reviewer, author = pairs[index]
    taken = set(pairs)
    candidates = list(range(len(pairs)))
    generator.shuffle(candidates)
    for other in candidates:
        other_reviewer, other_author = pairs[other]
        if other == index or not other_reviewer:
            continue
        mine, theirs = (reviewer, other_author), (other_reviewer, author)
        if (
            _allowed(*mine, apart)
            and _allowed(*theirs, apart)
            and mine not in taken
            and theirs not in taken
        ):
            return other
    return None


def _joined(
    learner: str,
    everyone: Sequence[str],
    pairs: list[Pair],
    reviewers: int,
    apart: set[frozenset[str]],
) -> list[Pair]:
    """A late joiner's pairs: they review the authors with the fewest reviewers so far, and
    are reviewed by the reviewers with the fewest reviews so far (ties in name order)."""
    reviewed = Counter(author for _, author in pairs)
    load = Counter(reviewer for reviewer, _ in pairs)
    others = [o for o in everyone if _allowed(learner, o, apart)]
    to_review = sorted(others, key=lambda o: (reviewed[o], o))[:reviewers]
    by = sorted(others, key=lambda o: (load[o], o))[:reviewers]
    return [(learner, author) for author in to_review] + [(r, learner) for r in by]


def _alone(kept: Allocation) -> set[str]:
    """The authors the earlier allocation knew but could give no pair (its shortfalls)."""
    return {shortfall.author for shortfall in kept.shortfalls}


def _shortfalls(
    everyone: Sequence[str], pairs: list[Pair], reviewers: int, apart: set[frozenset[str]]
) -> tuple[Shortfall, ...]:
    got = Counter(author for _, author in pairs)
    found = []
    for author in everyone:
        if got[author] >= reviewers:
            continue
        possible = sum(_allowed(other, author, apart) for other in everyone)
        why = (
            f"only {possible} other learner{'s' if possible != 1 else ''} may review them"
            if possible < reviewers
            else "the conflicts left no allocation that gives everyone as many"
        )
        found.append(Shortfall(author, got[author], why))
    return tuple(found)
