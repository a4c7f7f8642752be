"""A roster is the class list, read from an instructor's or a platform's CSV."""

from __future__ import annotations

from pathlib import Path

import pytest

from grader.errors import BadInput
from grader.load.roster import MAX_ROSTER_BYTES, RosterError, read_roster


def write(tmp_path: Path, text: str, encoding: str = "utf-8") -> Path:
    path = tmp_path / "roster.csv"
    path.write_bytes(text.encode(encoding))
    return path


def test_a_roster_keeps_its_learners_in_the_files_order_with_their_platform_ids(tmp_path):
    text = "learner,name,email,lms_id\nada,Ada L,ada@x.org,101\nben,,,\n"
    roster = read_roster(write(tmp_path, text))
    assert roster.learners == ("ada", "ben")
    assert roster.entry("ada").lms_id == "101" and roster.entry("ada").name == "Ada L"
    assert roster.by_lms_id() == {"101": roster.entry("ada")}
    assert "ben" in roster and "cy" not in roster


def test_a_byte_order_mark_semicolons_other_columns_and_blank_lines_are_read_past(tmp_path):
    text = "\ufeffSection;Learner;LMS_ID\nA;ada;7\n;;\nB;ben;8\n"
    roster = read_roster(write(tmp_path, text))
    assert roster.learners == ("ada", "ben")
    assert roster.entry("ben").lms_id == "8"


@pytest.mark.parametrize(
    ("text", "said"),
    [
        ("name,email\nAda,a@x\n", "no `learner` column"),
        ("learner\nada\nada\n", "'ada' is on the roster twice"),
        ("learner,lms_id\nada,1\nben,1\n", "lms_id '1' is on the roster twice"),
        ("learner\n../etc\n", "cannot name a folder"),
        ("learner\n__MACOSX\n", "hidden or platform folder"),
        ("learner,name\n,Ada\n", ":2: learner '' is empty"),
        ("learner,name\nada,\x1b[2J\n", ":2: the name is too long or holds control characters"),
    ],
)
def test_a_roster_that_cannot_be_used_is_refused_with_the_line_and_why(tmp_path, text, said):
    with pytest.raises(RosterError, match=None) as raised:
        read_roster(write(tmp_path, text))
    assert said in str(raised.value)
    assert isinstance(raised.value, BadInput)  # exit status 2 at the command line


def test_a_roster_that_is_missing_not_utf8_or_too_large_is_refused(tmp_path):
    with pytest.raises(RosterError, match="no such roster file"):
        read_roster(tmp_path / "nowhere.csv")
    with pytest.raises(RosterError, match="not UTF-8"):
        read_roster(write(tmp_path, "learner\nzoë\n", encoding="latin-1"))
    big = tmp_path / "big.csv"
    big.write_bytes(b"learner\n" + b"a" * MAX_ROSTER_BYTES)
    with pytest.raises(RosterError, match="more than 8 MiB"):
        read_roster(big)
