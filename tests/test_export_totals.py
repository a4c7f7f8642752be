"""Grades out, consistent: every export adds up to the score it reports, quizzes included; an
overridden check has the status its score says; a quiz's score can be overridden like a
module's, kept across re-grades, shown wherever the score is, and cleared."""

from __future__ import annotations

import csv
import json
import sqlite3
from pathlib import Path

import pytest
from click.testing import CliRunner
from junitparser import Error, Failure, JUnitXml

from grader.cli import main
from grader.exports import export_gradebook
from grader.gradebook import SCHEMA_VERSION, Gradebook
from grader.grading import grade_class
from grader.grading.overrides import set_override
from grader.quiz import answer_key

from .conftest import COURSE, reference
from .gradebook_classes import course_copy, mistake, write_class
from .test_exports import check_gradescope

MODULES = ("regression", "classification", "clustering", "optimization")
QUIZZES = tuple(f"{m} quiz" for m in MODULES)


def invoke(*args: str | Path):
    return CliRunner().invoke(main, [str(a) for a in args], catch_exceptions=False)


def key(module: str, learner: str) -> str:
    return answer_key(module, learner=learner, course_root=COURSE)


def results_of(db: Path) -> dict[str, dict]:
    data = json.loads((db.parent / "results.json").read_text())
    return {lr["learner"]: lr for lr in data["learners"]}


def failed_checks(db: Path, learner: str, module: str) -> list[str]:
    found = results_of(db)[learner]
    (result,) = [m for m in found["modules"] if m["module"] == module]
    return [c["id"] for c in result["checks"] if c["status"] != "passed"]


@pytest.fixture(scope="module")
def graded(tmp_path_factory) -> Path:
    """A class that handed quizzes in (a full key, a blank sheet, none), with a late penalty,
    a module override, a check overridden to full marks, one to part marks, and a quiz
    override; returns the gradebook."""
    folder = tmp_path_factory.mktemp("totals")
    course = course_copy(folder, '[deadlines.regression]\ndue = 2026-10-05T23:59:00Z\n'
                                 'penalty = "percent_per_day"\npercent_per_day = 25\n')
    submissions = write_class(folder / "class", {
        "ada": {"regression.py": reference("regression"),
                "classification.py": mistake("classification"),
                "regression.quiz.toml": key("regression", "ada"),
                "clustering.quiz.toml": key("clustering", "ada")},
        "ben": {"regression.py": mistake("regression"),
                "clustering.py": reference("clustering"),
                "regression.quiz.toml": ""},
        "cy": {"optimization.py": reference("optimization")},
    })
    manifest = folder / "manifest.csv"
    manifest.write_text("learner,file,submitted_at\nada,regression.py,2026-10-06T10:00:00Z\n")
    grade_class(submissions, out=folder / "out", course=course, jobs=2, manifest=manifest)
    db = folder / "out" / "gradebook.sqlite"
    full, part, *_ = failed_checks(db, "ben", "regression")
    set_override(db=db, learner="ben", module="regression", check=full, score=_max(db, full),
                 reason="equivalent formula")
    set_override(db=db, learner="ben", module="regression", check=part, score=0.5,
                 reason="half right")
    set_override(db=db, learner="ben", module="clustering", score=20, reason="late-breaking fix")
    set_override(db=db, learner="ben", module="regression quiz", score=10, reason="by email")
    set_override(db=db, learner="ada", module="classification", score=3, reason="regrade")
    return db


def _max(db: Path, check: str) -> float:
    (module,) = [m for m in results_of(db)["ben"]["modules"] if m["module"] == "regression"]
    return next(c["max_score"] for c in module["checks"] if c["id"] == check)


# Every export adds up


def test_gradescope_tests_add_up_to_the_score_and_its_max_quizzes_included(graded, tmp_path):
    export_gradebook(db=graded, format="gradescope", out=tmp_path)
    expected = results_of(graded)
    for learner, result in expected.items():
        data = json.loads((tmp_path / learner / "results.json").read_text())
        check_gradescope(data)
        assert data["score"] == result["score"]
        assert sum(t["score"] for t in data["tests"]) == pytest.approx(result["score"])
        assert sum(t["max_score"] for t in data["tests"]) == pytest.approx(result["max_score"])
    ada = json.loads((tmp_path / "ada" / "results.json").read_text())
    questions = [t for t in ada["tests"] if t["name"].startswith("regression quiz:")]
    assert len(questions) == 10 and {t["status"] for t in questions} == {"passed"}
    assert "regression quiz: 13 of 13" in ada["output"]


