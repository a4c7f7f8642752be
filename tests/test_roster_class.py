"""The roster in a graded class: everyone on it is in every output, as missing when they handed
nothing in; a folder not on it is named and not graded; learners renamed, removed and restored
with a record; the CSV layouts of Canvas's and Moodle's gradebook imports."""

from __future__ import annotations

import csv
import io
import json
import sqlite3
from pathlib import Path

import pytest
from click.testing import CliRunner

from grader.cli import main
from grader.exports import export_gradebook
from grader.grading import grade_class
from grader.grading.overrides import set_override

from .conftest import reference
from .gradebook_classes import mistake, write_class

MODULES = ("regression", "classification", "clustering", "optimization")
PARTS = (*MODULES, *(f"{m} quiz" for m in MODULES))
ROSTER = (
    "learner,name,email,lms_id\n"
    "ada,Ada Lovelace,ada@example.org,101\n"
    "ben,Ben Okri,,=2+5\n"
    "dee,Dee Dee,dee@example.org,104\n"
)


def invoke(*args: str | Path):
    return CliRunner().invoke(main, [str(a) for a in args], catch_exceptions=False)


def results_of(out: Path) -> dict[str, dict]:
    data = json.loads((out / "results.json").read_text())
    return {lr["learner"]: lr for lr in data["learners"]}


def rows_of(text: str) -> list[list[str]]:
    return list(csv.reader(io.StringIO(text)))


@pytest.fixture(scope="module")
def rostered(tmp_path_factory) -> tuple[Path, str]:
    """A class graded once without a roster (ada, ben, old), then with one (ada, ben, dee)
    while a folder zed not on it has appeared; returns the output folder and the second
    run's summary."""
    folder = tmp_path_factory.mktemp("roster")
    submissions = write_class(folder / "class", {
        "ada": {"regression.py": reference("regression")},
        "ben": {"classification.py": mistake("classification")},
        "old": {"clustering.py": reference("clustering")},
    })
    grade_class(submissions, out=folder / "out", jobs=2)
    write_class(submissions, {"zed": {"regression.py": reference("regression")}})
    roster = folder / "roster.csv"
    roster.write_text(ROSTER)
    graded = grade_class(submissions, out=folder / "out", jobs=2, roster=roster)
    return folder / "out", graded.describe()


def test_a_roster_learner_who_handed_nothing_in_is_missing_in_results_json(rostered):
    out, _ = rostered
    dee = results_of(out)["dee"]
    assert [m["status"] for m in dee["modules"]] == ["missing"] * 4
    assert [q["status"] for q in dee["quizzes"]] == ["missing"] * 4
    assert dee["score"] == 0
    assert dee["max_score"] == results_of(out)["ada"]["max_score"] > 0


def test_a_roster_learner_who_handed_nothing_in_has_a_row_and_a_page(rostered):
    out, _ = rostered
    text = (out / "grades.csv").read_text()
    grades = {row["learner"]: row for row in csv.DictReader(io.StringIO(text))}
    assert grades["dee"]["total"] == "0" and grades["dee"]["regression"] == "0"
    page = (out / "learners" / "dee.html").read_text()
    assert "nothing handed in" in page
    assert 'href="learners/dee.html"' in (out / "index.html").read_text()


@pytest.mark.parametrize("format_", ["csv", "json", "junit", "gradescope"])
def test_every_export_holds_the_roster_learner_without_work(rostered, format_, tmp_path):
    out, _ = rostered
    target = tmp_path / "export"
    export_gradebook(db=out / "gradebook.sqlite", format=format_, out=target)
    if format_ == "gradescope":
        assert (target / "dee" / "results.json").is_file()
        assert json.loads((target / "dee" / "results.json").read_text())["score"] == 0
    else:
        assert "dee" in target.read_text()


def test_a_folder_not_on_the_roster_is_named_and_not_graded(rostered):
    out, summary = rostered
    assert "not on the roster: old, zed — not graded" in summary
    assert "zed" not in results_of(out)
    assert not (out / "learners" / "zed.html").exists()
    with sqlite3.connect(out / "gradebook.sqlite") as db:
        assert not db.execute("SELECT 1 FROM attempts WHERE learner = 'zed'").fetchall()
    db.close()


def test_a_roster_learner_with_no_folder_is_named_in_the_run(rostered):
    _, summary = rostered
    assert "on the roster, no folder in the class: dee" in summary


def test_a_learner_graded_before_the_roster_keeps_their_grades_and_is_named(rostered):
    out, summary = rostered
    assert "not on the roster, graded before it: old" in summary
    assert results_of(out)["old"]["score"] > 0


