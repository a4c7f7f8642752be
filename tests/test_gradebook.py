"""The gradebook: every attempt kept, only what changed graded again, overrides that survive a
re-grade, one writer at a time, and a corrupt or foreign file refused, never replaced."""

from __future__ import annotations

import csv
import hashlib
import json
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest
from click.testing import CliRunner

from grader.cli import main
from grader.gradebook import SCHEMA_VERSION, Gradebook, GradebookBusy, GradebookError
from grader.grading import fingerprints, grade_class
from grader.grading.overrides import OverrideError, clear_override, set_override

from .conftest import COURSE, ROOT, reference
from .gradebook_classes import course_copy, mistake, write_class


def invoke(*args: str | Path):
    return CliRunner().invoke(main, [str(a) for a in args], catch_exceptions=False)


@pytest.fixture
def two_learners(tmp_path):
    """ada hands in two correct modules; ben a regression with a classic mistake."""
    submissions = write_class(tmp_path / "class", {
        "ada": {"regression.py": reference("regression"),
                "clustering.py": reference("clustering")},
        "ben": {"regression.py": mistake("regression")},
    })
    return submissions, tmp_path / "out"


def attempts(db: Path) -> list[tuple]:
    with sqlite3.connect(db) as connection:
        return connection.execute("SELECT learner, module, file, file_sha256, inputs_sha256, "
                                  "checks_fingerprint, status, score FROM attempts "
                                  "ORDER BY id").fetchall()


def module_of(result, learner: str, module: str):
    return next(lr for lr in result.learners if lr.learner == learner).module(module)


# -- attempts and the skip-unchanged cache -----------------------------------------------------


def test_every_attempt_keeps_the_file_hash_the_checks_fingerprint_and_each_check(two_learners):
    submissions, out = two_learners
    grade_class(submissions, out=out, jobs=2)
    db = out / "gradebook.sqlite"
    rows = attempts(db)
    assert len(rows) == 2 * 4  # every module of every learner, missing ones included
    ada_regression = next(r for r in rows if r[:2] == ("ada", "regression"))
    expected = hashlib.sha256((submissions / "ada" / "regression.py").read_bytes()).hexdigest()
    assert ada_regression[2] == "regression.py" and ada_regression[3] == expected
    assert len(ada_regression[5]) == 64 and ada_regression[6] == "graded"
    with sqlite3.connect(db) as connection:
        stored = json.loads(connection.execute(
            "SELECT result FROM attempts WHERE learner = 'ben' AND module = 'regression'"
        ).fetchone()[0])
        assert connection.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
        assert connection.execute("SELECT version FROM schema_version").fetchone()[0] == \
            SCHEMA_VERSION
    assert stored["checks"] and all("status" in c and "feedback" in c for c in stored["checks"])
    assert any(c["status"] == "failed" for c in stored["checks"])


def test_a_second_run_on_an_unchanged_class_grades_nothing_and_gives_the_same_results(
        two_learners):
    submissions, out = two_learners
    first = grade_class(submissions, out=out, jobs=2)
    second = grade_class(submissions, out=out, jobs=2)
    assert (first.graded, first.reused) == (8, 0) and (second.graded, second.reused) == (0, 8)
    assert len(attempts(out / "gradebook.sqlite")) == 8
    assert second.result.to_dict() == first.result.to_dict()


def test_an_edited_file_is_graded_again_and_its_earlier_attempt_is_kept(two_learners):
    submissions, out = two_learners
    grade_class(submissions, out=out, jobs=2)
    (submissions / "ben" / "regression.py").write_text(reference("regression"))
    again = grade_class(submissions, out=out, jobs=2)
    assert again.graded == 1
    ben = module_of(again.result, "ben", "regression")
    assert ben.score == ben.max_score and ben.attempt.number == 2
    (earlier,) = ben.history
    assert earlier.number == 1 and earlier.score < ben.max_score and earlier.passed < earlier.checks
    data = json.loads((out / "results.json").read_text())
    assert data["learners"][1]["modules"][0]["history"][0]["number"] == 1


def test_a_new_file_for_a_missing_module_is_graded(two_learners):
    submissions, out = two_learners
    grade_class(submissions, out=out, jobs=2)
    (submissions / "ben" / "optimization.py").write_text(reference("optimization"))
    again = grade_class(submissions, out=out, jobs=2)
    assert again.graded == 1
    assert module_of(again.result, "ben", "optimization").score > 0


