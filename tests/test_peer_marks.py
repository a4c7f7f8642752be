"""Peer marks (grader.peer.marks): the median of each criterion, the instructor's changes, each
reviewer's reviewing mark, the lists the instructor is shown, and the module's score they make."""

from __future__ import annotations

import random

import pytest

from grader.course import load_course
from grader.course.peer_review import Criterion, Level, PeerReview
from grader.peer.marks import (
    Calibration,
    Outlier,
    ReviewOverride,
    ShortOfReviews,
    StoredReview,
    outliers,
    peer_results,
    short_of_reviews,
)
from grader.results.checks import CheckResult, CheckStatus, Override
from grader.results.modules import Lateness, ModuleResult, ModuleStatus
from grader.results.peer import (
    CriterionMark,
    PeerResult,
    ReviewingMark,
    ReviewScore,
    Weights,
)

from .conftest import ROOT

LEVELS = {4: "top", 2: "middle", 0: "bottom"}


def _criterion(criterion_id: str) -> Criterion:
    levels = tuple(Level(level, level.title(), points) for points, level in LEVELS.items())
    return Criterion(criterion_id, criterion_id.title(), levels)


def _settings(*criteria: str, **settings) -> PeerReview:
    """A rubric whose criteria each have levels worth 4, 2 and 0."""
    chosen = tuple(_criterion(c) for c in criteria or ("clarity",))
    return PeerReview(module="capstone", criteria=chosen, **settings)


def _scores(*points: float, criteria=("clarity", "choices")) -> tuple[ReviewScore, ...]:
    return tuple(
        ReviewScore(criterion, LEVELS.get(int(p), "top"), p)
        for criterion, p in zip(criteria, points, strict=False)
    )


def _form(reviewer: str, author: str, *points: float, revision: int = 1) -> StoredReview:
    return StoredReview(reviewer, author, _scores(*points), f"by {reviewer}", "", revision)


def _marks(settings, pairs, reviews, **kwargs) -> dict[str, PeerResult]:
    learners = sorted({person for pair in pairs for person in pair})
    pseudonyms = {learner: learner.upper() for learner in learners}
    return peer_results(settings=settings, pseudonyms=pseudonyms, pairs=pairs, reviews=reviews,
                        **kwargs)


def _reviewed(author: str, *reviewers: str) -> list[tuple[str, str]]:
    return [(reviewer, author) for reviewer in reviewers]


def _points(result: PeerResult) -> dict[str, float | None]:
    return {mark.criterion: mark.points for mark in result.criteria}


# The peer mark


def test_each_criterion_is_marked_the_median_of_an_odd_number_of_reviews():
    settings = _settings("clarity", "choices")
    reviews = [_form("ben", "ana", 4, 4), _form("cy", "ana", 2, 4), _form("dee", "ana", 0, 2)]
    ana = _marks(settings, _reviewed("ana", "ben", "cy", "dee"), reviews)["ana"]
    assert _points(ana) == {"clarity": 2, "choices": 4}
    assert ana.mark == 6 and ana.max_mark == 8
    assert [mark.reviews for mark in ana.criteria] == [3, 3]
    assert ana.pseudonym == "ANA" and ana.module == "capstone"


def test_an_even_number_of_reviews_gives_the_mean_of_the_middle_two():
    reviews = [_form("ben", "ana", 4), _form("cy", "ana", 2), _form("dee", "ana", 0),
               _form("eve", "ana", 4)]
    ana = _marks(_settings(), _reviewed("ana", "ben", "cy", "dee", "eve"), reviews)["ana"]
    assert _points(ana) == {"clarity": 3}
    two = _marks(_settings(), _reviewed("ana", "ben", "cy"), reviews[:2])["ana"]
    assert _points(two) == {"clarity": 3}


def test_a_submission_nobody_reviewed_has_no_mark_yet_and_scores_nothing():
    ana = _marks(_settings(), _reviewed("ana", "ben"), [])["ana"]
    assert ana.criteria == (CriterionMark("clarity", "Clarity", None, 4.0, 0),)
    assert ana.reviews == () and ana.reviews_mark is None and ana.mark == 0


