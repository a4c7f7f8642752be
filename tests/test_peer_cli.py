"""`grader peer` as the instructor types it (in-process, click's runner): assign, calibrate and
override, with the messages a wrong command gets and its exit status."""

from __future__ import annotations

import os
import sqlite3
from pathlib import Path

import pytest
from click.testing import CliRunner, Result

from grader.cli import main
from grader.peer.conflicts import ConflictsError, read_conflicts

from . import test_peer_gradebook

graded = test_peer_gradebook.graded  # the fixture: a graded class, its course reviewing regression


@pytest.fixture
def peer(graded, monkeypatch: pytest.MonkeyPatch):
    course, db, folder = graded
    monkeypatch.setenv("GRADER_COURSE", str(course.root))
    monkeypatch.chdir(folder)

    def run(*args: str | Path) -> Result:
        return CliRunner().invoke(main, ["peer", *map(str, args), "--db", str(db)])

    return run


def test_assign_writes_a_folder_of_packets_per_reviewer(peer):
    done = peer("assign", "regression", "--seed", "2")
    assert done.exit_code == 0, done.output
    assert "8 reviews of 4 submissions by 4 reviewers" in done.output
    assert sorted(p.name for p in Path("packets/regression").iterdir()) == [
        "ada", "bob", "cy", "dee"]
    assert len(list(Path("packets/regression/ada").glob("*.toml"))) == 2


def test_calibrate_and_override_say_what_they_changed(peer):
    peer("assign", "regression")
    done = peer("calibrate", "regression", "ada", "--level", "clarity=clear")
    assert done.exit_code == 0 and "calibration marks set (2 of 2)" in done.output
    done = peer("override", "regression", "ada", "1", "--reason", "by hand")
    assert done.exit_code == 0 and "peer mark set to 1 of 2" in done.output
    done = peer("override", "regression", "ada", "--clear")
    assert done.exit_code == 0 and "override cleared" in done.output


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (("calibrate", "regression", "ada", "--level", "clarity"), "write CRITERION=LEVEL"),
        (("calibrate", "regression", "ada", "--level", "style=clear"), "no criterion 'style'"),
        (("override", "regression", "nobody", "1", "--reason", "r"), "nobody has no submission"),
        (("override", "regression", "ada", "1"), "give the reason"),
        (("assign", "clustering"), "clustering has no peer review"),
        (("collect", "no-such-folder"), "no-such-folder: no such file or folder"),
    ],
)
def test_a_command_that_cannot_be_done_says_why_and_exits_2(peer, args, message):
    peer("assign", "regression")
    done = peer(*args)
    assert done.exit_code == 2 and message in done.output, done.output


def test_learners_of_a_team_in_the_conflicts_file_never_review_each_other(
        peer, graded, tmp_path):
    teams = tmp_path / "teams.csv"
    teams.write_text("learner,team\nada,red\nbob,red\ncy,blue\ndee,blue\n")
    done = peer("assign", "regression", "--conflicts", teams)
    assert done.exit_code == 0, done.output
    book = sqlite3.connect(graded[1])
    pairs = set(book.execute("SELECT reviewer, author FROM peer_pairs"))
    book.close()
    team_mates = {("ada", "bob"), ("bob", "ada"), ("cy", "dee"), ("dee", "cy")}
    assert len(pairs) == 8 and not pairs & team_mates


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("name,team\nada,red\n", "the header must be `learner,group`"),
        ("learner,group\nada,\n", ":2: a learner and a group are needed"),
        ("learner,group\n\xff\n", None),
    ],
)
def test_a_conflicts_file_that_cannot_be_read_says_where(tmp_path, text, message):
    path = tmp_path / "conflicts.csv"
    path.write_bytes(text.encode("latin-1"))
    with pytest.raises(ConflictsError, match=message or "not UTF-8"):
        read_conflicts(path)


def test_a_conflict_is_a_group_of_any_size_and_a_group_of_one_is_none(tmp_path):
    path = tmp_path / "conflicts.csv"
    path.write_text("Learner,Group\nada,x\ncy,x\neve,x\nbob,alone\n")
    assert read_conflicts(path) == [frozenset({"ada", "cy", "eve"})]


@pytest.mark.timeout(60)
def test_a_file_swapped_for_a_pipe_or_a_link_after_grading_shows_the_code_as_graded(
        peer, graded, tmp_path):
    _, _, folder = graded
    secret = tmp_path / "secret.py"
    secret.write_text("ANSWERS = 'the instructor keeps these'\n")
    handed = folder / "class"
    (handed / "ada" / "regression.py").unlink()
    os.mkfifo(handed / "ada" / "regression.py")
    (handed / "bob" / "regression.py").unlink()
    (handed / "bob" / "regression.py").symlink_to(secret)
    done = peer("assign", "regression")
    assert done.exit_code == 0, done.output
    pages = " ".join(p.read_text() for p in Path("packets/regression").glob("*/*.html"))
    assert "the instructor keeps these" not in pages and "mean_squared_error" in pages
