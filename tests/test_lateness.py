"""Deadlines and late work: the penalty rules, extensions, the manifest and file times, and the
penalty as it reaches results.json, grades.csv and the gradebook."""

from __future__ import annotations

import csv
import json
import os
from datetime import datetime, timedelta

import pytest

from grader.course import CourseError
from grader.course.lateness import (
    Extension,
    LatenessError,
    LatePolicy,
    assess,
    extension_for,
    read_extensions,
    read_manifest,
)
from grader.grading import grade_class

from .conftest import reference
from .gradebook_classes import course_copy, write_class

DUE = datetime.fromisoformat("2026-10-05T23:59:00+02:00")
TEN_A_DAY = LatePolicy(DUE, "percent_per_day", percent_per_day=10, max_percent=50)


def after(**delta: float) -> datetime:
    return DUE + timedelta(**delta)


def test_work_handed_in_by_the_deadline_is_on_time_to_the_second():
    lateness = assess(TEN_A_DAY, DUE, "manifest")
    assert not lateness.late and lateness.penalty_percent == 0 and lateness.days_late == 0


def test_one_second_late_is_one_started_day_late():
    lateness = assess(TEN_A_DAY, after(seconds=1), "manifest")
    assert lateness.late and lateness.days_late == 1 and lateness.penalty_percent == 10


def test_percent_per_day_grows_with_each_started_day_up_to_its_cap():
    assert assess(TEN_A_DAY, after(days=2, hours=1), "manifest").penalty_percent == 30
    assert assess(TEN_A_DAY, after(days=30), "manifest").penalty_percent == 50


def test_percent_per_day_scores_zero_after_its_cutoff():
    policy = LatePolicy(DUE, "percent_per_day", percent_per_day=10, cutoff=after(days=3))
    assert assess(policy, after(days=3), "manifest").penalty_percent == 30
    assert assess(policy, after(days=3, seconds=1), "manifest").penalty_percent == 100


def test_zero_after_cutoff_takes_nothing_until_the_cutoff_and_everything_after():
    policy = LatePolicy(DUE, "zero_after_cutoff", cutoff=after(days=2))
    assert assess(policy, after(days=1), "manifest").penalty_percent == 0
    assert assess(policy, after(days=2, seconds=1), "manifest").penalty_percent == 100
    assert assess(LatePolicy(DUE, "zero_after_cutoff"), after(seconds=1),
                  "mtime").penalty_percent == 100


def test_the_none_rule_shows_lateness_and_takes_nothing_off():
    lateness = assess(LatePolicy(DUE), after(days=4), "mtime")
    assert lateness.late and lateness.days_late == 4 and lateness.penalty_percent == 0


def test_an_extension_moves_the_deadline_and_the_cutoff_with_it():
    policy = LatePolicy(DUE, "zero_after_cutoff", cutoff=after(days=1))
    extension = Extension("ada", "regression", days=3)
    lateness = assess(policy, after(days=3, hours=12), "manifest", extension)
    assert lateness.extended and lateness.penalty_percent == 0
    assert lateness.deadline == after(days=3).isoformat()


def test_an_extension_to_a_date_replaces_the_deadline():
    extension = Extension("ada", "*", deadline=after(days=10))
    assert not assess(TEN_A_DAY, after(days=9), "manifest", extension).late


def test_an_extension_for_the_module_wins_over_one_for_every_module():
    every, one = Extension("ada", "*", days=1), Extension("ada", "regression", days=5)
    assert extension_for([every, one], "ada", "regression") is one
    assert extension_for([every, one], "ada", "clustering") is every
    assert extension_for([every, one], "ben", "regression") is None


def test_a_manifest_keeps_each_files_last_submission_and_reads_paths_as_file_names(tmp_path):
    manifest = tmp_path / "manifest.csv"
    manifest.write_text("Learner,File,Submitted_At\n"
                        "ada,ada/regression.py,2026-10-05T20:00:00+02:00\n"
                        "ada,regression.py,2026-10-06T09:00:00+02:00\n"
                        "ben,regression.ipynb,2026-10-04T12:00:00Z\n")
    times = read_manifest(manifest)
    assert times.submitted("ada", "regression.py") == datetime.fromisoformat(
        "2026-10-06T09:00:00+02:00")
    assert times.submitted("ben", "regression.ipynb") is not None
    assert times.submitted("ben", "regression.py") is None


