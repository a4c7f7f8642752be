"""Review packets in a real browser (Debian's headless Chromium, driven by Playwright, as
tests/test_browser.py): a submission's page and a reviewer's index, at 1400 px and on a 390 px
phone, show the code, the checks and the rubric without the page scrolling sideways, fetch
nothing, and run no script, not even one a learner wrote into their notebook. Screenshots go
to $GRADER_SCREENSHOTS (or a temporary folder)."""

from __future__ import annotations

import json
from dataclasses import replace
from pathlib import Path
from typing import Any

import pytest

from grader.course.peer_review import peer_review

from . import test_browser
from .test_browser import INJECTED, PHONE, SCRIPTED, WIDE
from .test_peer_packets import CLASS, RUBRIC, submissions, write

browser = test_browser.browser
open_page = test_browser.open_page
shots = test_browser.shots
sideways = test_browser.sideways

pytestmark = pytest.mark.slow

LONG_LINE = "features = " + " + ".join(f"table['column_{n}']" for n in range(30))


@pytest.fixture(scope="module")
def packets(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The class's packets, one notebook carrying markup and script in its cells and a
    line of code far wider than a phone."""
    out = tmp_path_factory.mktemp("packets")
    notebook = json.loads((CLASS / "ghopper" / "capstone.ipynb").read_text())
    notebook["cells"][0]["source"] = [f"# Capstone {SCRIPTED}\n", f"{INJECTED}\n"]
    notebook["cells"][1]["source"] = [f"# {SCRIPTED}\n", f"{LONG_LINE}\n"]
    found = submissions()
    found["ghopper"] = replace(found["ghopper"], content=json.dumps(notebook).encode())
    write(out, peer_review("capstone", RUBRIC), submissions=found)
    return out



@pytest.mark.parametrize("viewport", [WIDE, PHONE], ids=["desktop", "phone"])
def test_a_packet_page_shows_the_code_checks_and_rubric_without_scrolling_sideways(
        packets: Path, open_page: Any, shots: Path, viewport: dict[str, int]) -> None:
    opened = open_page(packets / "s4411x" / "capstone-review-J2LD8F.html", viewport)
    page = opened.page
    name = "desktop" if viewport is WIDE else "phone"
    page.screenshot(path=shots / f"peer-packet-{name}.png", full_page=True)
    opened.clean()  # nothing fetched, no error, no dialog, the title its own
    width, inner = sideways(page)
    assert width <= inner
    assert page.evaluate("document.scripts.length") == 0
    code = page.locator("pre.source")
    assert code.count() == 2 and "compare_models" in code.nth(1).inner_text()
    assert SCRIPTED in page.locator("pre.markdown").inner_text()  # shown, as text
    assert page.locator("ol.checks li").count() == 2
    assert page.locator("table.levels").count() == 2
    for box in (code.first.bounding_box(), page.locator("#rubric").bounding_box()):
        assert box["x"] >= 0 and box["x"] + box["width"] <= inner
    if viewport is PHONE:  # the long line scrolls inside its box, not the page
        assert code.first.evaluate("pre => pre.scrollWidth > pre.clientWidth")


@pytest.mark.parametrize("viewport", [WIDE, PHONE], ids=["desktop", "phone"])
def test_a_reviewers_index_lists_their_reviews_without_scrolling_sideways(
        packets: Path, open_page: Any, shots: Path, viewport: dict[str, int]) -> None:
    index = packets / "s4411x" / "index.html"
    opened = open_page(index, viewport)
    page = opened.page
    name = "desktop" if viewport is WIDE else "phone"
    page.screenshot(path=shots / f"peer-index-{name}.png", full_page=True)
    opened.clean()
    width, inner = sideways(page)
    assert width <= inner
    links = page.eval_on_selector_all("table.reviews a", "as => as.map(a => a.href)")
    assert len(links) == 3
    assert all(Path(link.removeprefix("file://")).is_file() for link in links)
