"""Who reviews whose work (grader.peer.allocation), on classes of many sizes."""

from __future__ import annotations

from collections import Counter

import pytest

from grader.peer import Allocation, allocate


def _class(size: int) -> list[str]:
    return [f"learner{i:03d}" for i in range(size)]


def _loads(allocation: Allocation) -> tuple[Counter[str], Counter[str]]:
    reviews = Counter(reviewer for reviewer, _ in allocation.pairs)
    reviewed = Counter(author for _, author in allocation.pairs)
    return reviews, reviewed


@pytest.mark.parametrize("size", [2, 3, 4, 5, 7, 10, 31, 100, 257])
@pytest.mark.parametrize("asked", [1, 2, 3, 5])
def test_everyone_reviews_and_is_reviewed_by_as_many_as_asked_never_themselves(size, asked):
    authors = _class(size)
    allocation = allocate(module="capstone", authors=authors, reviewers=asked, seed=7)
    reviews, reviewed = _loads(allocation)
    expected = min(asked, size - 1)
    assert all(reviewer != author for reviewer, author in allocation.pairs)
    assert len(set(allocation.pairs)) == len(allocation.pairs)
    assert all(reviewed[a] == expected and reviews[a] == expected for a in authors)
    assert (allocation.shortfalls == ()) == (expected == asked)


def test_fewer_learners_than_reviewers_asked_is_reported_for_each_submission():
    allocation = allocate(module="capstone", authors=_class(3), reviewers=4, seed=1)
    assert [(s.author, s.reviewers) for s in allocation.shortfalls] == [
        (author, 2) for author in _class(3)
    ]
    assert all(s.why == "only 2 other learners may review them" for s in allocation.shortfalls)


def test_the_same_seed_gives_the_same_allocation_and_another_seed_another():
    authors = _class(40)
    first = allocate(module="capstone", authors=authors, reviewers=3, seed=11)
    assert allocate(module="capstone", authors=reversed(authors), reviewers=3, seed=11) == first
    assert allocate(module="capstone", authors=authors, reviewers=3, seed=12).pairs != first.pairs


@pytest.mark.parametrize("size", [9, 12, 30, 61])
def test_team_mates_never_review_one_another_and_loads_stay_even(size):
    authors = _class(size)
    teams = [authors[i : i + 3] for i in range(0, size, 3)]
    allocation = allocate(
        module="capstone", authors=authors, reviewers=3, seed=3, conflicts=teams
    )
    team_of = {learner: n for n, team in enumerate(teams) for learner in team}
    assert all(team_of[r] != team_of[a] for r, a in allocation.pairs)
    reviews, reviewed = _loads(allocation)
    assert all(2 <= reviews[a] <= 4 for a in authors)
    assert all(reviewed[a] == 3 for a in authors)
    assert allocation.shortfalls == ()


def test_conflicts_that_make_a_full_allocation_impossible_are_reported():
    authors = _class(5)
    # four learners in one team: each may be reviewed only by the fifth
    allocation = allocate(
        module="capstone", authors=authors, reviewers=2, seed=0, conflicts=[authors[:4]]
    )
    short = {s.author: s for s in allocation.shortfalls}
    assert set(short) == set(authors[:4])
    assert all(s.reviewers <= 1 and s.why == "only 1 other learner may review them"
               for s in short.values())
    assert not any(r in authors[:4] and a in authors[:4] for r, a in allocation.pairs)


def test_late_joiners_are_added_without_changing_anyone_elses_reviews():
    authors = _class(20)
    first = allocate(module="capstone", authors=authors, reviewers=3, seed=5)
    later = allocate(
        module="capstone", authors=[*authors, "zoe", "yan"], reviewers=3, seed=5, kept=first
    )
    assert set(first.pairs) <= set(later.pairs)
    reviews, reviewed = _loads(later)
    # each submission has its 3 reviewers, and every load is 3 give or take one
    assert all(3 <= reviewed[a] <= 4 and 2 <= reviews[a] <= 4 for a in [*authors, "zoe", "yan"])
    assert not any(r == a for r, a in later.pairs)


def test_a_late_joiner_never_reviews_a_learner_they_must_not():
    authors = _class(10)
    first = allocate(module="capstone", authors=authors, reviewers=2, seed=2)
    later = allocate(
        module="capstone", authors=[*authors, "zoe"], reviewers=2, seed=2, kept=first,
        conflicts=[["zoe", authors[0]], ["zoe", authors[1]]],
    )
    assert not any({r, a} in ({"zoe", authors[0]}, {"zoe", authors[1]}) for r, a in later.pairs)
