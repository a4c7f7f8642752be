"""Peer review in the gradebook: the allocation kept (a re-run keeps every pair and adds late
learners), each form counted once (a form handed in again replaces the one that counts, the
earlier kept), refusals recorded, the instructor's decisions with reasons, and a learner's
module carrying its peer review into every result read from the gradebook."""

from __future__ import annotations

from pathlib import Path

import pytest

from grader import __version__
from grader.gradebook import ClassList, Gradebook, PeerReviews
from grader.grading import grade_class
from grader.peer.assign import PeerError, assign_reviews
from grader.peer.decisions import calibrate, override_peer
from grader.results import ReviewScore

from .gradebook_classes import course_copy, reference, write_class

RUBRIC = """
[peer.regression]
reviewers = 2
min_reviews = 2
weights = { checks = 0.5, peer = 0.4, reviewing = 0.1 }

[[peer.regression.criteria]]
id = "clarity"
comment = "required"
levels = [{ id = "clear", points = 2 }, { id = "some", points = 1 }, { id = "unclear", points = 0 }]
"""


def level(name: str) -> tuple[ReviewScore, ...]:
    points = {"clear": 2.0, "some": 1.0, "unclear": 0.0}[name]
    return (ReviewScore("clarity", name, points, "a comment"),)


@pytest.fixture
def graded(tmp_path: Path):
    """Four learners who handed regression in, graded; the course has a rubric for it."""
    course = course_copy(tmp_path, RUBRIC)
    learners = {name: {"regression.py": reference("regression")} for name in
                ("ada", "bob", "cy", "dee")}
    write_class(tmp_path / "class", learners)
    out = tmp_path / "out"
    grade_class(tmp_path / "class", out=out, course=course, jobs=1)
    return course, out / "gradebook.sqlite", tmp_path


def review(db: Path, reviewer: str, author: str, name: str, sha: str) -> str:
    with Gradebook.open(db, writer="test") as book:
        return PeerReviews(book).record_review(
            module="regression", reviewer=reviewer, author=author, file=f"{reviewer}/form.toml",
            sha256=sha, submitted_at=None, scores=level(name), comment="",
        )


def peer_of(db: Path, learner: str):
    with Gradebook.open(db) as book:
        result = book.class_result(__version__)
    return next(lr for lr in result.learners if lr.learner == learner).module("regression")


def test_an_allocation_is_kept_and_a_rerun_keeps_every_pair_adding_late_learners(graded):
    course, db, folder = graded
    first = assign_reviews(db=db, course=course, module="regression", seed=3)
    assert len(first.allocation.pairs) == 8 and first.added == 8
    write_class(folder / "class", {"eve": {"regression.py": reference("regression")}})
    grade_class(folder / "class", out=folder / "out", course=course, jobs=1)
    again = assign_reviews(db=db, course=course, module="regression")
    assert set(first.allocation.pairs) <= set(again.allocation.pairs)
    assert any("eve" in pair for pair in again.allocation.pairs) and again.added >= 2
    assert again.allocation.seed == 3  # the kept allocation's seed, when none is given
    with Gradebook.open(db) as book:
        assignment = PeerReviews(book).assignment("regression")
    assert assignment is not None and set(assignment.allocation.pairs) == set(
        again.allocation.pairs)
    assert len(set(assignment.pseudonyms.values())) == 5


def test_a_rerun_asking_another_number_of_reviewers_is_refused(graded):
    course, db, _ = graded
    assign_reviews(db=db, course=course, module="regression", reviewers=2)
    with pytest.raises(PeerError, match="assigned with 2 reviewers"):
        assign_reviews(db=db, course=course, module="regression", reviewers=3)


def test_a_module_without_a_rubric_cannot_be_assigned(graded):
    course, db, _ = graded
    with pytest.raises(PeerError, match=r"no peer review: .*\[peer.clustering\]"):
        assign_reviews(db=db, course=course, module="clustering")