def test_only_the_latest_form_of_an_assigned_pair_counts():
    reviews = [_form("ben", "ana", 0, revision=1), _form("ben", "ana", 4, revision=2),
               _form("ben", "ana", 2, revision=1), _form("zed", "ana", 0)]
    ana = _marks(_settings(), _reviewed("ana", "ben"), reviews)["ana"]
    assert [(r.reviewer, r.revision, r.points) for r in ana.reviews] == [("ben", 2, 4)]
    assert _points(ana) == {"clarity": 4}


def test_a_reviewers_label_is_their_place_among_the_authors_pairs_and_never_changes():
    pairs = _reviewed("ana", "cy", "ben", "dee")
    first = _marks(_settings(), pairs, [_form("ben", "ana", 4)])["ana"]
    assert [(r.label, r.reviewer) for r in first.reviews] == [("Reviewer 2", "ben")]
    later = _marks(_settings(), pairs, [_form("ben", "ana", 4), _form("cy", "ana", 2)])["ana"]
    assert [(r.label, r.reviewer) for r in later.reviews] == [
        ("Reviewer 1", "cy"), ("Reviewer 2", "ben")
    ]
    assert [r.comment for r in later.reviews] == ["by cy", "by ben"]


# The instructor's changes


def _discard(reviewer: str, author: str = "ana") -> ReviewOverride:
    return ReviewOverride(author, reviewer, "copied another review", "2026-12-01T10:00:00",
                          discarded=True)


def test_a_discarded_review_is_shown_but_neither_marks_nor_counts_as_completed():
    reviews = [_form("ben", "ana", 4), _form("cy", "ana", 2), _form("dee", "ana", 0)]
    marks = _marks(_settings(), _reviewed("ana", "ben", "cy", "dee"), reviews,
                   overrides=[_discard("ben")])
    ana = marks["ana"]
    assert _points(ana) == {"clarity": 1}  # median(2, 0), without ben's 4
    assert ana.counted == 2 and len(ana.reviews) == 3
    change = ana.reviews[0].change
    assert change.discarded and change.reason == "copied another review"
    assert marks["ben"].reviewing.completed == 0 and marks["ben"].reviewing.agreement is None
    # the others are compared with one another only: |2 - 0| / 4 = 0.5
    assert marks["cy"].reviewing.agreement == 0.5


def test_an_overridden_review_marks_with_the_instructors_levels_its_reviewer_judged_on_theirs():
    reviews = [_form("ben", "ana", 4), _form("cy", "ana", 2), _form("dee", "ana", 0)]
    fixed = ReviewOverride("ana", "dee", "misread the rubric", "2026-12-01T10:00:00",
                           scores=_scores(4))
    marks = _marks(_settings(), _reviewed("ana", "ben", "cy", "dee"), reviews, overrides=[fixed])
    ana = marks["ana"]
    assert _points(ana) == {"clarity": 4}  # median(4, 2, 4)
    dee = ana.reviews[2]
    assert dee.points == 4 and dee.change.before == _scores(0) and not dee.change.discarded
    assert dee.counted
    # each against the mark as it stands, median(4, 2, dee's 4 now) = 4: dee's own 0 is the
    # whole range away, ben's 4 on it
    assert marks["dee"].reviewing.agreement == 0.0
    assert marks["ben"].reviewing.agreement == 1.0
    assert marks["dee"].reviewing.completed == 1


def test_an_override_of_one_criterion_keeps_the_other_levels_and_a_later_one_restores_all():
    settings = _settings("clarity", "choices")
    pairs = _reviewed("ana", "ben")
    one = ReviewOverride("ana", "ben", "clarity misjudged", "t1", scores=_scores(2))
    marked = _marks(settings, pairs, [_form("ben", "ana", 4, 0)], overrides=[one])["ana"]
    assert [(s.criterion, s.points) for s in marked.reviews[0].scores] == [
        ("clarity", 2), ("choices", 0)
    ]
    restored = ReviewOverride("ana", "ben", "my mistake", "t2")
    again = _marks(settings, pairs, [_form("ben", "ana", 4, 0)], overrides=[one, restored])["ana"]
    assert again.reviews[0].change is None and _points(again) == {"clarity": 4, "choices": 0}


