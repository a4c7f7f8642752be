"""The learners' leaderboard in a real browser (Debian's headless Chromium, driven by Playwright,
as tests/test_capstone_browser.py): on a learner's page, a class of forty ranked in a box of its
own, "see your row" brings the learner's row into that box, at 1400 px and on a 390 px phone,
without the page scrolling sideways. Screenshots go to $GRADER_SCREENSHOTS (or a temporary
folder)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from grader.reports.html import render_learner_html

from . import test_browser
from .test_browser import PHONE, WIDE
from .test_capstone_browser import drawn_evaluation, shots, sideways
from .test_capstone_leaderboard import boards_of
from .test_capstone_reports import learner

browser = test_browser.browser
open_page = test_browser.open_page
screenshots = shots

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def page_of_one_among_forty(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The page of learner 23 of a class of forty, after the release: the boards on the test
    set, their row half way down each (better models have lower seeds on rainfall, higher
    ones on rain)."""
    seeds = [6 if i == 23 else i % 12 for i in range(40)]
    learners = [learner(f"learner{i:02d}", drawn_evaluation(seed), drawn_evaluation(seed, "test"))
                for i, seed in enumerate(seeds)]
    path = tmp_path_factory.mktemp("board") / "learner23.html"
    path.write_text(render_learner_html(learners[23], course_title="ML",
                                        boards=boards_of(*learners)))
    return path


@pytest.mark.parametrize("viewport", [WIDE, PHONE], ids=["desktop", "phone"])
def test_see_your_row_brings_the_learners_row_into_the_boards_box_without_sideways_scroll(
        page_of_one_among_forty: Path, open_page: Any, screenshots: Path,
        viewport: dict[str, int]) -> None:
    opened = open_page(page_of_one_among_forty, viewport)
    page = opened.page
    boards = page.locator("section.standing-board")
    assert boards.count() == 2
    for index in range(2):
        board = boards.nth(index)
        assert board.locator("tr.you").count() == 1
        box = board.locator(".standing-box")
        you = board.locator("tr.you")
        assert not _inside(you.bounding_box(), box.bounding_box())  # far down, out of sight
        board.get_by_role("link", name="see your row").click()
        assert _inside(you.bounding_box(), box.bounding_box())
        header = board.locator("thead th").first.bounding_box()
        assert header and header["y"] >= box.bounding_box()["y"] - 1  # the headers stay
        assert you.bounding_box()["y"] >= header["y"] + header["height"] - 1  # not under them
        assert you.bounding_box()["height"] < 60  # one line: a rank and numbers
        rank = you.locator("th").evaluate("th => getComputedStyle(th).fontSize")
        assert float(rank.removesuffix("px")) >= 12
    name = "desktop" if viewport is WIDE else "phone"
    page.locator(".standings").screenshot(path=screenshots / f"capstone-learner-board-{name}.png")
    opened.clean()
    width, inner = sideways(page)
    assert width <= inner
    if viewport is WIDE:  # every column on screen, nothing to scroll inside the box
        for table in page.locator("table.standing").all():
            assert table.evaluate("t => t.parentElement.scrollWidth <= t.parentElement.clientWidth")


def _inside(inner: dict[str, float] | None, outer: dict[str, float] | None) -> bool:
    assert inner and outer
    return inner["y"] >= outer["y"] - 1 and inner["y"] + inner["height"] <= (
        outer["y"] + outer["height"] + 1)
