"""The similarity report in a real browser (Debian's headless Chromium, driven by Playwright, as
tests/test_browser.py): the class page, a module's page and a pair's side-by-side page at
1400 px and on a 390 px phone, without the page scrolling sideways, the two columns side by
side on a desktop and stacked on a phone, each fragment's link landing on its marked line, and
nothing a learner wrote running. Screenshots go to $GRADER_SCREENSHOTS (or a temporary folder)."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path
from typing import Any

import pytest

from grader.load.learner_ids import file_stem
from grader.similarity.report import write_report

from . import test_browser
from .similarity_samples import SCRIPT_ID, SPACED_ID, STRONG, code, sample
from .test_browser import PHONE, WIDE

# The real browser and the page opener of the reports' browser tests, shared.
browser = test_browser.browser
open_page = test_browser.open_page
shots = test_browser.shots
sideways = test_browser.sideways

pytestmark = pytest.mark.slow

LONG = "    weights = np.array([" + ", ".join(f"{i}.125" for i in range(40)) + "])  # no break"
PAIR = f"regression/{file_stem(SCRIPT_ID)}--{file_stem(SPACED_ID)}.html"


@pytest.fixture(scope="module")
def report(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The sample run, its strongest pair's code 60 lines long with a line of 250 characters
    in both (inside fragment 1 of each: a's line 12, b's line 14)."""
    out = tmp_path_factory.mktemp("similarity")
    run = sample()
    sources = dict(run.sources)
    for learner, line in ((SCRIPT_ID, 12), (SPACED_ID, 14)):
        lines = code(learner, 60).splitlines()
        lines[line - 1] = LONG
        sources["regression", learner] = "\n".join(lines) + "\n"
    write_report(replace(run, sources=sources), out=out)
    return out


def opened_clean(open_page: Any, path: Path, viewport: dict[str, int], shot: Path) -> Any:
    """The page at `viewport`, checked: no error, no request, no dialog, no script on it at
    all, and no sideways scrolling; its screenshot saved as `shot`."""
    opened = open_page(path, viewport)
    page = opened.page
    page.screenshot(path=shot, full_page=True)
    opened.clean()
    assert page.locator("script, img, iframe, object").count() == 0
    width, inner = sideways(page)
    assert width <= inner, (path.name, width, inner)
    return page


@pytest.mark.parametrize("viewport", [WIDE, PHONE], ids=["desktop", "phone"])
@pytest.mark.parametrize("name", ["index.html", "regression.html"], ids=["class", "module"])
def test_the_class_and_module_pages_read_without_scrolling_sideways(
        report: Path, open_page: Any, shots: Path, viewport: dict[str, int], name: str) -> None:
    shot = shots / f"similarity-{name.removesuffix('.html')}-{viewport['width']}.png"
    page = opened_clean(open_page, report / name, viewport, shot)
    assert SCRIPT_ID in page.locator("main").inner_text()  # shown as text, run by nothing
    link = page.locator(f'a[href="{PAIR}"]').first
    assert link.is_visible()
    box = link.bounding_box()
    assert box["x"] >= 0 and box["x"] + box["width"] <= viewport["width"]


def column_boxes(page: Any) -> tuple[dict[str, float], dict[str, float]]:
    a, b = (page.locator(f'section.column[data-side="{side}"]').bounding_box() for side in "ab")
    return a, b


@pytest.mark.parametrize("viewport", [WIDE, PHONE], ids=["desktop", "phone"])
def test_the_pair_page_shows_the_two_submissions_side_by_side_or_stacked_on_a_phone(
        report: Path, open_page: Any, shots: Path, viewport: dict[str, int]) -> None:
    shot = shots / f"similarity-pair-{viewport['width']}.png"
    page = opened_clean(open_page, report / PAIR, viewport, shot)
    a, b = column_boxes(page)
    if viewport is WIDE:
        assert a["x"] + a["width"] <= b["x"] and a["y"] == b["y"]
        assert a["width"] > 500 and b["x"] + b["width"] <= viewport["width"]
    else:
        assert b["y"] >= a["y"] + a["height"] and a["x"] == b["x"]
        assert a["x"] + a["width"] <= viewport["width"]
    # The long line scrolls inside its code block; the page itself does not.
    assert page.locator("#a12").is_visible()
    for side in "ab":
        block = page.locator(f'section.column[data-side="{side}"] pre.source')
        assert block.evaluate("e => e.scrollWidth > e.clientWidth")
        assert block.bounding_box()["width"] <= viewport["width"]


@pytest.mark.parametrize("viewport", [WIDE, PHONE], ids=["desktop", "phone"])
def test_each_fragments_link_lands_on_its_first_marked_line_in_that_column(
        report: Path, open_page: Any, viewport: dict[str, int]) -> None:
    opened = open_page(report / PAIR, viewport)
    page = opened.page
    for fragment in STRONG.fragments[::-1]:
        for side, (first, _) in (("a", fragment.a_lines), ("b", fragment.b_lines)):
            page.locator(f'ol.fragments a[href="#{side}{first}"]').click()
            assert page.evaluate("location.hash") == f"#{side}{first}"
            line = page.locator(f"#{side}{first}")
            assert "shared" in line.get_attribute("class")
            box = line.bounding_box()
            assert box["y"] >= 0 and box["y"] + box["height"] <= viewport["height"]
            assert line.evaluate("e => getComputedStyle(e).outlineStyle") == "solid"  # :target
            label = line.locator(".frag").inner_text().removeprefix("F")
            assert str(STRONG.fragments.index(fragment) + 1) in label.split(",")
    opened.clean()


def test_a_marked_line_says_so_by_a_number_and_a_bar_not_by_colour_alone(
        report: Path, open_page: Any) -> None:
    opened = open_page(report / PAIR, WIDE)
    page = opened.page
    marked, plain = page.locator("#b20"), page.locator("#b2")
    assert marked.locator(".frag").inner_text() == "F1,2"
    assert plain.locator(".frag").inner_text() == ""
    style = "e => [getComputedStyle(e).borderLeftStyle, getComputedStyle(e).borderLeftColor]"
    assert marked.evaluate(style)[0] == "solid"
    assert plain.evaluate(style)[1] == "rgba(0, 0, 0, 0)"
    opened.clean()
