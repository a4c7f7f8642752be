"""Inputs that lie: a learner's file that is the instructor's, a learner id that drives the
instructor's terminal, a file time set back to dodge a deadline. Each is caught as a class of
its kind, and the honest classmates are graded exactly as before."""

from __future__ import annotations

import csv
import io
import json
import os
import pty
import re
import select
import shutil
import subprocess
import sys
import xml.etree.ElementTree as ET
from datetime import datetime
from pathlib import Path

import nbformat
import pytest

from grader.grading import grade_class

from .conftest import COURSE, ROOT, reference, stub
from .gradebook_classes import course_copy, write_class

INPUTS = Path(__file__).resolve().parent / "hostile" / "inputs"
HOSTILE_IDS: dict[str, str] = json.loads((INPUTS / "learner_ids.json").read_text())
NOT_OWN_WORK = "is not your own work"

# -- 1. a learner's file that is an instructor-only file -------------------------------------


def notebook(*cells: str) -> str:
    return nbformat.writes(nbformat.v4.new_notebook(
        cells=[nbformat.v4.new_code_cell(cell) for cell in cells]))


def halves(source: str) -> tuple[str, str]:
    """The file cut in two at a blank line near its middle, as two cells would hold it."""
    lines = source.splitlines()
    cut = next(i for i in range(len(lines) // 2, len(lines)) if not lines[i].strip())
    return "\n".join(lines[:cut]), "\n".join(lines[cut:])


def _solutions(course) -> Path:
    return course.root / "solutions"


# learner -> how they hand in regression.py (or .ipynb), given the course copy
def _hard_link(target: str):
    return lambda course, folder: os.link(_solutions(course) / target, folder / "regression.py")


def _symlink(target):
    return lambda course, folder: (folder / "regression.py").symlink_to(target(course))


def _written(name: str, text):
    return lambda course, folder: (folder / name).write_text(text(course), newline="")


def _original(course, path: str) -> str:
    return (_solutions(course) / path).read_text()


REFUSED = {
    "hard_link_to_the_reference": _hard_link("regression.py"),
    "hard_link_to_the_hidden_checks": _hard_link("checks/test_regression_hidden.py"),
    "hard_link_to_a_classic_mistake": _hard_link("mistakes/regression/mse_of_absolute_errors.py"),
    "hard_link_to_the_quiz_key": _hard_link("quizzes/regression.toml"),
    "hard_link_named_as_a_notebook": lambda course, folder: os.link(
        _solutions(course) / "quizzes" / "regression.toml", folder / "regression.ipynb"),
    "hard_link_beside_a_notebook_of_their_own": lambda course, folder: (
        _hard_link("regression.py")(course, folder),
        (folder / "regression.ipynb").write_text(notebook(reference("regression")))),
    "symlink_to_the_reference": _symlink(lambda c: _solutions(c) / "regression.py"),
    "symlink_through_a_relative_path": _symlink(
        lambda c: Path("..", "..", "course", "solutions", "regression.py")),
    "symlink_to_a_classmates_file": _symlink(lambda c: Path("..", "honest_ada", "regression.py")),
    "symlink_out_of_the_class": _symlink(lambda c: Path("/etc/hostname")),
    "byte_for_byte_copy_of_the_reference": _written(
        "regression.py", lambda c: _original(c, "regression.py")),
    "byte_for_byte_copy_of_a_classic_mistake": _written(
        "regression.py", lambda c: _original(c, "mistakes/regression/mse_returns_an_array.py")),
    "copy_with_windows_line_endings": _written(
        "regression.py", lambda c: _original(c, "regression.py").replace("\n", "\r\n")),
    "copy_with_spaces_and_blank_lines_changed": _written(
        "regression.py", lambda c: "\n\n" + "\n".join(
            line + "   " for line in _original(c, "regression.py").splitlines()) + "\n\n\n"),
    "copy_with_a_demo_added_below": _written(
        "regression.py", lambda c: _original(c, "regression.py")
        + "\nprint(mean_squared_error([1.0], [2.0]))\n"),
    "reference_pasted_into_one_notebook_cell": _written(
        "regression.ipynb", lambda c: notebook(_original(c, "regression.py"))),
    "reference_pasted_over_two_cells_with_a_demo": _written(
        "regression.ipynb", lambda c: notebook(
            *halves(_original(c, "regression.py")), "mean_squared_error([1.0], [2.0])")),
    "hidden_checks_pasted_into_a_notebook": _written(
        "regression.ipynb", lambda c: notebook(
            "import numpy as np", _original(c, "checks/test_regression_hidden.py"))),
}
HONEST = {
    "honest_ada": {"regression.py": reference("regression")},
    "honest_stub_handed_back": {"regression.py": stub("regression")},
    "honest_with_the_stub_notebook": {"regression.py": reference("regression"),
                                      "regression.ipynb": (COURSE / "exercises" /
                                                           "regression.ipynb").read_text()},
}


@pytest.fixture(scope="module")
def instructor_class(tmp_path_factory):
    """One class: each way of handing in an instructor-only file, and honest classmates."""
    root = tmp_path_factory.mktemp("instructor")
    course = course_copy(root)
    # An instructor may keep the handout beside the solutions: a stub stays the learner's.
    shutil.copy(course.root / "exercises" / "regression.py",
                course.root / "solutions" / "regression_handout.py")
    submissions = write_class(root / "class", HONEST)
    for learner, hand_in in REFUSED.items():
        (submissions / learner).mkdir()
        hand_in(course, submissions / learner)
    graded = grade_class(submissions, out=root / "out", course=course, jobs=2)
    return graded, {lr.learner: lr.module("regression") for lr in graded.result.learners}


@pytest.mark.parametrize("learner", sorted(REFUSED))
def test_an_instructor_only_file_handed_in_is_refused_as_not_the_learners_own_work(
        instructor_class, learner):
    _, modules = instructor_class
    module = modules[learner]
    assert module.status.value == "error", module.message
    assert NOT_OWN_WORK in module.message and "Hand in a file you wrote yourself" in module.message
    assert module.score == 0 and not module.checks


@pytest.mark.parametrize("learner", sorted(HONEST))
def test_honest_classmates_and_handed_back_stubs_are_graded_as_before(instructor_class, learner):
    _, modules = instructor_class
    module = modules[learner]
    assert module.status.value == "graded" and NOT_OWN_WORK not in module.message
    if learner != "honest_stub_handed_back":
        assert module.score == module.max_score


def test_the_run_names_every_refused_file_to_the_instructor(instructor_class):
    graded, _ = instructor_class
    summary = graded.describe()
    assert f"not their own work, refused: {len(REFUSED)} files" in summary
    named = summary.split("not their own work, refused:")[1]
    for learner in sorted(REFUSED)[:10]:
        assert learner in named
    assert f"and {len(REFUSED) - 10} more" in named


def test_the_class_summary_lists_each_refused_learner_as_needing_attention(instructor_class):
    graded, _ = instructor_class
    summary = (graded.out / "index.html").read_text()
    for learner in REFUSED:
        row = summary.split(f"learners/{learner}.html")[1].split("</tr>")[0]
        assert "regression: not their own work" in row, learner


def test_a_refused_report_never_shows_the_instructors_code(instructor_class):
    graded, _ = instructor_class
    for learner in REFUSED:
        page = (graded.out / "learners" / f"{learner}.html").read_text()
        assert "Reference solution of the regression module" not in page
        assert "Hidden checks for the regression module" not in page
        assert NOT_OWN_WORK in page


def test_the_refusal_reaches_results_json_and_grades_csv(instructor_class):
    graded, _ = instructor_class
    lines = (graded.out / "results.json").read_text().splitlines()[2:-1]
    learners = {data["learner"]: data for data in map(json.loads, (line.rstrip(",")
                                                                    for line in lines))}
    for learner in REFUSED:
        module = learners[learner]["modules"][0]
        assert module["status"] == "error" and NOT_OWN_WORK in module["message"]
    rows = {r["learner"]: r for r in csv.DictReader(
        (graded.out / "grades.csv").read_text().splitlines())}
    assert all(float(rows[learner]["regression"]) == 0 for learner in REFUSED)


# -- 2. learner-controlled text on the instructor's terminal ----------------------------------

# What must never reach a terminal raw: the controls of every hostile id and file.
RAW = ("\x1b", "\x07", "\x08", "\x9b", "\u202e", "\u202c", "\r")


def run_on_a_terminal(args: list[str], env: dict[str, str], cwd: Path) -> str:
    """Run `python -m grader ARGS` with a pseudo-terminal as its standard output and error,
    as an instructor runs it, and return everything the terminal received."""
    controller, terminal = pty.openpty()
    process = subprocess.Popen([sys.executable, "-m", "grader", *args], cwd=cwd, env=env,
                               stdin=subprocess.DEVNULL, stdout=terminal, stderr=terminal)
    os.close(terminal)
    received = bytearray()
    while True:
        ready, _, _ = select.select([controller], [], [], 120)
        if not ready:
            process.kill()
            raise AssertionError(f"no output for 120 s: {received[-400:]!r}")
        try:
            chunk = os.read(controller, 65536)
        except OSError:  # the terminal is closed: the grader has exited
            break
        if not chunk:
            break
        received += chunk
    assert process.wait(timeout=60) == 0, received.decode(errors="replace")
    os.close(controller)
    return received.decode("utf-8", errors="replace")


def learners_part(text: str) -> str:
    """The terminal's output without the controls that are the grader's or the terminal's
    own: the progress bar is redrawn after a carriage return (and may hide the cursor with
    ESC [?25l), and the terminal ends each line with a carriage return and a newline."""
    text = re.sub(r"\x1b\[\?25[lh]", "", text).replace("\r\n", "\n")
    return re.sub(r"\r(?=Grading  \[)", "", text)


@pytest.fixture(scope="module")
def hostile_ids_class(tmp_path_factory):
    """Learners whose ids carry terminal controls, each handing in a hard link to the
    reference (so that the run names them), graded on a pseudo-terminal."""
    root = tmp_path_factory.mktemp("ids")
    course = course_copy(root)
    submissions = write_class(root / "class", {"plain_ada": {"regression.py":
                                                             reference("regression")}})
    for learner in HOSTILE_IDS.values():
        (submissions / learner).mkdir()
        os.link(course.root / "solutions" / "regression.py",
                submissions / learner / "regression.py")
    env = {**os.environ, "PYTHONPATH": str(ROOT), "GRADER_COURSE": str(course.root),
           "COLUMNS": "200"}
    shown = run_on_a_terminal(["grade", str(submissions), "--out", str(root / "out"),
                               "--jobs", "2"], env, root)
    return root, env, shown


def test_hostile_learner_ids_reach_the_terminal_only_escaped(hostile_ids_class):
    _, _, shown = hostile_ids_class
    learners = learners_part(shown)
    for raw in RAW:
        assert raw not in learners, f"{raw!r} reached the terminal in {learners!r}"
    assert "\\x1b[2J\\x1b[Hada" in shown  # the id, visibly escaped, in the summary lines
    assert "\\u202edetarg lla" in shown and "\\x9b2J" in shown.replace("\\u009b", "\\x9b")


LINE_BREAKING_IDS = sorted(name for name, learner in HOSTILE_IDS.items()
                          if "\n" in learner or "\r" in learner)


@pytest.mark.parametrize("name", LINE_BREAKING_IDS)
def test_no_hostile_id_starts_a_line_of_its_own_in_the_summary(hostile_ids_class, name):
    _, _, shown = hostile_ids_class
    learner = HOSTILE_IDS[name]
    tail = learner.split("\n")[-1].split("\r")[-1]
    summary = shown.split("not their own work, refused:")[1]
    assert not any(line.startswith(tail) for line in summary.splitlines()[1:])


def test_override_and_export_messages_show_a_hostile_id_escaped(hostile_ids_class,
                                                                run_grader):
    root, env, _ = hostile_ids_class
    learner = HOSTILE_IDS["sets the window title"]
    db = root / "out" / "gradebook.sqlite"
    done = subprocess.run([sys.executable, "-m", "grader", "override", learner, "regression",
                           "3", "--reason", "checked\x1b[2J by hand", "--db", str(db)],
                          env=env, cwd=root, capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr
    assert "ben\\x1b]0;grading done" in done.stdout
    assert not any(raw in done.stdout + done.stderr for raw in RAW)
    missing = subprocess.run([sys.executable, "-m", "grader", "export", "--format", "csv",
                              "--learner", "nobody\x1b[2J\x07", "--db", str(db)],
                             env=env, cwd=root, capture_output=True, text=True, timeout=120)
    assert missing.returncode == 2 and not any(raw in missing.stderr for raw in RAW)


def test_an_export_on_a_terminal_shows_hostile_ids_escaped_and_in_a_pipe_keeps_them_whole(
        hostile_ids_class):
    root, env, _ = hostile_ids_class
    args = ["export", "--format", "csv", "--db", str(root / "out" / "gradebook.sqlite")]
    shown = run_on_a_terminal(args, env, root).replace("\r\n", "\n")
    assert not any(raw in shown for raw in RAW) and "\\x1b]0;grading done" in shown
    piped = subprocess.run([sys.executable, "-m", "grader", *args], env=env, cwd=root,
                           capture_output=True, timeout=120)  # bytes: no newline translated
    text = io.StringIO(piped.stdout.decode("utf-8"), newline="")
    ids = {row["learner"] for row in csv.DictReader(text)}
    assert set(HOSTILE_IDS.values()) <= ids


def test_grader_check_shows_the_learners_errors_notes_and_values_escaped(run_grader):
    done = run_grader("check", INPUTS / "regression_with_controls.py", "--module", "regression")
    assert done.returncode == 1, done.stderr
    printed = done.stdout + done.stderr
    for raw in RAW:
        assert raw not in printed, f"{raw!r} reached the terminal in {printed!r}"
    assert "\\x1b]0;all checks pass\\x07" in printed  # the note, visibly
    assert "\\rPASS     1/1  MSE of four predictions\\x1b[K" in printed  # the reason
    assert not any(line.startswith("PASS") for line in printed.splitlines())


def test_quiz_show_prints_a_hostile_learner_id_escaped(run_grader):
    learner = HOSTILE_IDS["sets the window title"]  # click drops only CSI sequences itself
    done = run_grader("quiz", "show", "regression", "--learner", learner)
    assert done.returncode == 0, done.stderr
    assert not any(raw in done.stdout for raw in RAW)


# -- 3. lateness taken from file times, which the learner sets --------------------------------

LATE_COURSE = ('[deadlines.regression]\ndue = 2026-10-05T23:59:00+02:00\n'
               'penalty = "percent_per_day"\npercent_per_day = 10\nmax_percent = 50\n')
BEFORE_THE_DEADLINE = datetime.fromisoformat("2026-10-04T12:00:00+02:00").timestamp()
AFTER_THE_DEADLINE = datetime.fromisoformat("2026-10-15T12:00:00+02:00").timestamp()
UNVERIFIED = "unverified"


@pytest.fixture(scope="module")
def dated_class(tmp_path_factory):
    """A class graded without a manifest: a file back-dated to before the deadline, a late
    file, and one on time; and the same class graded again with a manifest."""
    root = tmp_path_factory.mktemp("dated")
    course = course_copy(root, LATE_COURSE)
    submissions = write_class(root / "class", {
        name: {"regression.py": reference("regression")} for name in ("ada", "ben", "cy")})
    os.utime(submissions / "ada" / "regression.py", (BEFORE_THE_DEADLINE,) * 2)
    os.utime(submissions / "ben" / "regression.py", (AFTER_THE_DEADLINE,) * 2)
    by_file_times = grade_class(submissions, out=root / "mtime", course=course, jobs=2)
    manifest = root / "manifest.csv"
    manifest.write_text("learner,file,submitted_at\n"
                        "ada,regression.py,2026-11-09T10:00:00+01:00\n"
                        "ben,regression.py,2026-10-16T10:00:00+02:00\n"
                        "cy,regression.py,2026-10-05T10:00:00+02:00\n")
    by_manifest = grade_class(submissions, out=root / "manifest", course=course, jobs=2,
                              manifest=manifest)
    return by_file_times, by_manifest


def results_json(out: Path) -> dict[str, dict]:
    lines = (out / "results.json").read_text().splitlines()[2:-1]
    return {data["learner"]: data["modules"][0]
            for data in (json.loads(line.rstrip(",")) for line in lines)}


def grades(out: Path) -> dict[str, str]:
    return {r["learner"]: r["notes"]
            for r in csv.DictReader((out / "grades.csv").read_text().splitlines())}


def export(out: Path, format_: str, target: Path) -> Path:
    from grader.exports import export_gradebook

    export_gradebook(db=out / "gradebook.sqlite", format=format_, out=target)  # type: ignore[arg-type]
    return target


@pytest.mark.parametrize("learner", ["ada", "ben", "cy"])
def test_lateness_from_file_times_is_marked_unverified_in_results_json(dated_class, learner):
    by_file_times, _ = dated_class
    lateness = results_json(by_file_times.out)[learner]["lateness"]
    assert lateness["submitted_from"] == "mtime" and lateness["verified"] is False


def test_a_back_dated_file_is_on_time_but_its_grades_csv_note_says_unverified(dated_class):
    by_file_times, _ = dated_class
    notes = grades(by_file_times.out)
    assert f"regression: on time by the file's modification time, {UNVERIFIED}" in notes["ada"]
    assert "10 days late by the file's modification time, unverified, -50%" in notes["ben"]


def test_the_learner_report_and_class_summary_mark_file_times_unverified(dated_class):
    by_file_times, _ = dated_class
    for learner in ("ada", "ben"):
        page = (by_file_times.out / "learners" / f"{learner}.html").read_text()
        assert "by the file&#39;s modification time: unverified" in page
    summary = (by_file_times.out / "index.html").read_text()
    assert "Lateness unverified:" in summary and "3 modules" in summary
    assert "regression 10 days late (time unverified)" in summary


def test_every_export_marks_file_times_unverified(dated_class, tmp_path):
    out = dated_class[0].out
    rows = {r["learner"]: r for r in csv.DictReader(
        export(out, "csv", tmp_path / "grades.csv").read_text().splitlines())}
    assert UNVERIFIED in rows["ada"]["notes"] and UNVERIFIED in rows["ben"]["notes"]
    ada = json.loads(
        (export(out, "gradescope", tmp_path / "gs") / "ada" / "results.json").read_text())
    assert UNVERIFIED in ada["output"]
    assert ada["extra_data"]["modules"]["regression"]["lateness"]["verified"] is False
    suites = ET.parse(export(out, "junit", tmp_path / "junit.xml")).getroot()
    properties = {(s.get("name"), p.get("name")): p.get("value")
                  for s in suites.iter("testsuite") for p in s.iter("property")}
    assert properties[("ada.regression", "verified")] == "false"
    assert UNVERIFIED in properties[("ada.regression", "notes")]
    data = json.loads(export(out, "json", tmp_path / "all.json").read_text())
    assert all(lr["modules"][0]["lateness"]["verified"] is False for lr in data["learners"])


def test_the_run_says_once_that_file_times_are_unverified_and_how_to_do_better(dated_class):
    by_file_times, by_manifest = dated_class
    summary = by_file_times.describe()
    assert summary.count("lateness unverified") == 1 and "--manifest" in summary
    assert "3 modules" in summary
    assert "unverified" not in by_manifest.describe()


def test_with_a_manifest_lateness_is_verified_and_shown_as_before(dated_class):
    _, by_manifest = dated_class
    modules = results_json(by_manifest.out)
    assert all("verified" not in m["lateness"] for m in modules.values())
    assert modules["ada"]["lateness"]["days_late"] == 35  # the back-dating no longer helps
    notes = grades(by_manifest.out)
    assert UNVERIFIED not in "".join(notes.values())
    assert "Lateness unverified" not in (by_manifest.out / "index.html").read_text()
