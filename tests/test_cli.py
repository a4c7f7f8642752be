"""The command line, end to end: in-process with click's CliRunner and as a real process."""

from __future__ import annotations

import csv
import json
from pathlib import Path

from click.testing import CliRunner

from grader.cli import main

from .conftest import COURSE, reference, stub

STUB = COURSE / "exercises" / "regression.py"
REFERENCE = COURSE / "solutions" / "regression.py"


def invoke(*args: str | Path):
    return CliRunner().invoke(main, [str(a) for a in args], catch_exceptions=False)


def test_check_on_the_stub_scores_zero_and_says_not_implemented():
    result = invoke("check", STUB)
    assert result.exit_code == 1
    assert "not implemented" in result.output
    assert "0/" in result.output


def test_check_on_the_reference_solution_earns_full_points_and_exits_zero():
    result = invoke("check", REFERENCE)
    assert result.exit_code == 0, result.output
    assert "FAIL" not in result.output


def test_check_json_reports_every_public_check(course):
    result = invoke("check", REFERENCE, "--json")
    data = json.loads(result.output)
    assert data["module"] == "regression" and data["status"] == "graded"
    assert data["score"] == data["max_score"] > 0
    assert all(c["visibility"] == "public" and c["status"] == "passed" for c in data["checks"])


def test_check_module_option_checks_a_file_with_another_name(tmp_path):
    renamed = tmp_path / "my_attempt.py"
    renamed.write_text(reference("regression"))
    assert invoke("check", renamed, "--module", "regression").exit_code == 0


def test_check_writes_an_html_report_when_asked(tmp_path):
    report = tmp_path / "feedback.html"
    invoke("check", STUB, "--html", report)
    assert "not implemented" in report.read_text()


def test_check_on_a_missing_file_is_bad_input_in_one_line(tmp_path):
    result = invoke("check", tmp_path / "regression.py")
    assert result.exit_code == 2
    assert "no such file" in result.output and "Traceback" not in result.output


def test_check_on_a_file_of_no_module_names_the_modules_and_the_option(tmp_path):
    other = tmp_path / "homework.py"
    other.write_text("x = 1\n")
    result = invoke("check", other)
    assert result.exit_code == 2
    assert "unknown module 'homework'" in result.output and "--module" in result.output


def test_check_on_a_file_that_is_not_text_is_bad_input(tmp_path):
    binary = tmp_path / "regression.py"
    binary.write_bytes(b"\xff\xfe\x00\x01")
    result = invoke("check", binary)
    assert result.exit_code == 2 and "UTF-8" in result.output


def test_check_on_a_file_with_a_syntax_error_fails_every_check_with_the_line(tmp_path):
    broken = tmp_path / "regression.py"
    broken.write_text("def mean_squared_error(y_true, y_pred)\n    return 0\n")
    result = invoke("check", broken, "--json")
    assert result.exit_code == 1
    data = json.loads(result.output)
    assert data["status"] == "error" and "line 1" in data["message"]
    assert data["score"] == 0


def test_grade_writes_results_grades_and_reports(make_class, tmp_path):
    submissions = make_class({
        "ada": {"regression.py": reference("regression")},
        "bo": {"regression.py": stub("regression")},
    })
    out = tmp_path / "out"
    result = invoke("grade", submissions, "--out", out, "--jobs", "2")
    assert result.exit_code == 0, result.output
    assert "index.html" in result.output
    data = json.loads((out / "results.json").read_text())
    assert [learner["learner"] for learner in data["learners"]] == ["ada", "bo"]
    rows = list(csv.DictReader((out / "grades.csv").read_text().splitlines()))
    assert rows[0]["learner"] == "ada" and float(rows[0]["regression"]) > 0
    assert float(rows[1]["total"]) == 0
    assert (out / "index.html").is_file()
    assert (out / "learners" / "ada.html").is_file() and (out / "learners" / "bo.html").is_file()


def test_grade_on_a_folder_that_does_not_exist_is_bad_input(tmp_path):
    result = invoke("grade", tmp_path / "nowhere", "--out", tmp_path / "out")
    assert result.exit_code == 2 and "no such folder" in result.output


def test_grade_refuses_to_write_into_the_submissions_folder(make_class):
    submissions = make_class({"ada": {"regression.py": reference("regression")}})
    result = invoke("grade", submissions, "--out", submissions / "reports")
    assert result.exit_code == 2 and "never written" in result.output
    assert not (submissions / "reports").exists()


def test_the_check_command_runs_as_a_real_process(run_grader):
    done = run_grader("check", STUB)
    assert done.returncode == 1 and "not implemented" in done.stdout
    done = run_grader("check", REFERENCE)
    assert done.returncode == 0, done.stdout + done.stderr


def test_the_grade_command_runs_as_a_real_process(run_grader, make_class, tmp_path):
    submissions = make_class({"ada": {"regression.py": reference("regression")}})
    done = run_grader("grade", submissions, "--out", tmp_path / "out")
    assert done.returncode == 0, done.stderr
    assert json.loads((tmp_path / "out" / "results.json").read_text())["learners"][0]["score"] > 0


def test_bad_input_never_shows_a_traceback_from_a_real_process(run_grader, tmp_path: Path):
    done = run_grader("check", tmp_path / "missing.py")
    assert done.returncode == 2
    assert done.stderr.count("\n") == 1 and "Traceback" not in done.stderr