def test_an_instructors_peer_mark_replaces_the_reviews_mark_with_its_reason():
    reviews = [_form("ben", "ana", 4), _form("cy", "ana", 2)]
    mark = ReviewOverride("ana", "", "reviews missed the comparison", "2026-12-02T09:00:00",
                          score=1.5)
    ana = _marks(_settings(), _reviewed("ana", "ben", "cy"), reviews, overrides=[mark])["ana"]
    assert ana.override == Override(1.5, "reviews missed the comparison", "2026-12-02T09:00:00", 3)
    assert ana.mark == 1.5 and ana.reviews_mark == 3
    withdrawn = ReviewOverride("ana", "", "withdrawn", "2026-12-03T09:00:00")
    back = _marks(_settings(), _reviewed("ana", "ben", "cy"), reviews,
                  overrides=[mark, withdrawn])["ana"]
    assert back.override is None and back.mark == 3


def test_an_instructors_peer_mark_for_an_unreviewed_submission_records_zero_as_the_reviews_mark():
    mark = ReviewOverride("ana", "", "marked by hand", "t", score=3.0)
    ana = _marks(_settings(), _reviewed("ana", "ben"), [], overrides=[mark])["ana"]
    assert ana.override.graded_score == 0 and ana.mark == 3 and ana.enough_reviews


# The reviewing mark


def test_agreement_compares_each_level_with_the_median_of_three_reviews_or_more():
    settings = _settings("clarity", "choices", completion=0.5, agreement=0.5)
    reviews = [_form("ben", "ana", 4, 2), _form("cy", "ana", 2, 2), _form("dee", "ana", 0, 4)]
    pairs = [*_reviewed("ana", "ben", "cy", "dee"), ("ben", "eve")]  # ben never reviewed eve
    marks = _marks(settings, pairs, reviews)
    # each against clarity median(4, 2, 0) = 2 and choices median(2, 2, 4) = 2
    # ben: 4 against 2, 2 against 2
    assert marks["ben"].reviewing == ReviewingMark(
        assigned=2, completed=1, agreement=0.75, calibrated=0, fraction=0.625, outlier=False
    )  # 1 - (2/4 + 0) / 2; fraction 0.5 * 1/2 + 0.5 * 0.75
    # cy: on the median both times
    assert marks["cy"].reviewing.agreement == 1.0 and marks["cy"].reviewing.fraction == 1.0
    # dee: 0 against 2, 4 against 2
    assert marks["dee"].reviewing.agreement == 0.5 and marks["dee"].reviewing.outlier
    assert marks["dee"].reviewing.fraction == 0.75


def test_with_two_reviews_each_reviewer_is_compared_with_the_other():
    settings = _settings("clarity", completion=0.5, agreement=0.5)
    marks = _marks(settings, _reviewed("ana", "ben", "cy"),
                   [_form("ben", "ana", 4), _form("cy", "ana", 2)])
    assert marks["ben"].reviewing.agreement == marks["cy"].reviewing.agreement == 0.5


def test_one_stray_reviewer_among_three_does_not_pull_the_others_away_from_agreement():
    settings = _settings("clarity")
    reviews = [_form("ben", "ana", 4), _form("cy", "ana", 4), _form("dee", "ana", 0)]
    marks = _marks(settings, _reviewed("ana", "ben", "cy", "dee"), reviews)
    assert marks["ben"].reviewing.agreement == marks["cy"].reviewing.agreement == 1.0
    assert marks["dee"].reviewing.agreement == 0.0 and marks["dee"].reviewing.outlier


