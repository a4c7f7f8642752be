"""Peer review in the class files and the exports: grades.csv's peer and reviewing columns and
notes, the platforms' layouts (the combined score, no more), Gradescope's tests that add up to
the score with the reviews in words, JUnit's test cases, and results.json as learners get it:
never a reviewer's id in what reaches the author."""

from __future__ import annotations

import csv
import json
from dataclasses import replace

from junitparser import Failure, JUnitXml

from grader.exports import _shown, grades_csv
from grader.exports._results import grades_csv_head, grades_csv_row, results_json
from grader.exports.csv_table import platform_csv
from grader.exports.gradescope import gradescope_files, learner_results
from grader.exports.junit import junit_xml
from grader.exports.platforms import canvas_csv, moodle_csv
from grader.load.roster import Roster, RosterEntry
from grader.results import ALL_RELEASED, Override

from .peer_results import CHANGE_REASON, DISCARD_REASON, OVERRIDE_REASON, peer_class

REVIEWER_IDS = ("cleo", "dev-the-reviewer")  # who reviewed ada, besides ben (a learner too)
ROSTER = Roster(tuple(RosterEntry(name, email=f"{name}@example.org", lms_id=str(number))
                      for number, name in enumerate(("ada", "ben", "cleo", "dev"), 1)))


def rows(text: str) -> dict[str, dict[str, str]]:
    return {row[next(iter(row))]: row for row in csv.DictReader(text.splitlines())}


def test_grades_csv_gives_each_reviewed_modules_peer_and_reviewing_points_after_the_quizzes(
) -> None:
    text = grades_csv(peer_class())
    assert text.splitlines()[0] == ("learner,capstone,capstone peer,capstone reviewing,total,"
                                    "penalty,notes")
    by = rows(text)
    assert (by["ada"]["capstone"], by["ada"]["capstone peer"],
            by["ada"]["capstone reviewing"]) == ("34.715", "9.675", "3.44")
    assert by["ada"]["total"] == "34.715"  # the module's column holds the combined score
    assert (by["dev"]["capstone peer"], by["dev"]["capstone reviewing"]) == ("0", "0")
    for learner in ("ada", "ben", "cleo"):  # the checks' 0.6 and the two marks make the score
        module = next(lr for lr in peer_class().learners if lr.learner == learner).modules[0]
        checks = 0.6 * module.checks_score
        parts = (checks + float(by[learner]["capstone peer"])
                 + float(by[learner]["capstone reviewing"]))
        assert round(parts, 6) == float(by[learner]["capstone"])


def test_grades_csv_streamed_learner_by_learner_is_the_same_file() -> None:
    result = peer_class()
    streamed = grades_csv_head(result) + "".join(grades_csv_row(result, lr)
                                                 for lr in result.learners)
    assert streamed == grades_csv(result)


def test_grades_csvs_notes_give_the_instructors_peer_mark_and_its_reason_and_reviews_needed(
) -> None:
    by = rows(grades_csv(peer_class()))
    assert by["cleo"]["notes"] == (f"capstone: peer mark set to 10 of 12 (reviews 5): "
                                   f"{OVERRIDE_REASON}")
    assert by["ben"]["notes"] == "capstone: 1 of the 2 reviews needed"
    assert by["ada"]["notes"] == ""


def test_the_platforms_layouts_carry_the_combined_score_and_no_column_of_their_own() -> None:
    result = peer_class()
    plain = rows(platform_csv(result))
    assert list(plain["ada"])[:3] == ["learner", "capstone", "total"]
    assert plain["ada"]["capstone"] == "34.715" and plain["cleo"]["capstone"] == "38.7"
    canvas = canvas_csv(result, ROSTER).text.splitlines()
    assert canvas[0] == "Student,ID,SIS User ID,SIS Login ID,Section,capstone"
    assert "ada,1,,,,34.715" in canvas
    moodle = moodle_csv(result, ROSTER).text.splitlines()
    assert moodle[0] == "Email address,capstone" and "ben@example.org,24.149" in moodle


def test_gradescopes_tests_split_the_score_into_its_checks_share_peer_mark_and_reviewing(
) -> None:
    for learner in peer_class().learners:
        results = learner_results(learner)
        assert round(sum(t["score"] for t in results["tests"]), 6) == results["score"]
        assert all(0 <= t["score"] <= t["max_score"] or t["max_score"] == 0
                   for t in results["tests"])
    tests = {t["name"]: t for t in learner_results(peer_class().learners[0])["tests"]}
    assert tests["capstone: The pipeline runs and predicts"]["score"] == 0  # counted below
    assert (tests["capstone: checks' share"]["score"],
            tests["capstone: checks' share"]["max_score"]) == (21.6, 25.8)
    assert (tests["capstone: peer mark"]["score"],
            tests["capstone: peer mark"]["max_score"]) == (9.675, 12.9)
    assert (tests["capstone: reviewing"]["score"],
            tests["capstone: reviewing"]["max_score"]) == (3.44, 4.3)


