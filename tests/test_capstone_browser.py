"""A project's sections in a real browser (Debian's headless Chromium, driven by Playwright, as
tests/test_browser.py): the learner's tables and charts and the class page's leaderboards draw,
at 1400 px and on a 390 px phone, without the page scrolling sideways. Screenshots go to
$GRADER_SCREENSHOTS (or a temporary folder)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import numpy as np
import pytest

from grader.reports.html import render_class_html, render_learner_html
from grader.results import ClassResult, Evaluation

from . import test_browser
from .test_browser import PHONE, WIDE
from .test_capstone_reports import evaluation, learner

# The real browser and the page opener of the reports' browser tests, shared.
browser = test_browser.browser
open_page = test_browser.open_page
shots = test_browser.shots
sideways = test_browser.sideways

pytestmark = pytest.mark.slow


def drawn_evaluation(seed: int, dataset: str = "validation") -> Evaluation:
    """An evaluation with as many points as the grader keeps: a ROC curve of 200 points and
    1,000 days of rainfall, a few of them past 100 mm."""
    rng = np.random.default_rng(seed)
    actual = np.round(rng.exponential(3.0, 1000) * (rng.random(1000) < 0.3), 1)
    actual[:4] = (120.0, 180.0, 260.0, 95.0)
    predicted = np.maximum(actual * 0.5 + rng.normal(1.0, 2.0, 1000), 0.0)
    fpr = np.sort(rng.random(200))
    tpr = np.minimum(1.0, np.sqrt(fpr) + 0.05)
    base = evaluation(dataset, mae=3.4 + seed / 10, f1=0.2 + seed / 20, charts=dataset != "test")
    if dataset == "test":
        return base
    return Evaluation(**{
        **{f: getattr(base, f) for f in base.__dataclass_fields__},
        "roc": tuple(zip(fpr.tolist(), tpr.tolist(), strict=True)),
        "scatter": tuple(zip(actual.tolist(), predicted.tolist(), strict=True)),
    })


@pytest.fixture(scope="module")
def pages(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    folder = tmp_path_factory.mktemp("capstone-pages")
    learners = [
        learner(name, drawn_evaluation(seed), drawn_evaluation(seed, "test"))
        for seed, name in enumerate(("ada", "ben", "cleo", "dev", "eve", "a-learner-id-long-enough"
                                     "-to-wrap-0123456789@example.org"))
    ]
    (folder / "ada.html").write_text(render_learner_html(learners[0], course_title="ML"))
    result = ClassResult("test", tuple(learners), ("capstone",))
    (folder / "index.html").write_text(render_class_html(
        result, course_title="ML", report_links={"ada": "ada.html"}))
    return {"learner": folder / "ada.html", "class": folder / "index.html"}



@pytest.mark.parametrize("viewport", [WIDE, PHONE], ids=["desktop", "phone"])
def test_a_learners_capstone_draws_its_charts_and_reads_without_scrolling_sideways(
        pages: dict[str, Path], open_page: Any, shots: Path, viewport: dict[str, int]) -> None:
    opened = open_page(pages["learner"], viewport)
    page = opened.page
    name = "desktop" if viewport is WIDE else "phone"
    page.screenshot(path=shots / f"capstone-learner-{name}.png", full_page=True)
    opened.clean()
    width, inner = sideways(page)
    assert width <= inner
    validation = page.locator('section.evaluation[data-dataset="validation"]')
    charts = validation.locator("svg.plot")
    assert charts.count() == 2  # the ROC curve and the rainfall
    for index in range(2):
        box = charts.nth(index).bounding_box()
        assert 200 <= box["width"] <= inner and box["x"] >= 0
    assert validation.locator("svg.plot circle").count() == 1000
    assert page.locator('section.evaluation[data-dataset="test"] svg').count() == 0
    for table in page.locator("table.comparison").all():
        size = table.evaluate("t => parseFloat(getComputedStyle(t).fontSize)")
        assert size >= 12
        if viewport is WIDE:  # the whole table is on screen, nothing scrolls in its box
            assert table.evaluate("t => t.parentElement.scrollWidth <= t.parentElement.clientWidth")
    bars = page.locator("ul.bands .track")
    assert bars.count() == 14 and all(b.bounding_box()["width"] >= 100 for b in bars.all())


@pytest.mark.parametrize("viewport", [WIDE, PHONE], ids=["desktop", "phone"])
def test_the_class_pages_leaderboards_and_spreads_draw_without_scrolling_sideways(
        pages: dict[str, Path], open_page: Any, shots: Path, viewport: dict[str, int]) -> None:
    opened = open_page(pages["class"], viewport)
    page = opened.page
    page.eval_on_selector_all("section.board details", "ds => ds.forEach(d => d.open = true)")
    name = "desktop" if viewport is WIDE else "phone"
    page.locator("#leaderboards").scroll_into_view_if_needed()
    page.screenshot(path=shots / f"capstone-class-{name}.png", full_page=True)
    opened.clean()
    width, inner = sideways(page)
    assert width <= inner
    boards = page.locator("section.board")
    assert boards.count() == 2
    assert page.locator("section.board svg.chart").count() == 7  # 3 rainfall + 4 rain metrics
    for chart in page.locator("section.board svg.chart").all():
        box = chart.bounding_box()
        assert 150 <= box["width"] <= inner
    first = boards.nth(0).locator("tbody tr").first
    assert first.locator("td").first.inner_text() == "1"
    assert first.bounding_box()["height"] < 60  # one line, not a column of wrapped words
    if viewport is WIDE:
        table = boards.nth(1).locator("table.leaderboard")
        assert table.evaluate("t => t.parentElement.scrollWidth <= t.parentElement.clientWidth")
