"""`grader export`: every format from the gradebook alone, checked against its published
field list or a real parser, with overrides and late penalties carried into each."""

from __future__ import annotations

import csv
import json
import os
from pathlib import Path

import pytest
from click.testing import CliRunner
from junitparser import Error, Failure, JUnitXml

from grader.cli import main
from grader.exports import export_gradebook
from grader.grading import grade_class
from grader.grading.overrides import set_override

from .conftest import reference
from .gradebook_classes import course_copy, mistake, write_class

RAISES_WITH_CONTROL_CHARACTERS = (
    "\n\ndef r2_score(y_true, y_pred):\n    raise ValueError('bad \\x00\\x1b[31m\\x07 value')\n")


def invoke(*args: str | Path):
    return CliRunner().invoke(main, [str(a) for a in args], catch_exceptions=False)


@pytest.fixture(scope="module")
def graded(tmp_path_factory) -> Path:
    """A graded class with an override, a late penalty, a missing module, a learner whose
    errors print control characters and a learner id a spreadsheet would run as a formula;
    returns the gradebook."""
    folder = tmp_path_factory.mktemp("exports")
    course = course_copy(folder, '[deadlines.regression]\ndue = 2026-10-05T23:59:00Z\n'
                                 'penalty = "percent_per_day"\npercent_per_day = 25\n')
    submissions = write_class(folder / "class", {
        "ada": {f"{m}.py": reference(m) for m in ("regression", "classification",
                                                  "clustering", "optimization")},
        "ben": {"regression.py": mistake("regression"),
                "clustering.py": reference("clustering")},
        "cy": {"regression.py": reference("regression") + RAISES_WITH_CONTROL_CHARACTERS},
        "=cmd": {"regression.py": reference("regression")},
    })
    manifest = folder / "manifest.csv"
    manifest.write_text("learner,file,submitted_at\nada,regression.py,2026-10-06T10:00:00Z\n")
    grade_class(submissions, out=folder / "out", course=course, jobs=2, manifest=manifest)
    db = folder / "out" / "gradebook.sqlite"
    set_override(db=db, learner="ben", module="clustering", score=20, reason="late-breaking fix")
    return db


def test_csv_has_the_id_column_a_score_per_module_total_and_percent(graded, tmp_path):
    out = tmp_path / "upload.csv"
    done = invoke("export", "--format", "csv", "--db", graded, "--out", out,
                  "--id-column", "Student ID")
    assert done.exit_code == 0, done.output
    rows = list(csv.DictReader(out.read_text().splitlines()))
    assert list(rows[0]) == ["Student ID", "regression", "classification", "clustering",
                             "optimization", "regression quiz", "classification quiz",
                             "clustering quiz", "optimization quiz", "total", "max_score",
                             "percent", "notes"]
    by_id = {r["Student ID"]: r for r in rows}
    assert by_id["ada"]["percent"] != "100" and float(by_id["ada"]["regression"]) == 12
    assert "1 day late, -25%" in by_id["ada"]["notes"]
    assert by_id["ben"]["clustering"] == "20" and "late-breaking fix" in by_id["ben"]["notes"]
    total = sum(float(by_id["ben"][m]) for m in ("regression", "classification", "clustering",
                                                  "optimization"))
    assert float(by_id["ben"]["total"]) == total
    assert float(by_id["ben"]["max_score"]) == 86 + 52  # the modules' points, the quizzes'

    assert float(by_id["ben"]["percent"]) == round(100 * total / float(by_id["ben"]["max_score"]),
                                                   2)
    assert "'=cmd" in by_id  # never a formula


def test_csv_without_notes_for_platforms_that_take_every_column_as_an_assignment(graded):
    done = invoke("export", "--format", "csv", "--db", graded, "--no-notes")
    assert done.output.splitlines()[0].endswith(",total,max_score,percent")


# Gradescope's documented results.json fields (Autograder Specifications, "Output format").
GRADESCOPE_TOP = {"score", "execution_time", "output", "output_format", "test_output_format",
                  "test_name_format", "visibility", "stdout_visibility", "extra_data", "tests",
                  "leaderboard"}
GRADESCOPE_TEST = {"score", "max_score", "status", "name", "name_format", "number", "output",
                   "output_format", "tags", "visibility", "extra_data"}
GRADESCOPE_VISIBILITY = {"hidden", "after_due_date", "after_published", "visible"}
GRADESCOPE_STATUS = {"passed", "failed"}


def check_gradescope(data: dict) -> None:
    """Every field is one Gradescope documents, with the documented type and values."""
    assert set(data) <= GRADESCOPE_TOP, set(data) - GRADESCOPE_TOP
    assert isinstance(data["score"], int | float)
    assert isinstance(data.get("output", ""), str)
    assert isinstance(data.get("extra_data", {}), dict)
    assert isinstance(data["tests"], list) and data["tests"]
    for test in data["tests"]:
        assert set(test) <= GRADESCOPE_TEST, set(test) - GRADESCOPE_TEST
        assert isinstance(test["name"], str) and isinstance(test["number"], str)
        assert isinstance(test["score"], int | float) and isinstance(test["max_score"], int | float)
        assert 0 <= test["score"] <= test["max_score"]
        assert test["status"] in GRADESCOPE_STATUS
        assert test["visibility"] in GRADESCOPE_VISIBILITY
        assert isinstance(test["output"], str)


