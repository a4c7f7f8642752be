"""`grader peer collect`'s function over a graded class: forms counted, refused with why and
kept as refused, a later copy in the same source counting instead of an earlier, and the same
source collected again changing nothing."""

from __future__ import annotations

from pathlib import Path

import pytest

from grader.gradebook import Gradebook, PeerReviews
from grader.peer.assign import PeerError, assign_reviews
from grader.peer.collect import collect_reviews
from grader.peer.forms import form_name, form_text

from . import test_peer_gradebook

graded = test_peer_gradebook.graded  # the fixture: a graded class, its course reviewing regression


def form(course, pseudonym: str, reviewer: str, level: str) -> str:
    text = form_text(settings=course.module("regression").peer, pseudonym=pseudonym,
                     reviewer=reviewer)
    text = text.replace('level = ""', f'level = "{level}"', 1)
    return text.replace('comment = """\n', 'comment = """\nWell named.', 1)


def hand_in(folder: Path, reviewer: str, name: str, text: str) -> None:
    (folder / reviewer).mkdir(parents=True, exist_ok=True)
    (folder / reviewer / name).write_text(text)


def test_forms_count_a_refused_one_counts_nothing_and_collecting_again_changes_nothing(graded):
    course, db, folder = graded
    assignment = assign_reviews(db=db, course=course, module="regression")
    with Gradebook.open(db) as book:
        pseudonyms = PeerReviews(book).assignment("regression").pseudonyms
    (reviewer, author), (other, other_author) = assignment.allocation.pairs[:2]
    source = folder / "reviews"
    name = form_name("regression", pseudonyms[author])
    hand_in(source, reviewer, name, form(course, pseudonyms[author], reviewer, "some"))
    wrong = form(course, pseudonyms[other_author], other, "excellent")
    hand_in(source, other, form_name("regression", pseudonyms[other_author]), wrong)
    first = collect_reviews(db=db, source=source, course=course)
    assert [outcome for _, outcome in first.counted] == ["new"]
    (refusal,) = first.refused
    assert '"excellent" is not a level of clarity' in refusal.message
    again = collect_reviews(db=db, source=source, course=course)
    assert [outcome for _, outcome in again.counted] == ["unchanged"]
    with Gradebook.open(db) as book, book.reading() as rows:
        assert rows.execute("SELECT count(*) FROM peer_refusals").fetchone()[0] == 1


def test_a_later_copy_in_the_same_source_counts_and_the_earlier_never_does(graded):
    course, db, folder = graded
    assignment = assign_reviews(db=db, course=course, module="regression")
    with Gradebook.open(db) as book:
        pseudonyms = PeerReviews(book).assignment("regression").pseudonyms
    reviewer, author = assignment.allocation.pairs[0]
    name = form_name("regression", pseudonyms[author])
    source = folder / "reviews"
    hand_in(source, reviewer, name, form(course, pseudonyms[author], reviewer, "unclear"))
    hand_in(source, reviewer, name.replace(".toml", " (1).toml"),
            form(course, pseudonyms[author], reviewer, "clear"))
    for outcome in ("new", "unchanged"):
        done = collect_reviews(db=db, source=source, course=course)
        assert [o for _, o in done.counted] == [outcome] and done.superseded == 1
    with Gradebook.open(db) as book:
        history = PeerReviews(book).history("regression", reviewer, author)
    assert len(history) == 1


def test_collecting_before_any_assignment_is_refused(graded):
    course, db, folder = graded
    (folder / "reviews").mkdir()
    with pytest.raises(PeerError, match="no reviews were assigned yet"):
        collect_reviews(db=db, source=folder / "reviews", course=course)
