"""Never lose a result: a real `grader grade` killed with SIGKILL at random moments, again and
again, then run to the end, leaves exactly the gradebook and files of an uninterrupted run,
with nothing lost and nothing graded twice."""

from __future__ import annotations

import json
import os
import random
import signal
import sqlite3
import subprocess
import sys
import time
from collections.abc import Callable
from contextlib import closing
from pathlib import Path

import pytest

from grader import __version__
from grader.gradebook import Gradebook

from .conftest import COURSE, ROOT
from .gradebook_classes import MODULES, mixed_class, without_times

LEARNERS = 40


def start(submissions: Path, out: Path, *extra: str) -> subprocess.Popen[str]:
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    return subprocess.Popen([sys.executable, "-m", "grader", "grade", str(submissions),
                             "--out", str(out), "--jobs", "2", *extra], cwd=COURSE, env=env,
                            stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)


def run_to_the_end(submissions: Path, out: Path, *extra: str) -> float:
    began = time.monotonic()
    process = start(submissions, out, *extra)
    _, errors = process.communicate(timeout=600)
    assert process.returncode == 0, errors
    return time.monotonic() - began


def kill_when(submissions: Path, out: Path, moment: Callable[[], bool], *extra: str) -> bool:
    """Start a run and SIGKILL it at `moment`; whether it was still running then."""
    process = start(submissions, out, *extra)
    while process.poll() is None and not moment():
        time.sleep(0.01)
    killed = process.poll() is None
    process.send_signal(signal.SIGKILL)
    process.communicate()
    assert_no_process_left(out)
    assert_whole_files(out)
    return killed


def after_seconds(seconds: float) -> Callable[[], bool]:
    began = time.monotonic()
    return lambda: time.monotonic() - began >= seconds


def once_committed(out: Path, attempts: int) -> Callable[[], bool]:
    """Once the gradebook holds `attempts` attempts (read as any reader would, meanwhile)."""
    path = out / "gradebook.sqlite"

    def reached() -> bool:
        if not path.exists():
            return False
        try:
            with closing(sqlite3.connect(path, timeout=1)) as db:
                return db.execute("SELECT count(*) FROM attempts").fetchone()[0] >= attempts
        except sqlite3.Error:  # being made
            return False
    return reached


def assert_no_process_left(out: Path) -> None:
    """The grader's workers die with it (their command line names the output folder)."""
    deadline = time.monotonic() + 10
    while (left := processes_naming(str(out))) and time.monotonic() < deadline:
        time.sleep(0.05)
    assert not left


def processes_naming(text: str) -> list[int]:
    found = []
    for pid in filter(str.isdigit, os.listdir("/proc")):
        try:
            with open(f"/proc/{pid}/cmdline", "rb") as handle:
                command = handle.read().decode(errors="replace")
            with open(f"/proc/{pid}/stat") as handle:
                state = handle.read().rsplit(")", 1)[1].split()[0]
        except OSError:
            continue
        if text in command and state != "Z":
            found.append(int(pid))
    return found


def assert_whole_files(out: Path) -> None:
    """Whatever moment the kill came at, a file a reader finds is whole."""
    if (results := out / "results.json").exists():
        json.loads(results.read_text())
    if (grades := out / "grades.csv").exists():
        assert grades.read_text().endswith("\n")
    assert not list(out.rglob("*.tmp"))


def gradebook(out: Path) -> tuple[dict, dict[tuple[str, str], int]]:
    """The gradebook's latest results (which attempt they are left out), and how many
    attempts each learner's module has."""
    with Gradebook.open(out / "gradebook.sqlite") as book:
        latest = book.class_result(__version__).to_dict()
    counts = {}
    for learner in latest["learners"]:
        for module in learner["modules"]:
            counts[learner["learner"], module["module"]] = 1 + len(module.pop("history", ()))
            del module["attempt"]
    return without_times(latest), counts


@pytest.fixture(scope="module")
def uninterrupted(tmp_path_factory) -> tuple[Path, Path, float]:
    folder = tmp_path_factory.mktemp("resume")
    submissions = mixed_class(folder / "class", LEARNERS)
    seconds = run_to_the_end(submissions, folder / "whole")
    return submissions, folder / "whole", seconds


@pytest.mark.slow
def test_a_run_killed_again_and_again_ends_with_the_gradebook_of_an_uninterrupted_run(
        uninterrupted, tmp_path):
    submissions, whole, _ = uninterrupted
    out = tmp_path / "killed"
    rng = random.Random(20261121)
    total = LEARNERS * len(MODULES)
    moments = [after_seconds(rng.uniform(0.05, 0.8)),  # starting up, making the gradebook
               once_committed(out, rng.randrange(total // 10, total * 4 // 10)),
               once_committed(out, rng.randrange(total // 2, total * 8 // 10)),
               once_committed(out, total)]  # every result in: ending the run, publishing
    kills = [kill_when(submissions, out, moment) for moment in moments]
    assert sum(kills) >= 3, kills
    run_to_the_end(submissions, out)

    expected, _ = gradebook(whole)
    found, counts = gradebook(out)
    assert found == expected
    assert set(counts.values()) == {1} and len(counts) == total
    with Gradebook.open(out / "gradebook.sqlite") as book:
        assert book.count_attempts() == total  # nothing graded twice
    assert without_times(json.loads((out / "results.json").read_text())) == \
        without_times(json.loads((whole / "results.json").read_text()))
    assert (out / "grades.csv").read_text() == (whole / "grades.csv").read_text()
    assert sorted(p.name for p in (out / "learners").glob("*.html")) == \
        sorted(p.name for p in (whole / "learners").glob("*.html"))


@pytest.mark.slow
def test_a_regrade_killed_midway_goes_on_where_it_stopped_and_grades_each_file_once(
        uninterrupted, tmp_path):
    submissions, whole, _ = uninterrupted
    out = tmp_path / "regraded"
    run_to_the_end(submissions, out)
    total = LEARNERS * len(MODULES)
    assert kill_when(submissions, out, once_committed(out, total + total // 3), "--regrade")
    run_to_the_end(submissions, out, "--regrade")
    found, counts = gradebook(out)
    assert found == gradebook(whole)[0]
    assert set(counts.values()) == {2}  # graded once, then regraded once, kill or no kill


@pytest.mark.slow
def test_a_killed_run_leaves_the_gradebook_unlocked(uninterrupted, tmp_path):
    submissions, _, _ = uninterrupted
    out = tmp_path / "unlocked"
    process = start(submissions, out)
    lock = out / "gradebook.sqlite.lock"
    deadline = time.monotonic() + 60
    while not (lock.exists() and lock.read_text().strip()):
        assert time.monotonic() < deadline and process.poll() is None
        time.sleep(0.01)
    process.send_signal(signal.SIGKILL)
    process.communicate()
    with Gradebook.open(out / "gradebook.sqlite", create=True, writer="grade"):
        pass  # no "another grader grade is using this gradebook"