def test_a_distance_is_a_share_of_the_criterions_range_not_of_its_top_level():
    levels = (Level("good", "Good", 5.0), Level("fair", "Fair", 3.0), Level("poor", "Poor", 1.0))
    settings = PeerReview(module="capstone", criteria=(Criterion("clarity", "Clarity", levels),))
    reviews = [StoredReview("ben", "ana", (ReviewScore("clarity", "good", 5.0),)),
               StoredReview("cy", "ana", (ReviewScore("clarity", "fair", 3.0),))]
    marks = _marks(settings, _reviewed("ana", "ben", "cy"), reviews)
    assert marks["ben"].reviewing.agreement == 0.5  # 1 - 2/4, the range being 5 - 1
    assert _points(marks["ana"]) == {"clarity": 4}


def test_the_course_shares_weigh_completion_against_agreement():
    settings = _settings(completion=0.2, agreement=0.8)
    reviews = [_form("ben", "ana", 4), _form("cy", "ana", 2)]
    marks = _marks(settings, _reviewed("ana", "ben", "cy"), reviews)
    assert marks["ben"].reviewing.agreement == 0.5
    assert marks["ben"].reviewing.fraction == pytest.approx(0.2 + 0.8 * 0.5)


def test_a_calibration_submission_compares_its_reviewers_with_the_instructors_levels():
    settings = _settings("clarity", "choices")
    reviews = [_form("ben", "ana", 4, 2), _form("cy", "ana", 0, 0)]
    instructor = Calibration("ana", _scores(4, 4))
    marks = _marks(settings, _reviewed("ana", "ben", "cy"), reviews, calibrations=[instructor])
    # ben: 4 against 4, 2 against 4; cy: 0 against 4, 0 against 4
    assert marks["ben"].reviewing.agreement == 0.75 and marks["ben"].reviewing.calibrated == 1
    assert marks["cy"].reviewing.agreement == 0 and marks["cy"].reviewing.calibrated == 1
    assert _points(marks["ana"]) == {"clarity": 2, "choices": 1}  # still the reviews' median


def test_a_criterion_the_calibration_leaves_out_is_compared_with_the_other_reviews():
    settings = _settings("clarity", "choices")
    reviews = [_form("ben", "ana", 4, 2), _form("cy", "ana", 0, 0)]
    clarity_only = Calibration("ana", _scores(4))
    marks = _marks(settings, _reviewed("ana", "ben", "cy"), reviews, calibrations=[clarity_only])
    # ben: clarity 4 against the instructor's 4, choices 2 against cy's 0
    assert marks["ben"].reviewing.agreement == 0.75


def test_a_reviewer_with_nothing_to_compare_is_marked_on_completion_alone():
    settings = _settings(completion=0.5, agreement=0.5)
    pairs = [*_reviewed("ana", "ben"), *_reviewed("cy", "ben")]
    marks = _marks(settings, pairs, [_form("ben", "ana", 0)])
    ben = marks["ben"].reviewing
    assert ben.agreement is None and not ben.outlier
    assert (ben.assigned, ben.completed, ben.fraction) == (2, 1, 0.5)  # not 0.5 * 1/2


def test_a_learner_given_nothing_to_review_has_no_reviewing_mark():
    marks = _marks(_settings(), _reviewed("ana", "ben"), [_form("ben", "ana", 4)])
    assert marks["ana"].reviewing is None
    assert marks["ben"].reviewing.assigned == 1


# What the instructor is shown


def _circle(size: int, reviewers: int) -> list[tuple[str, str]]:
    learners = [f"l{i}" for i in range(size)]
    return [(learners[i], learners[(i + k) % size]) for i in range(size)
            for k in range(1, reviewers + 1)]


def test_a_reviewer_always_giving_the_lowest_level_among_generous_others_is_listed_alone():
    pairs = _circle(8, 4)
    reviews = [_form(r, a, 0 if r == "l0" else 4) for r, a in pairs]
    marks = _marks(_settings(outlier=0.25), pairs, reviews)
    assert outliers(marks) == [Outlier("l0", 1.0, completed=4, calibrated=0)]
    assert marks["l0"].reviewing.agreement == 0 and marks["l0"].reviewing.outlier
    assert not any(marks[f"l{i}"].reviewing.outlier for i in range(1, 8))