def test_a_form_handed_in_again_replaces_the_one_that_counts_and_both_are_kept(graded):
    course, db, _ = graded
    pairs = assign_reviews(db=db, course=course, module="regression").allocation.pairs
    reviewer, author = pairs[0]
    assert review(db, reviewer, author, "unclear", "sha-1") == "new"
    assert review(db, reviewer, author, "unclear", "sha-1") == "unchanged"
    assert review(db, reviewer, author, "clear", "sha-2") == "replaced"
    with Gradebook.open(db) as book:
        history = PeerReviews(book).history("regression", reviewer, author)
    assert [sha for _, _, sha in history] == ["sha-1", "sha-2"]
    received = peer_of(db, author).peer
    assert received is not None
    (counted,) = received.reviews
    assert counted.scores == level("clear") and counted.revision == 2


def test_a_refused_form_is_recorded_once_with_its_reason(graded):
    _, db, _ = graded
    with Gradebook.open(db, writer="test") as book:
        peer = PeerReviews(book)
        assert peer.record_refusal(reviewer="ada", file="f.toml", sha256="x", message="why")
        assert not peer.record_refusal(reviewer="ada", file="f.toml", sha256="x", message="why")


def test_the_module_score_combines_checks_peer_mark_and_reviewing(graded):
    course, db, _ = graded
    pairs = assign_reviews(db=db, course=course, module="regression").allocation.pairs
    author = pairs[0][1]
    for reviewer in [r for r, a in pairs if a == author]:
        review(db, reviewer, author, "some", f"sha-{reviewer}")
    module = peer_of(db, author)
    assert module.peer is not None and module.peer.mark == 1.0 and module.peer.enough_reviews
    checks = module.checks_score
    reviewing = module.peer.reviewing_points(module.max_score)
    expected = round(checks * 0.5 + module.max_score * 0.4 * 1 / 2 + reviewing, 6)
    assert module.score == pytest.approx(expected)


def test_an_instructors_peer_mark_and_review_changes_count_with_their_reason(graded):
    course, db, _ = graded
    pairs = assign_reviews(db=db, course=course, module="regression").allocation.pairs
    reviewer, author = pairs[0]
    review(db, reviewer, author, "unclear", "sha-1")
    override_peer(db=db, course=course, module="regression", author=author, reviewer=reviewer,
                  levels={"clarity": "clear"}, reason="misread the rubric")
    changed = peer_of(db, author).peer.reviews[0]
    assert changed.scores[0].level == "clear" and changed.change.reason == "misread the rubric"
    assert changed.change.before[0].level == "unclear"
    override_peer(db=db, course=course, module="regression", author=author, score=1.5,
                  reason="reviewed by hand")
    peer = peer_of(db, author).peer
    assert peer.mark == 1.5 and peer.override.reason == "reviewed by hand"
    override_peer(db=db, course=course, module="regression", author=author, clear=True)
    assert peer_of(db, author).peer.override is None


def test_an_override_without_a_reason_or_beyond_the_rubric_is_refused(graded):
    course, db, _ = graded
    author = assign_reviews(db=db, course=course, module="regression").allocation.pairs[0][1]
    with pytest.raises(PeerError, match="reason"):
        override_peer(db=db, course=course, module="regression", author=author, score=1)
    with pytest.raises(PeerError, match="from 0 to 2"):
        override_peer(db=db, course=course, module="regression", author=author, score=3,
                      reason="r")
    with pytest.raises(PeerError, match="no level 'great'"):
        calibrate(db=db, course=course, module="regression", author=author,
                  levels={"clarity": "great"})


def test_a_calibration_makes_the_instructors_levels_the_reference(graded):
    course, db, _ = graded
    pairs = assign_reviews(db=db, course=course, module="regression").allocation.pairs
    reviewer, author = pairs[0]
    review(db, reviewer, author, "some", "sha-1")
    calibrate(db=db, course=course, module="regression", author=author,
              levels={"clarity": "clear"})
    reviewing = peer_of(db, reviewer).peer.reviewing
    assert reviewing.calibrated == 1 and reviewing.agreement == 0.5


def test_a_renamed_learner_keeps_the_reviews_they_gave_and_received(graded):
    course, db, _ = graded
    pairs = assign_reviews(db=db, course=course, module="regression").allocation.pairs
    reviewer, author = pairs[0]
    review(db, reviewer, author, "clear", "sha-1")
    with Gradebook.open(db, writer="learner") as book:
        ClassList(book).rename(author, "zed", reason="typo in the id", by="test")
        ClassList(book).rename(reviewer, "yan", reason="typo in the id", by="test")
    received = peer_of(db, "zed").peer
    assert received is not None and received.reviews[0].reviewer == "yan"
