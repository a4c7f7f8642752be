"""Peer review in the reports: the learner's page (how the module's score combines, the peer
mark, the reviews received under their labels, their own reviewing) and the instructor's class
page (the spread of peer marks, work short of reviews, straying reviewers, the overrides),
from the PeerResults of tests/peer_results.py."""

from __future__ import annotations

import pickle
from dataclasses import replace

from grader.reports._class_summary import ClassTally, LearnerRecord, summarize
from grader.reports.html import render_class_html, render_learner_html
from grader.results import ALL_RELEASED, LearnerResult, Override

from .peer_results import (
    CHANGE_REASON,
    DISCARD_REASON,
    OVERRIDE_REASON,
    SCRIPT,
    ada,
    capstone,
    peer_class,
)
from .test_capstone_reports import rows_of

REVIEWERS_OF_ADA = ("ben", "cleo", "dev-the-reviewer")


def learner_page(name: str) -> str:
    (learner,) = [lr for lr in peer_class().learners if lr.learner == name]
    return render_learner_html(ALL_RELEASED.shown(learner), course_title="ML")


def class_page() -> str:
    return render_class_html(peer_class(), course_title="ML", report_links={"ada": "ada.html"})


# --- the learner's page ---------------------------------------------------------------------

def test_the_learners_page_says_how_the_checks_peer_mark_and_reviewing_make_the_score() -> None:
    (combine,) = rows_of(learner_page("ada"), "combine")
    assert combine == [
        ["Checks", "36 of 43 points × 0.6", "21.6"],
        ["+ Peer mark", "9 of 12 × 0.3 of 43", "9.68"],
        ["+ Reviewing", "80% × 0.1 of 43", "3.44"],
        ["= Module score", "", "34.72 of 43"],
    ]
    assert "34.72 / 43 points" in learner_page("ada")  # the module's score is the combined one


def test_the_peer_mark_shows_each_criterions_median_out_of_its_most_and_the_reviews_counted(
) -> None:
    (mark,) = rows_of(learner_page("ada"), "peer-mark")
    assert mark == [
        ["Criterion", "Median", "Out of", "Reviews"],
        ["Clarity", "3", "4", "2"],
        ["Choices argued", "3", "4", "2"],
        ["Comparison of models", "3", "4", "2"],
        ["Peer mark", "9 of 12", ""],
    ]


def test_the_author_reads_each_review_under_its_label_and_never_who_wrote_it() -> None:
    shown = render_learner_html(ALL_RELEASED.shown(ada()), course_title="ML")
    # and the page itself never prints a reviewer's id, even when one is handed to it
    whole = render_learner_html(ada(), course_title="ML")
    for html in (shown, whole):
        for label in ("Reviewer 1", "Reviewer 2", "Reviewer 3"):
            assert f"<strong>{label}</strong>" in html
        for reviewer in REVIEWERS_OF_ADA:
            assert reviewer not in html


def test_each_review_shows_its_levels_points_and_comments_escaped() -> None:
    html = learner_page("ada")
    assert '<dt>Clarity</dt><dd><span class="level">clear</span>, 4 of 4' in html
    assert '<span class="level">mostly clear</span>, 2 of 4' in html  # the level's id, in words
    assert "Reviewer 1</strong> · 8 of 12" in html
    assert "Well argued\nthroughout." in html
    assert SCRIPT not in html and "&lt;script&gt;alert(&#39;reviewer&#39;)&lt;/script&gt;" in html


def test_the_instructors_changes_to_reviews_are_shown_with_their_reasons() -> None:
    html = learner_page("ada")
    assert ("Levels changed by the instructor from hard to follow (0), none (0), missing (0) "
            f"to those shown. Reason: {CHANGE_REASON}") in html
    assert f"Discarded by the instructor: it does not count. Reason: {DISCARD_REASON}" in html
    assert 'Reviewer 3</strong> · 0 of 12 <span class="tag">does not count</span>' in html
    assert 'Reviewer 2</strong> · 10 of 12 <span class="tag">revised form</span>' in html


def test_work_short_of_reviews_says_how_many_of_those_needed_have_come_in() -> None:
    html = learner_page("ben")
    assert "Awaiting reviews: 1 of the 2 needed." in html
    assert "<td>awaiting reviews: 1 of the 2 needed</td>" in html  # in the scores by module too
    assert "Awaiting reviews" not in learner_page("ada")
    assert "<td>with peer review</td>" in learner_page("ada")


def test_a_peer_mark_set_by_the_instructor_shows_its_reason_and_what_the_reviews_gave() -> None:
    html = learner_page("cleo")
    assert ("Peer mark set by your instructor to 10 of 12 (the reviews gave 5). "
            f"Reason: {OVERRIDE_REASON}") in html
    (combine,) = rows_of(html, "combine")
    assert combine[1] == ["+ Peer mark", "10 of 12 × 0.3 of 43", "10.75"]


