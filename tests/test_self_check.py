"""What a learner's self-check says of the module's points, and how its HTML page is titled."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner

from grader.cli import main
from grader.reports import render_check_text

from .conftest import COURSE, reference, stub
from .test_reports import check, module

WHOLE = "2 of the module's 16 points; the hidden checks grade the rest"  # the fixture course


def invoke(*args: str | Path) -> str:
    result = CliRunner().invoke(main, [str(a) for a in args], catch_exceptions=False)
    return result.output


@pytest.fixture
def learners_copy(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """The course as a learner holds it: the exercises and their public checks, no solutions."""
    shutil.copytree(COURSE / "exercises", tmp_path / "exercises")
    monkeypatch.setenv("GRADER_COURSE", str(tmp_path))
    return tmp_path / "exercises"


def test_with_the_hidden_checks_at_hand_a_pass_says_how_much_of_the_module_was_checked(
        tmp_path: Path) -> None:
    mine = tmp_path / "my_try.py"  # graded against the fixture course, solutions and all
    mine.write_text(reference("regression"))
    output = invoke("check", mine, "--module", "regression")
    assert f"my_try.py: 2/2 points — all public checks pass: {WHOLE}\n" in output


def test_with_checks_to_fix_the_summary_still_says_what_the_public_checks_are_worth() -> None:
    output = invoke("check", COURSE / "exercises" / "regression.py")
    assert f"regression.py: 0/2 points — 2 checks to fix; the public checks are worth {WHOLE}\n" \
        in output


def test_in_a_learners_copy_the_self_check_claims_nothing_of_the_hidden_checks(
        learners_copy: Path) -> None:
    copy = learners_copy
    (copy / "regression.py").write_text(reference("regression"))
    output = invoke("check", copy / "regression.py")
    assert "regression.py: 2/2 points — all public checks pass\n" in output
    assert "hidden" not in output and "module's" not in output
    (copy / "regression.py").write_text(stub("regression"))
    output = invoke("check", copy / "regression.py")
    assert "regression.py: 0/2 points — 2 checks to fix\n" in output


def test_the_terminal_words_follow_the_hidden_points_it_is_given() -> None:
    passed = module("regression", check("test_ok", points=2))
    assert render_check_text(passed, hidden_points=14).endswith(
        f"regression.py: 2/2 points — all public checks pass: {WHOLE}\n")
    assert render_check_text(passed).endswith("2/2 points — all public checks pass\n")
    assert render_check_text(passed, hidden_points=0).endswith("— all public checks pass\n")


def test_the_html_page_of_a_self_check_is_titled_with_the_learners_file(
        learners_copy: Path, tmp_path: Path) -> None:
    copy = learners_copy
    (copy / "my_try.py").write_text(reference("regression"))
    page = tmp_path / "out.html"
    invoke("check", copy / "my_try.py", "--module", "regression", "--html", page)
    html = page.read_text()
    assert re.search(r"<title>my_try\.py\b[^<]*</title>", html)
    assert "<h1>Feedback for my_try.py</h1>" in html and "Feedback for out" not in html
