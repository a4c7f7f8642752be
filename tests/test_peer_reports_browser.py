"""Peer review's sections in a real browser (Debian's headless Chromium, driven by Playwright, as
tests/test_browser.py): a learner's reviews and marks, and the class page's peer review, at
1400 px and on a 390 px phone, visible and without the page scrolling sideways, even with a
comment of one unbroken word. Screenshots go to $GRADER_SCREENSHOTS (or a temporary folder)."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path
from typing import Any

import pytest

from grader.reports.html import render_class_html, render_learner_html
from grader.results import ALL_RELEASED, LearnerResult

from . import test_browser
from .peer_results import ada, capstone, peer_class
from .test_browser import PHONE, WIDE

# The real browser and the page opener of the reports' browser tests, shared.
browser = test_browser.browser
open_page = test_browser.open_page
shots = test_browser.shots
sideways = test_browser.sideways

pytestmark = pytest.mark.slow

UNBROKEN = "https://example.org/" + "a-very-long-path-" * 20  # no space to wrap at


@pytest.fixture(scope="module")
def pages(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    folder = tmp_path_factory.mktemp("peer-pages")
    peer = ada().modules[0].peer
    assert peer is not None
    first = replace(peer.reviews[0], comment=f"See {UNBROKEN} for the idea.")
    learner = LearnerResult("ada", (capstone(replace(peer, reviews=(first, *peer.reviews[1:]))),))
    (folder / "ada.html").write_text(
        render_learner_html(ALL_RELEASED.shown(learner), course_title="ML"))
    long_id = "a-learner-id-long-enough-to-wrap-0123456789@example.org"
    result = peer_class()
    renamed = replace(result.learners[1], learner=long_id)  # short of reviews, and straying
    result = replace(result, learners=(result.learners[0], renamed, *result.learners[2:]))
    (folder / "index.html").write_text(render_class_html(
        result, course_title="ML", report_links={"ada": "ada.html"}))
    return {"learner": folder / "ada.html", "class": folder / "index.html"}



@pytest.mark.parametrize("viewport", [WIDE, PHONE], ids=["desktop", "phone"])
def test_a_learners_peer_review_is_visible_and_reads_without_scrolling_sideways(
        pages: dict[str, Path], open_page: Any, shots: Path, viewport: dict[str, int]) -> None:
    opened = open_page(pages["learner"], viewport)
    page = opened.page
    name = "desktop" if viewport is WIDE else "phone"
    page.locator("section.peer").scroll_into_view_if_needed()
    page.screenshot(path=shots / f"peer-learner-{name}.png", full_page=True)
    opened.clean()
    width, inner = sideways(page)
    assert width <= inner
    section = page.locator("section.peer")
    assert section.is_visible()
    box = section.bounding_box()
    assert box["x"] >= 0 and box["x"] + box["width"] <= inner
    for table in ("table.combine", "table.peer-mark"):
        assert page.locator(table).is_visible()
        assert page.locator(table).evaluate(
            "t => t.parentElement.scrollWidth <= t.parentElement.clientWidth")
    reviews = page.locator("ol.reviews > li")
    assert reviews.count() == 3 and all(r.is_visible() for r in reviews.all())
    assert reviews.nth(0).locator("strong").first.inner_text() == "Reviewer 1"
    comment = reviews.nth(0).locator("p.comment").last
    assert comment.bounding_box()["width"] <= inner
    assert page.locator("dl.reviewing").is_visible()


@pytest.mark.parametrize("viewport", [WIDE, PHONE], ids=["desktop", "phone"])
def test_the_class_pages_peer_review_is_visible_and_reads_without_scrolling_sideways(
        pages: dict[str, Path], open_page: Any, shots: Path, viewport: dict[str, int]) -> None:
    opened = open_page(pages["class"], viewport)
    page = opened.page
    name = "desktop" if viewport is WIDE else "phone"
    page.locator("#peer").scroll_into_view_if_needed()
    page.screenshot(path=shots / f"peer-class-{name}.png", full_page=True)
    opened.clean()
    width, inner = sideways(page)
    assert width <= inner
    module = page.locator("section.peer-module")
    assert module.count() == 1 and module.is_visible()
    assert page.locator("table.peer-stats").is_visible()
    assert module.locator("svg.chart").bounding_box()["width"] <= inner
    named = page.locator("table.peer-named")
    assert named.count() == 4 and all(t.is_visible() for t in named.all())
    first = named.nth(0).locator("tbody th").first.inner_text()
    assert first == "a-learner-id-long-enough-to-wrap-0123456789@example.org"