def test_junit_suites_score_properties_add_up_to_each_learners_score(graded):
    xml = JUnitXml.fromstring(export_gradebook(db=graded, format="junit").text.encode())
    totals: dict[str, list[float]] = {}
    for suite in xml:
        values = {p.name: p.value for p in suite.properties()}
        total = totals.setdefault(values["learner"], [0.0, 0.0])
        total[0] += float(values["score"])
        total[1] += float(values["max_score"])
    for learner, result in results_of(graded).items():
        assert totals[learner] == pytest.approx([result["score"], result["max_score"]])
    suites = {suite.name: suite for suite in xml}
    assert [case.name for case in suites["ada.regression quiz"]] == \
        [q["id"] for q in results_of(graded)["ada"]["quizzes"][0]["questions"]]
    assert all(not case.result for case in suites["ada.regression quiz"])
    blank = suites["ben.regression quiz"]
    assert all({type(r) for r in case.result} == {Failure} for case in blank)
    missing = list(suites["cy.regression quiz"])
    assert len(missing) == 1 and {type(r) for r in missing[0].result} == {Failure}


def test_csv_total_is_the_sum_of_its_module_and_quiz_columns(graded):
    rows = list(csv.DictReader(export_gradebook(db=graded, format="csv").text.splitlines()))
    results = results_of(graded)
    for row in rows:
        columns = sum(float(row[name]) for name in (*MODULES, *QUIZZES))
        assert float(row["total"]) == pytest.approx(columns)
        assert float(row["total"]) == results[row["learner"]]["score"]
        assert float(row["max_score"]) == results[row["learner"]]["max_score"]


def test_json_learner_score_is_the_sum_of_its_modules_and_quizzes(graded):
    data = json.loads(export_gradebook(db=graded, format="json").text)
    for learner in data["learners"]:
        parts = [*learner["modules"], *learner["quizzes"]]
        assert learner["score"] == pytest.approx(sum(p["score"] for p in parts))
        assert learner["max_score"] == pytest.approx(sum(p["max_score"] for p in parts))


# An overridden check has the status its score says


def test_a_check_overridden_to_full_marks_is_passed_in_every_export(graded, tmp_path):
    full = _overridden_check(graded, "equivalent formula")
    assert full["status"] == "passed" and full["override"]["graded_status"] != "passed"
    export_gradebook(db=graded, format="gradescope", out=tmp_path, learner="ben")
    ben = json.loads((tmp_path / "ben" / "results.json").read_text())
    (test,) = [t for t in ben["tests"] if t["name"] == f"regression: {full['title']}"]
    assert test["status"] == "passed" and test["score"] == test["max_score"]
    case = _junit_case(graded, "ben.regression", full["id"])
    assert not case.result and "equivalent formula" in (case.system_out or "")


def test_a_check_overridden_to_part_marks_is_failed_in_every_export(graded, tmp_path):
    part = _overridden_check(graded, "half right")
    assert part["status"] == "failed" and part["score"] == 0.5
    export_gradebook(db=graded, format="gradescope", out=tmp_path, learner="ben")
    ben = json.loads((tmp_path / "ben" / "results.json").read_text())
    (test,) = [t for t in ben["tests"] if t["name"] == f"regression: {part['title']}"]
    assert test["status"] == "failed" and test["score"] == 0.5
    case = _junit_case(graded, "ben.regression", part["id"])
    (failure,) = case.result
    assert isinstance(failure, Failure) and not isinstance(failure, Error)
    assert "half right" in failure.message


def test_an_overridden_checks_graded_status_reads_back_from_results_json(graded):
    from grader.results import CheckStatus, ClassResult

    data = json.loads((graded.parent / "results.json").read_text())
    ben = next(lr for lr in ClassResult.from_dict(data).learners if lr.learner == "ben")
    check = next(c for c in ben.module("regression").checks
                 if c.override and c.override.reason == "equivalent formula")
    assert check.status is not CheckStatus.PASSED  # what the check gave
    assert check.shown_status is CheckStatus.PASSED  # what the instructor's score says


def _overridden_check(db: Path, reason: str) -> dict:
    (module,) = [m for m in results_of(db)["ben"]["modules"] if m["module"] == "regression"]
    (check,) = [c for c in module["checks"] if c.get("override", {}).get("reason") == reason]
    return check


def _junit_case(db: Path, suite: str, name: str):
    xml = JUnitXml.fromstring(export_gradebook(db=db, format="junit").text.encode())
    return next(case for s in xml if s.name == suite for case in s if case.name == name)


# Quiz overrides