@pytest.mark.parametrize(("text", "says"), [
    ("learner,file\nada,regression.py\n", "no column submitted_at"),
    ("learner,file,submitted_at\nada,regression.py,2026-10-05 23:00\n", "no time zone"),
    ("learner,file,submitted_at\nada,regression.py,yesterday\n", "row 2"),
])
def test_a_manifest_that_cannot_be_used_is_refused_with_the_row_and_the_fix(tmp_path, text, says):
    manifest = tmp_path / "manifest.csv"
    manifest.write_text(text)
    with pytest.raises(LatenessError, match=says):
        read_manifest(manifest)


def test_an_extensions_file_needs_a_deadline_or_days_on_each_row(tmp_path):
    extensions = tmp_path / "extensions.csv"
    extensions.write_text("learner,module,days,reason\nada,regression,3,ill\nben,*,,\n")
    with pytest.raises(LatenessError, match="row 3: give either a deadline or"):
        read_extensions(extensions)


def test_the_course_sets_deadlines_per_module_with_shared_defaults(tmp_path):
    course = course_copy(tmp_path, '[deadlines]\npenalty = "percent_per_day"\n'
                                   "percent_per_day = 10\nmax_percent = 50\n"
                                   "[deadlines.regression]\ndue = 2026-10-05T23:59:00+02:00\n"
                                   '[deadlines.clustering]\ndue = "2026-10-19T23:59:00Z"\n'
                                   'penalty = "none"\n')
    regression = course.module("regression").late_policy
    assert regression == LatePolicy(DUE, "percent_per_day", 10, 50)
    assert course.module("clustering").late_policy.rule == "none"
    assert course.module("classification").late_policy is None


@pytest.mark.parametrize(("toml", "says"), [
    ("[deadlines.regression]\ndue = 2026-10-05T23:59:00\n", "no time zone"),
    ("[deadlines.regresion]\ndue = 2026-10-05T23:59:00Z\n", "no such module"),
    ("[deadlines.regression]\ndue = 2026-10-05T23:59:00Z\npenalty_per_day = 5\n",
     "unknown setting 'penalty_per_day'"),
    ("[deadlines.regression]\ndue = 2026-10-05T23:59:00Z\npenalty = \"half\"\n",
     "penalty must be one of"),
    ("[deadlines.regression]\npenalty = \"none\"\n", "no `due` time"),
])
def test_a_deadline_setting_that_cannot_be_used_stops_with_where_and_why(tmp_path, toml, says):
    with pytest.raises(CourseError, match=says):
        course_copy(tmp_path, toml)


# -- in a graded class -------------------------------------------------------------------------

LATE_COURSE = ('[deadlines.regression]\ndue = 2026-10-05T23:59:00+02:00\n'
               'penalty = "percent_per_day"\npercent_per_day = 10\nmax_percent = 50\n')


@pytest.fixture
def late_class(tmp_path):
    """Three learners, each with a correct regression.py: on time, two days late, and late
    by their file's time only."""
    course = course_copy(tmp_path, LATE_COURSE)
    submissions = write_class(tmp_path / "class", {
        name: {"regression.py": reference("regression")} for name in ("ada", "ben", "cy")})
    manifest = tmp_path / "manifest.csv"
    manifest.write_text("learner,file,submitted_at\n"
                        "ada,regression.py,2026-10-05T21:00:00+02:00\n"
                        "ben,regression.py,2026-10-07T08:00:00+02:00\n")
    late = after(days=6).timestamp()
    os.utime(submissions / "cy" / "regression.py", (late, late))
    return course, submissions, manifest, tmp_path / "out"


def regression(result, learner):
    return next(lr for lr in result.learners if lr.learner == learner).module("regression")


