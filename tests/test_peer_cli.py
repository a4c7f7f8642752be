"""`grader peer` as the instructor types it (in-process, click's runner): assign, calibrate and
override, with the messages a wrong command gets and its exit status."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner, Result

from grader.cli import main

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