def test_a_fixed_check_grades_its_module_again_for_every_learner_and_nothing_else(
        tmp_path, two_learners):
    submissions, out = two_learners
    course = course_copy(tmp_path)
    grade_class(submissions, out=out, course=course, jobs=2)
    hidden = course.module("regression").hidden_checks
    hidden.write_text(hidden.read_text() + "\n# a fixed check\n")
    again = grade_class(submissions, out=out, course=course, jobs=2)
    assert again.graded == 2 and again.reused == 6
    regraded = attempts(out / "gradebook.sqlite")[8:]
    assert sorted(r[:2] for r in regraded) == [("ada", "regression"), ("ben", "regression")]


def test_results_kept_under_earlier_grading_rules_are_graded_again_under_the_new_ones(
        two_learners, monkeypatch):
    submissions, out = two_learners
    monkeypatch.setattr(fingerprints, "RULES", fingerprints.RULES - 1)
    grade_class(submissions, out=out, jobs=2)
    monkeypatch.undo()
    again = grade_class(submissions, out=out, jobs=2)
    assert again.graded == 8 and again.reused == 0


def test_regrade_grades_every_file_again(two_learners):
    submissions, out = two_learners
    grade_class(submissions, out=out, jobs=2)
    again = grade_class(submissions, out=out, jobs=2, regrade=True)
    assert again.graded == 8 and len(attempts(out / "gradebook.sqlite")) == 16


def test_reports_are_rendered_again_only_for_learners_whose_results_changed(two_learners):
    submissions, out = two_learners
    grade_class(submissions, out=out, jobs=2)
    pages = {p.name: p.stat().st_mtime_ns for p in (out / "learners").glob("*.html")}
    time.sleep(0.01)
    (submissions / "ben" / "regression.py").write_text(reference("regression"))
    grade_class(submissions, out=out, jobs=2)
    after = {p.name: p.stat().st_mtime_ns for p in (out / "learners").glob("*.html")}
    assert after["ada.html"] == pages["ada.html"] and after["ben.html"] != pages["ben.html"]


def test_a_learner_whose_folder_is_gone_keeps_their_grades(two_learners):
    submissions, out = two_learners
    grade_class(submissions, out=out, jobs=2)
    for path in (submissions / "ben").iterdir():
        path.unlink()
    (submissions / "ben").rmdir()
    again = grade_class(submissions, out=out, jobs=2)
    assert [lr.learner for lr in again.result.learners] == ["ada", "ben"]


# -- overrides -------------------------------------------------------------------------------


def test_an_override_survives_a_regrade_and_shows_in_results_grades_and_the_cli(two_learners):
    submissions, out = two_learners
    grade_class(submissions, out=out, jobs=2)
    db = out / "gradebook.sqlite"
    done = invoke("override", "ben", "regression", "12", "--reason", "partial credit",
                  "--db", db)
    assert done.exit_code == 0, done.output
    assert "12 of 16" in done.output and str(out.resolve()) in done.output
    (submissions / "ben" / "regression.py").write_text(mistake("regression", 1))
    again = grade_class(submissions, out=out, jobs=2, regrade=True)
    ben = module_of(again.result, "ben", "regression")
    assert ben.score == 12 and ben.override.reason == "partial credit"
    assert ben.override.graded_score == ben.checks_score != 12
    data = json.loads((out / "results.json").read_text())["learners"][1]["modules"][0]
    assert data["score"] == 12 and data["override"]["reason"] == "partial credit"
    rows = {r["learner"]: r for r in csv.DictReader((out / "grades.csv").read_text().splitlines())}
    assert rows["ben"]["regression"] == "12" and "partial credit" in rows["ben"]["notes"]


def test_an_override_updates_the_reports_of_the_last_run_at_once(two_learners):
    submissions, out = two_learners
    grade_class(submissions, out=out, jobs=2)
    set_override(db=out / "gradebook.sqlite", learner="ben", module="regression", score=10,
                 reason="reviewed")
    data = json.loads((out / "results.json").read_text())
    assert data["learners"][1]["modules"][0]["score"] == 10