def test_gradescope_writes_a_valid_results_json_per_learner(graded, tmp_path):
    done = invoke("export", "--format", "gradescope", "--db", graded, "--out", tmp_path / "gs")
    assert done.exit_code == 0, done.output
    files = sorted(p.parent.name for p in (tmp_path / "gs").glob("*/results.json"))
    assert files == ["=cmd", "ada", "ben", "cy"]
    for learner in files:
        check_gradescope(json.loads((tmp_path / "gs" / learner / "results.json").read_text()))


def test_gradescopes_score_is_the_one_that_counts_and_the_output_says_why(graded, tmp_path):
    export_gradebook(db=graded, format="gradescope", out=tmp_path, learner="ben")
    ben = json.loads((tmp_path / "ben" / "results.json").read_text())
    results = json.loads((graded.parent / "results.json").read_text())
    expected = next(lr for lr in results["learners"] if lr["learner"] == "ben")
    assert ben["score"] == expected["score"]
    assert "override 20 of 22" in ben["output"] and "late-breaking fix" in ben["output"]
    missing = [t for t in ben["tests"] if t["name"].startswith("classification:")]
    assert len(missing) == 1 and missing[0]["status"] == "failed" and missing[0]["score"] == 0
    # The fixture course releases feedback immediately, so hidden checks are shown at once
    # (tests/test_feedback_release.py holds the visibility before a release).
    hidden = {f"{m['module']}: {c['title']}" for m in expected["modules"] for c in m["checks"]
              if c["visibility"] == "hidden"}
    shown = [t["visibility"] for t in ben["tests"] if t["name"] in hidden]
    assert shown and set(shown) == {"visible"}


def test_junit_parses_with_a_junit_parser_one_test_case_per_check(graded, tmp_path):
    out = tmp_path / "junit.xml"
    assert invoke("export", "--format", "junit", "--db", graded, "--out", out).exit_code == 0
    xml = JUnitXml.fromfile(str(out))
    results = json.loads((graded.parent / "results.json").read_text())
    suites = {suite.name: suite for suite in xml}
    for learner in results["learners"]:
        for module in learner["modules"]:
            suite = suites[f"{learner['learner']}.{module['module']}"]
            cases = list(suite)
            assert len(cases) == max(1, len(module["checks"]))
            for case, check in zip(cases, module["checks"], strict=False):
                assert case.name == check["id"]
                kinds = {type(r) for r in case.result}
                expected = {"passed": set(), "failed": {Failure}}.get(check["status"], {Error})
                assert kinds == expected, (case.name, check["status"])
    assert xml.tests == sum(max(1, len(m["checks"])) for lr in results["learners"]
                            for m in lr["modules"]) + \
        sum(max(1, len(q["questions"])) for lr in results["learners"] for q in lr["quizzes"])


def test_junit_carries_the_score_penalty_and_override_as_properties(graded):
    xml = JUnitXml.fromstring(export_gradebook(db=graded, format="junit").text.encode())
    suites = {suite.name: suite for suite in xml}
    ada = {p.name: p.value for p in suites["ada.regression"].properties()}
    assert ada["penalty"] == "4" and ada["score"] == "12" and ada["days_late"] == "1"
    ben = {p.name: p.value for p in suites["ben.clustering"].properties()}
    assert ben["override"] == "20" and ben["override_reason"] == "late-breaking fix"


def test_junit_holds_a_learners_control_characters_as_valid_xml(graded):
    xml = JUnitXml.fromstring(export_gradebook(db=graded, format="junit").text.encode())
    cy = {case.name: case for case in {s.name: s for s in xml}["cy.regression"]}
    (error,) = [r for case in cy.values() for r in case.result if isinstance(r, Error)][:1]
    assert "bad" in (error.text or "")


def test_json_is_results_json(graded):
    assert export_gradebook(db=graded, format="json").text == \
        (graded.parent / "results.json").read_text()


def test_export_needs_the_gradebook_alone(run_grader, graded, tmp_path, monkeypatch):
    """No submissions and no course: nothing is graded, the gradebook is enough."""
    monkeypatch.setenv("GRADER_COURSE", str(tmp_path / "no-course"))
    done = run_grader("export", "--format", "csv", "--db", graded, cwd=tmp_path)
    assert done.returncode == 0, done.stderr
    assert done.stdout.splitlines()[0].startswith("learner,regression")
    assert len(done.stdout.splitlines()) == 5


def test_export_of_a_learner_the_gradebook_lacks_is_bad_input(graded):
    done = invoke("export", "--format", "json", "--db", graded, "--learner", "zed")
    assert done.exit_code == 2 and "no learner 'zed'" in done.output


def test_export_writes_its_file_atomically(graded, tmp_path):
    out = tmp_path / "grades.csv"
    export_gradebook(db=graded, format="csv", out=out)
    assert out.is_file() and not [p for p in os.listdir(tmp_path) if p.endswith(".tmp")]


def test_results_json_reads_back_into_the_data_model_unchanged(graded):
    from grader.results import ClassResult

    data = json.loads((graded.parent / "results.json").read_text())
    assert ClassResult.from_dict(data).to_dict() == data