def test_a_late_submission_loses_its_penalty_in_results_json_and_grades_csv(late_class):
    course, submissions, manifest, out = late_class
    result = grade_class(submissions, out=out, course=course, jobs=2, manifest=manifest).result
    ada, ben = regression(result, "ada"), regression(result, "ben")
    assert ada.lateness is not None and not ada.lateness.late and ada.score == ada.max_score
    assert ben.lateness.days_late == 2 and ben.lateness.penalty_percent == 20
    assert ben.score == pytest.approx(ben.max_score * 0.8) and ben.checks_score == ben.max_score
    data = json.loads((out / "results.json").read_text())
    ben_json = data["learners"][1]["modules"][0]
    assert ben_json["lateness"]["submitted_from"] == "manifest"
    assert ben_json["penalty"] == pytest.approx(ben.max_score * 0.2)
    rows = {r["learner"]: r for r in csv.DictReader((out / "grades.csv").read_text().splitlines())}
    assert float(rows["ben"]["penalty"]) == pytest.approx(ben.max_score * 0.2)
    assert "2 days late, -20%" in rows["ben"]["notes"]


def test_a_file_the_manifest_does_not_list_has_unknown_lateness_and_no_penalty(late_class):
    course, submissions, manifest, out = late_class
    result = grade_class(submissions, out=out, course=course, jobs=2, manifest=manifest)
    cy = regression(result.result, "cy")
    assert cy.lateness.submitted_at is None and cy.lateness.submitted_from == "unknown"
    assert cy.score == cy.max_score
    assert "not in the manifest (lateness unknown): 1" in result.describe()


def test_without_a_manifest_the_files_modification_time_decides(late_class):
    course, submissions, _, out = late_class
    cy = regression(grade_class(submissions, out=out, course=course, jobs=2).result, "cy")
    assert cy.lateness.submitted_from == "mtime" and cy.lateness.days_late == 6
    assert cy.lateness.penalty_percent == 50  # the cap


def test_an_extension_lifts_the_penalty_and_the_gradebook_keeps_it_for_later_runs(late_class):
    course, submissions, manifest, out = late_class
    extensions = out.parent / "extensions.csv"
    extensions.write_text("learner,module,days,reason\nben,regression,3,family emergency\n")
    first = grade_class(submissions, out=out, course=course, jobs=2, manifest=manifest,
                        extensions=extensions)
    ben = regression(first.result, "ben")
    assert ben.lateness.extended and ben.score == ben.max_score
    again = grade_class(submissions, out=out, course=course, jobs=2)  # neither file given
    ben = regression(again.result, "ben")
    assert again.graded == 0 and ben.lateness.extended and ben.score == ben.max_score
    assert ben.lateness.submitted_from == "manifest"  # unchanged file: its time is kept


def test_a_new_deadline_in_the_course_changes_penalties_without_grading_again(late_class):
    course, submissions, manifest, out = late_class
    grade_class(submissions, out=out, course=course, jobs=2, manifest=manifest)
    later = course_copy(out.parent / "later", LATE_COURSE.replace("10-05", "10-08"))
    again = grade_class(submissions, out=out, course=later, jobs=2, manifest=manifest)
    assert again.graded == 0
    assert not regression(again.result, "ben").lateness.late


def test_an_extension_for_a_module_the_course_lacks_is_refused(late_class):
    course, submissions, _, out = late_class
    extensions = out.parent / "extensions.csv"
    extensions.write_text("learner,module,days\nben,regresion,3\n")
    with pytest.raises(LatenessError, match="no module 'regresion'"):
        grade_class(submissions, out=out, course=course, jobs=2, extensions=extensions)


def test_grade_takes_the_manifest_and_extensions_from_the_command_line(
        run_grader, late_class, monkeypatch):
    course, submissions, manifest, out = late_class
    extensions = out.parent / "extensions.csv"
    extensions.write_text("learner,module,deadline,reason\n"
                          "ben,*,2026-10-07T12:00:00+02:00,medical\n")
    monkeypatch.setenv("GRADER_COURSE", str(course.root))
    done = run_grader("grade", submissions, "--out", out, "--manifest", manifest,
                      "--extensions", extensions)
    assert done.returncode == 0, done.stderr
    assert "not in the manifest (lateness unknown): 1" in done.stdout
    modules = {lr["learner"]: lr["modules"][0]
               for lr in json.loads((out / "results.json").read_text())["learners"]}
    assert modules["ben"]["lateness"]["extended"] and modules["ben"]["penalty"] == 0
    assert modules["cy"]["lateness"]["submitted_from"] == "unknown"