def test_outliers_are_listed_the_furthest_first():
    settings = _settings("clarity", "choices", outlier=0.2)
    reviews = [_form("ben", "ana", 4, 2), _form("cy", "ana", 2, 2), _form("dee", "ana", 0, 4)]
    marks = _marks(settings, _reviewed("ana", "ben", "cy", "dee"), reviews)
    assert outliers(marks) == [Outlier("dee", 0.5, 1, 0), Outlier("ben", 0.25, 1, 0)]


def test_a_reviewer_exactly_at_the_courses_outlier_distance_is_not_listed():
    reviews = [_form("ben", "ana", 4), _form("cy", "ana", 2)]  # half the range apart
    marks = _marks(_settings(outlier=0.5), _reviewed("ana", "ben", "cy"), reviews)
    assert outliers(marks) == []
    assert [o.learner for o in outliers(_marks(_settings(outlier=0.49),
                                                _reviewed("ana", "ben", "cy"), reviews))] == [
        "ben", "cy"
    ]


def test_submissions_with_fewer_counted_reviews_than_the_minimum_are_listed_fewest_first():
    pairs = [*_reviewed("ana", "ben", "cy"), *_reviewed("ben", "ana", "cy"),
             *_reviewed("cy", "ana", "ben"), *_reviewed("dee", "ana")]
    reviews = [_form("ben", "ana", 4), _form("cy", "ana", 4), _form("ana", "ben", 2),
               _form("cy", "ben", 2), _form("ana", "cy", 0)]
    decided = ReviewOverride("dee", "", "marked by hand", "t", score=2.0)
    marks = _marks(_settings(min_reviews=2), pairs, reviews,
                   overrides=[_discard("cy", "ben"), decided])
    assert short_of_reviews(marks) == [
        ShortOfReviews("ben", "BEN", counted=1, min_reviews=2),
        ShortOfReviews("cy", "CY", counted=1, min_reviews=2),
    ]
    assert marks["ana"].enough_reviews and marks["dee"].enough_reviews


# The module's score


def _peer(mark: float | None, fraction: float) -> PeerResult:
    return PeerResult(
        module="capstone",
        pseudonym="ANA",
        criteria=(CriterionMark("clarity", "Clarity", mark, 12.0, 3),),
        reviews=(),
        reviewing=ReviewingMark(3, 3, fraction, 0, fraction),
        weights=Weights(checks=0.6, peer=0.3, reviewing=0.1),
        min_reviews=2,
    )


def _module(peer: PeerResult, *, late_percent: float = 0, override: Override | None = None):
    check = CheckResult("fit", "Fits", "public", CheckStatus.FAILED, 8.0, 10.0)
    lateness = Lateness("2026-12-02T10:00:00", "manifest", "2026-12-01T23:59:00", False,
                        36060.0, 1, late_percent, "20% a day") if late_percent else None
    return ModuleResult("capstone", "capstone.py", ModuleStatus.GRADED, (check,), 10.0,
                        lateness=lateness, override=override, peer=peer)


def test_the_module_score_weighs_checks_peer_mark_and_reviewing_by_the_course_shares():
    peer = _peer(6.0, 0.75)
    # checks 8 x 0.6 + 10 x 0.3 x 6/12 + 10 x 0.1 x 0.75
    assert peer.combined(8.0, 10.0) == pytest.approx(4.8 + 1.5 + 0.75)
    assert _module(peer).score == pytest.approx(7.05)
    assert _peer(None, 0.0).combined(8.0, 10.0) == pytest.approx(4.8)


def test_a_late_penalty_takes_from_the_checks_share_only():
    module = _module(_peer(6.0, 0.75), late_percent=20)
    # the checks' 8 less 20% is 6.4: 6.4 x 0.6 + 1.5 + 0.75
    assert module.penalty == pytest.approx(1.6)
    assert module.score == pytest.approx(3.84 + 1.5 + 0.75)