def test_an_override_of_one_check_changes_that_check_and_the_module_total(two_learners):
    submissions, out = two_learners
    first = grade_class(submissions, out=out, jobs=2)
    before = module_of(first.result, "ben", "regression")
    failed = next(c for c in before.checks if not c.passed)
    set_override(db=out / "gradebook.sqlite", learner="ben", module="regression",
                 check=failed.id, score=failed.max_score, reason="equivalent answer")
    after = module_of(grade_class(submissions, out=out, jobs=2).result, "ben", "regression")
    check = next(c for c in after.checks if c.id == failed.id)
    assert check.score == failed.max_score and check.override.graded_score == 0
    assert after.score == before.score + failed.max_score


def test_clearing_an_override_gives_back_the_graded_score(two_learners):
    submissions, out = two_learners
    first = grade_class(submissions, out=out, jobs=2)
    db = out / "gradebook.sqlite"
    set_override(db=db, learner="ben", module="regression", score=16, reason="r")
    assert invoke("override", "ben", "regression", "--clear", "--db", db).exit_code == 0
    graded = module_of(first.result, "ben", "regression").score
    assert module_of(grade_class(submissions, out=out, jobs=2).result, "ben",
                     "regression").score == graded
    with pytest.raises(OverrideError, match="no override to clear"):
        clear_override(db=db, learner="ben", module="regression")


@pytest.mark.parametrize(("args", "says"), [
    (("zed", "regression", "1", "--reason", "r"), "no learner 'zed'"),
    (("ben", "regresion", "1", "--reason", "r"), "no module 'regresion'"),
    (("ben", "regression", "17", "--reason", "r"), "not between 0 and 16"),
    (("ben", "regression", "1"), "reason"),
    (("ben", "regression", "1", "--reason", "r", "--check", "test_nope"), "no check 'test_nope'"),
    (("ben", "regression"), "give a SCORE"),
])
def test_an_override_that_cannot_be_set_is_refused_in_one_line(two_learners, args, says):
    submissions, out = two_learners
    grade_class(submissions, out=out, jobs=2)
    done = invoke("override", *args, "--db", out / "gradebook.sqlite")
    assert done.exit_code == 2 and says in done.output and "Traceback" not in done.output


# -- one writer at a time, and files that are not gradebooks ---------------------------------


def test_a_second_grade_run_on_a_busy_gradebook_stops_at_once_naming_the_first(two_learners):
    submissions, out = two_learners
    holder = subprocess.Popen(
        [sys.executable, "-c", "import sys, time; from pathlib import Path; "
         "from grader.gradebook import Gradebook; "
         "book = Gradebook.open(Path(sys.argv[1]), create=True, writer='grade'); "
         "print('holding', flush=True); time.sleep(60)", str(out / "gradebook.sqlite")],
        cwd=ROOT, stdout=subprocess.PIPE, text=True)
    try:
        assert holder.stdout.readline().strip() == "holding"
        with pytest.raises(GradebookBusy, match=f"another grader grade .*pid {holder.pid}"):
            grade_class(submissions, out=out, jobs=2)
        done = invoke("grade", submissions, "--out", out)
        assert done.exit_code == 2 and f"(pid {holder.pid})" in done.output
    finally:
        holder.kill()
        holder.communicate()
    assert grade_class(submissions, out=out, jobs=2).graded == 8  # the lock died with it


HANGS = "\n\ndef {name}(*args, **kwargs):\n    while True:\n        pass\n"