def test_export_with_a_roster_of_its_own_adds_its_learners_without_storing_it(
        rostered, tmp_path):
    out, _ = rostered
    other = tmp_path / "other.csv"
    other.write_text("learner,lms_id\nada,101\nfay,106\n")
    done = export_gradebook(db=out / "gradebook.sqlite", format="json", roster=other)
    assert "fay" in {lr["learner"] for lr in json.loads(done.text)["learners"]}
    plain = export_gradebook(db=out / "gradebook.sqlite", format="json")
    assert "fay" not in {lr["learner"] for lr in json.loads(plain.text)["learners"]}


def test_the_canvas_layout_has_the_columns_of_canvas_gradebook_import(rostered):
    out, _ = rostered
    done = export_gradebook(db=out / "gradebook.sqlite", format="csv", layout="canvas")
    head, possible, *rows = rows_of(done.text)
    assert head == ["Student", "ID", "SIS User ID", "SIS Login ID", "Section", *PARTS]
    assert possible[:5] == ["Points Possible", "", "", "", ""]
    assert all(float(p) > 0 for p in possible[5:])
    by_id = {row[1]: row for row in rows}
    assert by_id["101"][0] == "Ada Lovelace" and by_id["104"][0] == "Dee Dee"
    assert by_id["'=2+5"][0] == "Ben Okri"  # a platform id is never read as a formula
    assert float(by_id["101"][5]) == results_of(out)["ada"]["modules"][0]["score"]
    assert len(rows) == 3
    assert done.warnings and "old" in done.warnings[0] and "lms_id" in done.warnings[0]


def test_the_moodle_layout_has_one_identifier_column_and_a_column_per_grade_item(rostered):
    out, _ = rostered
    done = export_gradebook(db=out / "gradebook.sqlite", format="csv", layout="moodle")
    head, *rows = rows_of(done.text)
    assert head == ["Email address", *PARTS]
    assert [row[0] for row in rows] == ["ada@example.org", "dee@example.org"]
    assert "ben" in done.warnings[0] and "old" in done.warnings[0]


def test_a_platform_layout_without_a_roster_says_where_the_ids_come_from(tmp_path):
    submissions = write_class(tmp_path / "class", {"ada": {}})
    grade_class(submissions, out=tmp_path / "out", jobs=1)
    done = invoke("export", "--format", "csv", "--layout", "canvas",
                  "--db", tmp_path / "out" / "gradebook.sqlite")
    assert done.exit_code == 2 and "--roster" in done.output


@pytest.fixture
def one_learner(tmp_path) -> tuple[Path, Path]:
    """ben graded, with an override; returns the class folder and the output folder."""
    submissions = write_class(tmp_path / "class", {
        "ben": {"regression.py": mistake("regression")},
        "cy": {"clustering.py": reference("clustering")},
    })
    grade_class(submissions, out=tmp_path / "out", jobs=2)
    set_override(db=tmp_path / "out" / "gradebook.sqlite", learner="ben", module="regression",
                 score=3, reason="by hand")
    return submissions, tmp_path / "out"


def test_rename_moves_every_record_and_leaves_a_record(one_learner):
    submissions, out = one_learner
    db = out / "gradebook.sqlite"
    done = invoke("learner", "rename", "ben", "bea", "--reason", "typo", "--db", db)
    assert done.exit_code == 0, done.output
    found = results_of(out)
    assert "ben" not in found and found["bea"]["modules"][0]["score"] == 3
    assert not (out / "learners" / "ben.html").exists()
    assert (out / "learners" / "bea.html").is_file()
    with sqlite3.connect(db) as connection:
        for table in ("attempts", "latest", "overrides", "quiz_attempts", "latest_quiz"):
            assert not connection.execute(
                f"SELECT 1 FROM {table} WHERE learner = 'ben'").fetchall(), table
    connection.close()
    listing = invoke("learner", "list", "--db", db).output
    assert "ben renamed bea: typo" in listing
    again = grade_class(submissions, out=out, jobs=2)  # the folder is still named ben
    assert again.graded == 0 and "ben as bea" in again.describe()
    assert set(results_of(out)) == {"bea", "cy"}


def test_rename_is_refused_when_the_new_id_has_grades(one_learner):
    _, out = one_learner
    done = invoke("learner", "rename", "ben", "cy", "--reason", "x",
                  "--db", out / "gradebook.sqlite")
    assert done.exit_code == 2 and "grades of their own" in done.output
    assert {"ben", "cy"} <= set(results_of(out))