def test_an_instructors_module_score_overrides_checks_and_peer_marks_alike():
    module = _module(_peer(6.0, 0.75), late_percent=20,
                     override=Override(9.0, "viva", "2026-12-05T10:00:00", 6.09))
    assert module.score == 9.0


def test_an_instructors_peer_mark_flows_into_the_module_score():
    peer = _peer(6.0, 0.75)
    decided = PeerResult(**{**vars(peer), "override": Override(12.0, "excellent", "t", 6.0)})
    assert _module(decided).score == pytest.approx(4.8 + 3.0 + 0.75)


@pytest.mark.shipped_course
def test_the_capstones_rubric_and_shares_make_a_reviewed_learners_score():
    capstone = next(m for m in load_course(ROOT).modules if m.name == "capstone")
    settings = capstone.peer
    levels = {c.id: {level.points: level for level in c.levels} for c in settings.criteria}

    def form(reviewer, author, clarity, choices, comparison):
        given = zip(levels, (clarity, choices, comparison), strict=True)
        scores = tuple(ReviewScore(c, levels[c][p].id, p) for c, p in given)
        return StoredReview(reviewer, author, scores)

    pairs = [*_reviewed("ana", "ben", "cy", "dee"), *_reviewed("ben", "ana", "cy", "dee")]
    reviews = [form("ben", "ana", 4, 2, 2), form("cy", "ana", 4, 4, 0),
               form("dee", "ana", 2, 2, 2), form("ana", "ben", 4, 4, 4)]
    ana = _marks(settings, pairs, reviews)["ana"]
    assert ana.mark == 8 and ana.max_mark == 12  # medians 4, 2 and 2
    # ana's only review is ben's only one: completion alone, 1 of 1
    assert ana.reviewing.fraction == 1
    # checks 8 of 10 x 0.6, peer 10 x 0.3 x 8/12, reviewing 10 x 0.1 x 1
    assert _module(ana).score == pytest.approx(4.8 + 2.0 + 1.0)


# Properties, on random classes


def _random_class(seed: int):
    generator = random.Random(seed)
    size = generator.randint(2, 12)
    asked = generator.randint(1, min(4, size - 1))
    pairs = _circle(size, asked)
    generator.shuffle(pairs)
    settings = _settings("clarity", "choices", outlier=generator.choice([0.1, 0.25, 0.5]))
    reviews = [
        _form(r, a, *(generator.choice([0, 2, 4]) for _ in range(2)))
        for r, a in pairs
        if generator.random() < 0.8
    ]
    overrides = [_discard(r.reviewer, r.author) for r in reviews if generator.random() < 0.1]
    return settings, pairs, reviews, overrides


@pytest.mark.parametrize("seed", range(40))
def test_medians_lie_between_the_reviews_and_every_reviewing_mark_is_a_fraction(seed):
    settings, pairs, reviews, overrides = _random_class(seed)
    marks = _marks(settings, pairs, reviews, overrides=overrides)
    for result in marks.values():
        for mark in result.criteria:
            given = [r.score(mark.criterion).points for r in result.reviews if r.counted]
            assert mark.reviews == len(given)
            assert mark.points is None if not given else min(given) <= mark.points <= max(given)
        if (reviewing := result.reviewing) is not None:
            assert 0 <= reviewing.fraction <= 1 and reviewing.completed <= reviewing.assigned
            assert reviewing.agreement is None or 0 <= reviewing.agreement <= 1
            assert reviewing.outlier == (any(o.learner == result.pseudonym.lower()
                                             for o in outliers(marks)))


@pytest.mark.parametrize("seed", range(20))
def test_a_review_arriving_changes_no_other_reviews_label(seed):
    settings, pairs, reviews, _ = _random_class(seed)
    before = _marks(settings, pairs, reviews[:-1])
    after = _marks(settings, pairs, reviews)
    for learner, result in before.items():
        labels = {r.reviewer: r.label for r in after[learner].reviews}
        assert all(labels[r.reviewer] == r.label for r in result.reviews)