def test_the_learners_own_reviewing_mark_shows_what_they_completed_and_how_they_agreed() -> None:
    html = learner_page("ada")
    assert "<dt>Reviews completed</dt><dd>3 of the 3 assigned to you</dd>" in html
    assert "<dt>Agreement with the other reviewers</dt><dd>60%</dd>" in html
    assert "<dt>Reviewing mark</dt><dd>80%: 3.44 of 4.3 points</dd>" in html
    assert "<dd>not yet measured</dd>" in learner_page("cleo")
    assert "stray" not in learner_page("ben")  # being listed as an outlier is the instructor's


def test_a_module_whose_score_the_instructor_set_shows_no_combination_but_its_reviews() -> None:
    module = replace(capstone(ada().modules[0].peer),
                     override=Override(40.0, "an appeal", "2026-12-05T10:00:00+00:00", 34.715))
    html = render_learner_html(LearnerResult("ada", (module,)), course_title="ML")
    assert rows_of(html, "combine") == [] and "40 / 43 points" in html
    assert "<strong>Reviewer 1</strong>" in html


def test_a_module_without_peer_review_has_no_peer_section() -> None:
    html = render_learner_html(LearnerResult("ada", (capstone(None),)), course_title="ML")
    assert 'class="peer"' not in html and "Peer review" not in html


# --- the class page -------------------------------------------------------------------------

def test_the_class_page_shows_the_spread_of_peer_marks_and_the_reviews_completed() -> None:
    html = class_page()
    (stats,) = rows_of(html, "peer-stats")
    # ada 9, ben 4, cleo 10 (the instructor's); dev handed nothing in; 8 of 9 reviews written
    assert stats[1] == ["3", "12", "7.67", "9", "4", "10", "8 of 9 assigned (88.9%)"]
    assert 'data-module="capstone peer mark" data-total="3"' in html
    assert '<li><a href="#peer">Peer review</a></li>' in html


def test_the_class_page_names_work_short_of_reviews_straying_reviewers_and_overrides() -> None:
    short, outliers, overrides, changes = rows_of(class_page(), "peer-named")
    assert short[1:] == [["ben", "1 of the 2 reviews needed"]]
    assert outliers[1:] == [["ben", "agreement 20%, 2 of 3 reviews completed"]]
    assert overrides[1:] == [
        ["cleo", f"peer mark set to 10 of 12 (the reviews gave 5): {OVERRIDE_REASON}"]]
    assert changes[1:] == [  # the instructor's page: it names who wrote each review
        ["ada", f"Reviewer 2 (cleo) levels changed: {CHANGE_REASON}"],
        ["ada", f"Reviewer 3 (dev-the-reviewer) discarded: {DISCARD_REASON}"],
    ]


def test_short_reviews_and_straying_reviews_put_a_learner_on_the_attention_list() -> None:
    html = class_page()
    listed = html[html.index('id="attention-list"'):html.index('id="learners"')]
    assert ('<tr><th scope="row">ben</th><td>capstone: 1 of the 2 reviews needed; capstone: '
            "reviews stray from the others&#39; (agreement 20%)</td></tr>") in listed
    assert ">ada<" not in listed and ">cleo<" not in listed


def test_the_class_pages_peer_review_is_folded_from_records_sent_between_processes() -> None:
    result = peer_class()
    tally = ClassTally(result.modules, result.quizzes)
    for learner in result.learners:
        record = LearnerRecord.of(learner, modules=result.modules, quizzes=(), href="")
        tally.add(pickle.loads(pickle.dumps(record)))
    assert tally.summary().peer == summarize(result, {}).peer
    (module,) = tally.summary().peer
    assert (module.marked, module.median, module.completed, module.assigned) == (3, 9.0, 8, 9)


def test_a_class_without_peer_review_has_no_peer_section() -> None:
    result = peer_class()
    plain = replace(result, learners=tuple(
        replace(lr, modules=tuple(replace(m, peer=None) for m in lr.modules))
        for lr in result.learners), peer_reviewed=())
    html = render_class_html(plain, course_title="ML")
    assert 'id="peer"' not in html and 'class="peer-named"' not in html


def test_work_with_no_review_yet_is_left_out_of_the_spread_and_listed_as_short() -> None:
    unreviewed = replace(ada().modules[0].peer, reviews=(), reviewing=None,
                         criteria=tuple(replace(c, points=None, reviews=0)
                                        for c in ada().modules[0].peer.criteria))
    result = replace(peer_class(), learners=(ada(), LearnerResult("eve", (capstone(unreviewed),))))
    (module,) = summarize(result, {}).peer
    assert (module.marked, module.low, module.high) == (1, 9.0, 9.0)
    assert [(n.learner, n.words) for n in module.short] == [("eve", "0 of the 2 reviews needed")]
    html = render_learner_html(result.learners[1], course_title="ML")
    assert "No review of your work has come in yet." in html
    (mark,) = rows_of(html, "peer-mark")
    assert mark[1] == ["Clarity", "—", "4", "0"]


def test_a_reviewers_comment_of_any_length_is_cut_on_the_authors_page() -> None:
    peer = ada().modules[0].peer
    flood = replace(peer, reviews=(replace(peer.reviews[0], comment="x" * 500_000),))
    html = render_learner_html(LearnerResult("ada", (capstone(flood),)), course_title="ML")
    assert len(html) < 100_000 and "more characters not shown" in html