def test_remove_hides_the_learner_everywhere_and_keeps_their_rows(one_learner):
    submissions, out = one_learner
    db = out / "gradebook.sqlite"
    done = invoke("learner", "remove", "ben", "--reason", "left the course", "--db", db)
    assert done.exit_code == 0, done.output
    assert "ben" not in results_of(out)
    assert "ben" not in (out / "grades.csv").read_text()
    assert not (out / "learners" / "ben.html").exists()
    assert "ben" not in export_gradebook(db=db, format="csv").text
    with sqlite3.connect(db) as connection:
        assert connection.execute("SELECT count(*) FROM attempts WHERE learner = 'ben'"
                                  ).fetchone()[0] == 4
    connection.close()
    again = grade_class(submissions, out=out, jobs=2, regrade=True)
    assert "removed from the gradebook: ben" in again.describe()
    assert "ben" not in results_of(out)
    assert "ben removed: left the course" in invoke("learner", "list", "--db", db).output


def test_restore_brings_a_removed_learner_back_with_their_grades(one_learner):
    _, out = one_learner
    db = out / "gradebook.sqlite"
    invoke("learner", "remove", "ben", "--reason", "by mistake", "--db", db)
    done = invoke("learner", "restore", "ben", "--db", db)
    assert done.exit_code == 0, done.output
    assert results_of(out)["ben"]["modules"][0]["score"] == 3
    assert (out / "learners" / "ben.html").is_file()
    assert "ben restored" in invoke("learner", "list", "--db", db).output


def test_a_roster_learner_without_work_can_be_given_a_score_by_override(tmp_path):
    submissions = write_class(tmp_path / "class", {"ada": {"regression.py": mistake(
        "regression")}})
    roster = tmp_path / "roster.csv"
    roster.write_text("learner\nada\ndee\n")
    grade_class(submissions, out=tmp_path / "out", jobs=1, roster=roster)
    db = tmp_path / "out" / "gradebook.sqlite"
    set_override(db=db, learner="dee", module="regression", score=4, reason="on paper")
    set_override(db=db, learner="dee", module="regression quiz", score=2, reason="on paper")
    dee = results_of(tmp_path / "out")["dee"]
    assert dee["modules"][0]["score"] == 4 and dee["quizzes"][0]["score"] == 2
    assert dee["score"] == 6


def test_grade_on_the_command_line_takes_the_roster_and_names_folders_not_on_it(
        tmp_path, run_grader):
    submissions = write_class(tmp_path / "class", {"ada": {}, "zed": {}})
    roster = tmp_path / "roster.csv"
    roster.write_text("learner,email\nada,ada@example.org\ndee,dee@example.org\n")
    out = tmp_path / "out"
    done = invoke("grade", submissions, "--out", out, "--jobs", "1", "--roster", roster)
    assert done.exit_code == 0, done.output
    assert "not on the roster: zed" in done.output
    assert set(results_of(out)) == {"ada", "dee"}
    listed = run_grader("learner", "list", "--db", out / "gradebook.sqlite")
    assert listed.returncode == 0, listed.stderr
    assert "Roster (2 learners" in listed.stdout and "dee@example.org" in listed.stdout
    exported = run_grader("export", "--format", "csv", "--layout", "moodle", "--db",
                          out / "gradebook.sqlite")
    assert exported.returncode == 0, exported.stderr
    assert exported.stdout.splitlines()[0].startswith("Email address,regression,")


def test_a_layout_is_refused_for_formats_other_than_csv(rostered):
    out, _ = rostered
    done = invoke("export", "--format", "json", "--layout", "canvas",
                  "--db", out / "gradebook.sqlite")
    assert done.exit_code == 2 and "--format csv" in done.output


def test_the_export_command_warns_of_learners_the_platform_file_leaves_out(rostered):
    out, _ = rostered
    done = invoke("export", "--format", "csv", "--layout", "canvas",
                  "--db", out / "gradebook.sqlite")
    assert done.exit_code == 0
    assert "left out of the file" in done.stderr and "old" in done.stderr


def test_a_roster_replaced_keeps_the_grades_of_learners_not_on_the_new_one(tmp_path):
    submissions = write_class(tmp_path / "class", {"ada": {"regression.py": reference(
        "regression")}})
    first, second = tmp_path / "first.csv", tmp_path / "second.csv"
    first.write_text("learner,lms_id\nada,101\ndee,\n")
    second.write_text("learner\nfay\n")
    grade_class(submissions, out=tmp_path / "out", jobs=1, roster=first)
    graded = grade_class(submissions, out=tmp_path / "out", jobs=1, roster=second)
    found = results_of(tmp_path / "out")
    assert set(found) == {"ada", "fay"}  # dee had nothing but a place on the old roster
    assert found["ada"]["score"] > 0
    assert "not on the roster, graded before it: ada" in graded.describe()
    assert "Exported 1 learners" in invoke(
        "export", "--format", "csv", "--layout", "canvas", "--roster", first,
        "--db", tmp_path / "out" / "gradebook.sqlite", "--out", tmp_path / "c.csv").stderr