def test_a_quiz_override_is_shown_in_results_grades_reports_and_every_export(graded, tmp_path):
    out = graded.parent
    (quiz,) = [q for q in results_of(graded)["ben"]["quizzes"] if q["quiz"] == "regression"]
    assert quiz["score"] == 10 and quiz["questions_score"] == 0
    assert quiz["override"]["reason"] == "by email" and quiz["override"]["graded_score"] == 0
    grades = grades_csv(out)
    assert grades["ben"]["regression quiz"] == "10"
    assert "regression quiz: override 10 of 13 (graded 0): by email" in grades["ben"]["notes"]
    report = (out / "learners" / "ben.html").read_text()
    assert "Score set by your instructor" in report and "by email" in report
    export_gradebook(db=graded, format="gradescope", out=tmp_path, learner="ben")
    ben = json.loads((tmp_path / "ben" / "results.json").read_text())
    (carrier,) = [t for t in ben["tests"]
                  if t["name"] == "regression quiz: score set by the instructor"]
    assert carrier["score"] == 10 and "by email" in carrier["output"]
    assert ben["extra_data"]["quizzes"]["regression"]["override"]["score"] == 10
    suites = {s.name: s for s in JUnitXml.fromstring(
        export_gradebook(db=graded, format="junit").text.encode())}
    values = {p.name: p.value for p in suites["ben.regression quiz"].properties()}
    assert values["score"] == "10" and values["override_reason"] == "by email"


def test_a_quiz_override_is_kept_across_a_regrade_and_cleared_with_clear(tmp_path):
    submissions = write_class(tmp_path / "class", {
        "ben": {"regression.py": reference("regression"), "regression.quiz.toml": ""}})
    out = tmp_path / "out"
    grade_class(submissions, out=out, jobs=2)
    db = out / "gradebook.sqlite"
    done = invoke("override", "ben", "regression quiz", "10", "--reason", "by email",
                  "--db", db)
    assert done.exit_code == 0, done.output
    assert "ben regression quiz: 10 of 13 (the grading gave 0)" in done.output
    (submissions / "ben" / "regression.quiz.toml").write_text(key("regression", "ben"))
    grade_class(submissions, out=out, jobs=2)  # the sheet changed: graded again, 13 of 13
    assert _quiz_score(out) == 10
    done = invoke("override", "ben", "regression quiz", "--clear", "--db", db)
    assert done.exit_code == 0 and "override cleared; the score is 13 again" in done.output
    quiz = results_of(db)["ben"]["quizzes"][0]
    assert quiz["quiz"] == "regression" and "override" not in quiz
    assert quiz["score"] == 13 and _quiz_score(out) == 13


def _quiz_score(out: Path) -> float:
    return float(grades_csv(out)["ben"]["regression quiz"])


def grades_csv(out: Path) -> dict[str, dict[str, str]]:
    rows = csv.DictReader((out / "grades.csv").read_text().splitlines())
    return {row["learner"]: row for row in rows}


def test_a_quiz_override_out_of_range_or_with_a_check_is_refused(graded):
    done = invoke("override", "ben", "regression quiz", "14", "--reason", "x", "--db", graded)
    assert done.exit_code == 2 and "between 0 and 13" in done.output
    done = invoke("override", "ben", "regression quiz", "1", "--reason", "x", "--check", "q1",
                  "--db", graded)
    assert done.exit_code == 2 and "overridden whole" in done.output


def test_no_such_module_names_the_quizzes_that_can_be_overridden(graded):
    done = invoke("override", "ben", "regresion quiz", "1", "--reason", "x", "--db", graded)
    assert done.exit_code == 2 and "regression quiz" in done.output


def test_a_gradebook_of_the_schema_before_quiz_overrides_opens_keeping_its_overrides(
        tmp_path):
    submissions = write_class(tmp_path / "class", {"ben": {"regression.py": reference(
        "regression")}})
    grade_class(submissions, out=tmp_path / "out", jobs=2)
    db = tmp_path / "out" / "gradebook.sqlite"
    set_override(db=db, learner="ben", module="regression", score=1, reason="old")
    with sqlite3.connect(db) as connection:  # as a grader before quiz overrides left it
        connection.execute("DROP TABLE quiz_overrides")
        version_4 = ("feedback_policies", "releases", "removed_learners", "learner_record")
        version_4 += ("roster",)
        version_5 = ("peer_settings", "peer_assignments", "peer_submissions", "peer_pairs",
                     "peer_reviews", "latest_review", "peer_refusals", "peer_overrides",
                     "peer_calibrations")
        for table in version_4 + version_5:
            connection.execute(f"DROP TABLE {table}")
        connection.execute("UPDATE schema_version SET version = 2")
    with Gradebook.open(db) as book:
        assert book.class_result("").learners[0].module("regression").score == 1
    with sqlite3.connect(db) as connection:
        assert connection.execute("SELECT version FROM schema_version").fetchone()[0] == \
            SCHEMA_VERSION
        assert connection.execute("SELECT count(*) FROM quiz_overrides").fetchone()[0] == 0
    connection.close()