def test_gradescopes_peer_mark_gives_the_reviews_in_words_under_their_labels_only() -> None:
    ada = peer_class().learners[0]
    (text,) = gradescope_files((ada,)).values()  # even from the instructor's whole result
    for reviewer in REVIEWER_IDS:
        assert reviewer not in text
    output = next(t for t in json.loads(text)["tests"]
                  if t["name"] == "capstone: peer mark")["output"]
    assert "Clarity: 3 of 4" in output
    assert "Reviewer 1: 8 of 12\n  Clarity: clear, 4 of 4. Clear names." in output
    assert ("Reviewer 2: 10 of 12 (levels changed by the instructor from hard_to_follow (0), "
            f"none (0), missing (0): {CHANGE_REASON})") in output
    assert ("Reviewer 3: 0 of 12 (discarded by the instructor, it does not count: "
            f"{DISCARD_REASON})") in output
    assert json.loads(text)["extra_data"]["modules"]["capstone"]["peer"]["mark"] == 9


def test_gradescope_tells_a_learner_short_of_reviews_and_one_whose_mark_was_set() -> None:
    _, ben, cleo, _ = peer_class().learners
    ben_mark = next(t for t in learner_results(ben)["tests"] if t["name"] == "capstone: peer mark")
    assert "Awaiting reviews: 1 of the 2 needed." in ben_mark["output"]
    cleo_mark = next(t for t in learner_results(cleo)["tests"]
                     if t["name"] == "capstone: peer mark")
    assert f"set by the instructor to 10 (the reviews gave 5): {OVERRIDE_REASON}" in cleo_mark[
        "output"]
    assert cleo_mark["score"] == 10.75


def test_junit_gives_the_peer_mark_and_the_reviewing_a_test_case_each() -> None:
    result = peer_class()
    xml = junit_xml(result.learners)
    for reviewer in REVIEWER_IDS:
        assert f">{reviewer}" not in xml and f"({reviewer})" not in xml
    suites = {suite.name: suite for suite in JUnitXml.fromstring(xml)}
    ada = suites["ada.capstone"]
    cases = {case.name: case for case in ada}
    assert set(cases) == {"test_pipeline", "peer mark", "reviewing"}
    (failed,) = [r for r in cases["peer mark"].result if isinstance(r, Failure)]
    assert failed.message == "peer mark: 9.675 of 12.9 points"
    assert "Reviewer 3: 0 of 12 (discarded" in failed.text
    properties = {p.name: p.value for p in ada.properties()}
    assert (properties["score"], properties["peer_points"],
            properties["reviewing_points"]) == ("34.715", "9.675", "3.44")
    ben_mark = {case.name: case for case in suites["ben.capstone"]}["peer mark"]
    assert ben_mark.result[0].type == "awaiting_reviews"
    cleo = {p.name: p.value for p in suites["cleo.capstone"].properties()}
    assert cleo["peer_override_reason"] == OVERRIDE_REASON


def test_results_json_for_learners_has_no_reviewer_and_the_instructors_has_each() -> None:
    result = peer_class()
    mine = json.loads(results_json(result))
    reviews = mine["learners"][0]["modules"][0]["peer"]["reviews"]
    assert [r["reviewer"] for r in reviews] == ["ben", "cleo", "dev-the-reviewer"]
    theirs = results_json(_shown(result, ALL_RELEASED))
    assert '"reviewer"' not in theirs
    adas = json.dumps(json.loads(theirs)["learners"][0])
    for reviewer in REVIEWER_IDS:
        assert reviewer not in adas


def test_gradescope_keeps_the_peer_marks_at_no_points_under_a_module_score_set_by_hand() -> None:
    ada = peer_class().learners[0]
    module = replace(ada.modules[0], override=Override(40.0, "an appeal", "2026-12-05", 34.715))
    results = learner_results(replace(ada, modules=(module,)))
    tests = {t["name"]: t for t in results["tests"]}
    assert results["score"] == 40 and sum(t["score"] for t in results["tests"]) == 40
    assert tests["capstone: peer mark"]["score"] == 0  # counted in the instructor's score
    assert "Reviewer 1: 8 of 12" in tests["capstone: peer mark"]["output"]
    assert tests["capstone: score that counts"]["score"] == 40
