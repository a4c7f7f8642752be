"""A module's peer review in course.toml: its rubric (criteria, levels, points, comments
required or not) and how its marks count, read with a message naming the table at fault."""

from __future__ import annotations

from pathlib import Path

import pytest

from grader.course import CourseFileError, load_course
from grader.course.peer_review import PeerReview
from grader.results import Weights

from .gradebook_classes import course_copy

RUBRIC = """
[peer.regression]
reviewers = 2
min_reviews = 1
weights = { checks = 0.5, peer = 0.4, reviewing = 0.1 }

[[peer.regression.criteria]]
id = "clarity"
title = "Clarity"
comment = "required"
levels = [
  { id = "clear", points = 3, title = "Clear" },
  { id = "unclear", points = 0, title = "Unclear" },
]

[[peer.regression.criteria]]
id = "tests"
levels = [{ id = "many", points = 2 }, { id = "some", points = 1 }, { id = "none", points = 0 }]
"""


def test_a_rubric_is_read_with_its_criteria_levels_and_shares(tmp_path: Path):
    course = course_copy(tmp_path, RUBRIC)
    peer = course.module("regression").peer
    assert peer is not None and course.module("clustering").peer is None
    assert [c.id for c in peer.criteria] == ["clarity", "tests"]
    assert peer.criteria[0].comment_required and not peer.criteria[1].comment_required
    assert peer.max_points == 5 and peer.criterion("tests").level("some").points == 1
    assert (peer.reviewers, peer.min_reviews) == (2, 1)
    assert peer.weights == Weights(checks=0.5, peer=0.4, reviewing=0.1)


def test_the_settings_the_gradebook_keeps_read_back_the_same(tmp_path: Path):
    peer = course_copy(tmp_path, RUBRIC).module("regression").peer
    assert peer is not None
    assert PeerReview.from_dict("regression", peer.to_dict()) == peer


@pytest.mark.shipped_course
def test_the_capstone_has_a_rubric_of_three_criteria_worth_twelve_points():
    from .conftest import ROOT

    peer = load_course(ROOT).module("capstone").peer
    assert peer is not None
    assert [c.id for c in peer.criteria] == ["clarity", "choices", "comparison"]
    assert peer.max_points == 12 and peer.weights.checks == 0.6


@pytest.mark.parametrize(
    ("change", "message"),
    [
        (('id = "tests"', 'id = "clarity"'), "criterion id 'clarity' is given twice"),
        (('id = "tests"', 'id = "Tests!"'), "must be a short lowercase name"),
        (('id = "tests"', 'id = "overall"'), "is the form's own"),
        (('comment = "required"', 'comment = "always"'), 'comment must be "required"'),
        (("{ id = \"many\", points = 2 }, ", ""), None),  # two levels are enough
        (("{ id = \"some\", points = 1 }, { id = \"none\", points = 0 }", ""), "levels must be"),
        (('{ id = "many", points = 2 }', '{ id = "many", points = "2" }'), "must be a number"),
        (('{ id = "many", points = 2 }', '{ id = "some", points = 2 }'), "given twice"),
        (("checks = 0.5", "checks = 0.6"), "must add up to 1"),
        (('{ id = "none", points = 0 }', '{ id = "none", points = -1 }'), "must not be negative"),
        (("reviewers = 2", "reviewers = 0"), "reviewers must be a whole number of at least 1"),
        (("reviewers = 2", "reveiwers = 2"), "unknown setting 'reveiwers'"),
        (("[peer.regression]", "[peer.nosuch]"), "[peer.nosuch]: no such module"),
    ],
)
def test_a_rubric_that_cannot_be_used_is_refused_naming_what_to_fix(
    tmp_path: Path, change: tuple[str, str], message: str | None
):
    old, new = change
    assert old in RUBRIC
    if message is None:
        assert course_copy(tmp_path, RUBRIC.replace(old, new, 1)).module("regression").peer
        return
    with pytest.raises(CourseFileError, match="course.toml") as error:
        course_copy(tmp_path, RUBRIC.replace(old, new, 1))
    assert message in str(error.value)


def test_levels_all_worth_the_same_are_refused(tmp_path: Path):
    same = RUBRIC.replace('points = 0, title = "Unclear"', 'points = 3, title = "Unclear"')
    with pytest.raises(CourseFileError, match="must not all be worth the same"):
        course_copy(tmp_path, same)


def test_a_rubric_without_criteria_is_refused(tmp_path: Path):
    with pytest.raises(CourseFileError, match=r"\[peer.regression\]: no criteria"):
        course_copy(tmp_path, "[peer.regression]\nreviewers = 2\n")