def test_two_real_grade_runs_at_once_one_grades_and_the_other_stops(run_grader, two_learners):
    submissions, out = two_learners
    slow = {f"{m}.py": reference(m) + HANGS.format(name=f) for m, f in (
        ("regression", "r2_score"), ("clustering", "assign_clusters"),
        ("optimization", "gradient_step"))}
    write_class(submissions, {"zoe": slow})  # each hang costs its 2 s time limit once
    first = subprocess.Popen([sys.executable, "-m", "grader", "grade", str(submissions),
                              "--out", str(out), "--jobs", "1"], cwd=COURSE,
                             stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    lock = out / "gradebook.sqlite.lock"
    deadline = time.monotonic() + 60
    while not (lock.exists() and lock.read_text().strip()):
        assert time.monotonic() < deadline and first.poll() is None
        time.sleep(0.01)
    second = run_grader("grade", submissions, "--out", out)
    _, errors = first.communicate(timeout=120)
    assert first.returncode == 0, errors
    assert second.returncode == 2
    assert "another grader grade is using the gradebook" in second.stderr
    assert f"(pid {first.pid})" in second.stderr
    with Gradebook.open(out / "gradebook.sqlite") as book:
        assert book.count_attempts() == 12


def test_a_file_that_is_not_sqlite_is_refused_and_left_as_it_is(two_learners):
    submissions, out = two_learners
    db = out / "grades.sqlite"
    db.parent.mkdir(parents=True)
    db.write_text("learner,score\nada,86\n")
    with pytest.raises(GradebookError, match="not an SQLite database"):
        grade_class(submissions, out=out, jobs=2, db=db)
    assert db.read_text() == "learner,score\nada,86\n"


def test_an_sqlite_database_of_another_program_is_refused_and_left_as_it_is(two_learners):
    submissions, out = two_learners
    db = out / "other.sqlite"
    db.parent.mkdir(parents=True)
    with sqlite3.connect(db) as connection:
        connection.execute("CREATE TABLE customers (name TEXT)")
    before = db.read_bytes()
    done = invoke("grade", submissions, "--out", out, "--db", db)
    assert done.exit_code == 2 and "not a grader gradebook" in done.output
    assert "customers" in done.output and db.read_bytes() == before


def test_a_corrupt_gradebook_gets_a_clear_message_and_is_never_replaced(two_learners):
    submissions, out = two_learners
    grade_class(submissions, out=out, jobs=2)
    db = out / "gradebook.sqlite"
    with sqlite3.connect(db) as connection:
        connection.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    data = bytearray(db.read_bytes())
    page = 4096
    data[page:page * 4] = bytes(range(256)) * (page * 3 // 256)  # garbage over pages 2 to 4
    db.write_bytes(bytes(data))
    with pytest.raises(GradebookError, match="corrupt"):
        grade_class(submissions, out=out, jobs=2)
    done = invoke("export", "--format", "csv", "--db", db)
    assert done.exit_code == 2 and "corrupt" in done.output
    assert db.read_bytes() == bytes(data)


def test_a_gradebook_from_a_newer_grader_is_refused(two_learners):
    submissions, out = two_learners
    grade_class(submissions, out=out, jobs=2)
    with sqlite3.connect(out / "gradebook.sqlite") as connection:
        connection.execute("UPDATE schema_version SET version = 99")
    with pytest.raises(GradebookError, match="newer grader"):
        grade_class(submissions, out=out, jobs=2)


def test_export_from_a_missing_gradebook_says_how_to_make_one(tmp_path):
    done = invoke("export", "--format", "json", "--db", tmp_path / "none.sqlite")
    assert done.exit_code == 2 and "grader grade" in done.output
    assert not (tmp_path / "none.sqlite").exists()


def test_the_gradebook_can_live_outside_the_output_folder_but_not_in_the_submissions(
        two_learners, tmp_path):
    submissions, out = two_learners
    graded = grade_class(submissions, out=out, jobs=2, db=tmp_path / "term" / "book.sqlite")
    assert graded.gradebook.is_file() and not (out / "gradebook.sqlite").exists()
    done = invoke("grade", submissions, "--out", out, "--db", submissions / "book.sqlite")
    assert done.exit_code == 2 and "--db" in done.output


def test_a_report_deleted_by_hand_is_written_again_by_the_next_run(two_learners):
    submissions, out = two_learners
    grade_class(submissions, out=out, jobs=2)
    (out / "learners" / "ada.html").unlink()
    (out / "grades.csv").unlink()
    grade_class(submissions, out=out, jobs=2)
    assert (out / "learners" / "ada.html").is_file() and (out / "grades.csv").is_file()


def test_an_older_gradebook_is_migrated_in_place_keeping_every_attempt(two_learners,
                                                                      monkeypatch):
    from grader.gradebook import _schema

    submissions, out = two_learners
    grade_class(submissions, out=out, jobs=2)
    db = out / "gradebook.sqlite"
    before = attempts(db)
    later = (*_schema.MIGRATIONS, ("ALTER TABLE attempts ADD COLUMN reviewer TEXT",))
    monkeypatch.setattr(_schema, "MIGRATIONS", later)
    monkeypatch.setattr(_schema, "SCHEMA_VERSION", len(later))
    with Gradebook.open(db):
        pass
    with sqlite3.connect(db) as connection:
        assert connection.execute("SELECT version FROM schema_version").fetchone()[0] == len(later)
        columns = [r[1] for r in connection.execute("PRAGMA table_info(attempts)")]
    assert "reviewer" in columns and attempts(db) == before
