"""The reports in a real browser: Debian's headless Chromium, driven by Playwright.

The sample class, with one more learner who put markup and script in everything they control,
is graded as an instructor grades it; then the class summary and learner reports are opened
as files, every request the page makes is routed (anything but the page itself fails the test),
and what a person sees is checked: no console errors, sorting and filtering, the charts and the
table against results.json, phone width, printing. Screenshots go to $GRADER_SCREENSHOTS (or a
temporary folder), named in the test run's summary.
"""

from __future__ import annotations

import json
import os
import shutil
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest

from grader.load.learner_ids import file_stem
from grader.reports._histogram import BINS, bin_of
from grader.reports._wording import percent, points

from .conftest import COURSE, reference

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync", "--no-first-run"]
PHONE = {"width": 390, "height": 844}
DESKTOP = {"width": 1280, "height": 900}
WIDE = {"width": 1400, "height": 900}

if not CHROMIUM.is_file():
    pytest.skip(f"no Chromium at {CHROMIUM}: install Debian's chromium package "
                "(.ci/run does) to run the browser tests", allow_module_level=True)
try:
    from playwright.sync_api import Browser, Page, sync_playwright
except ImportError:
    pytest.skip("playwright is not installed: pip install -e '.[test]' installs it",
                allow_module_level=True)

pytestmark = pytest.mark.slow

INJECTED = "<img src=x onerror=document.title='pwned'>"
SCRIPTED = "<script>document.title='pwned'</script>"
HOSTILE_ID = f"{INJECTED}<script>x"  # a folder name: no slash


def hostile_regression() -> str:
    """A regression file whose code, output and wrong answer carry markup and script."""
    return (reference("regression")
            + f"\n# {SCRIPTED} </script>{INJECTED}\n"
            + f"print({INJECTED + SCRIPTED!r})\n")


@dataclass
class Graded:
    out: Path
    results: dict[str, Any]
    shots: Path

    def page(self, learner: str | None = None) -> Path:
        if learner is None:
            return self.out / "index.html"
        return self.out / "learners" / f"{file_stem(learner)}.html"


@pytest.fixture(scope="module")
def graded(tmp_path_factory: pytest.TempPathFactory) -> Graded:
    from grader.grading import grade_class

    folder = tmp_path_factory.mktemp("browser")
    submissions = folder / "class"
    shutil.copytree(COURSE / "examples" / "class", submissions)
    (submissions / HOSTILE_ID).mkdir()
    (submissions / HOSTILE_ID / "regression.py").write_text(hostile_regression())
    out = folder / "out"
    grade_class(submissions, out=out, jobs=2)
    shots = Path(os.environ.get("GRADER_SCREENSHOTS") or folder / "screenshots")
    shots.mkdir(parents=True, exist_ok=True)
    return Graded(out, json.loads((out / "results.json").read_text()), shots)


def say(capsys: pytest.CaptureFixture[str], text: str) -> None:
    """A line for whoever runs the tests, past pytest's capture."""
    with capsys.disabled():
        print(f"\n{text}")


@pytest.fixture(scope="module")
def browser() -> Iterator[Browser]:
    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        yield chromium
        chromium.close()


@dataclass
class Opened:
    """A page as the test opened it, and what it did that it should not have."""

    page: Page
    errors: list[str] = field(default_factory=list)  # console errors and uncaught exceptions
    requests: list[str] = field(default_factory=list)  # anything but the page itself
    dialogs: list[str] = field(default_factory=list)

    def visible_rows(self) -> list[list[str]]:
        return self.page.eval_on_selector_all(
            "#everyone tbody tr:not([hidden])",
            "rows => rows.map(r => Array.from(r.cells, c => c.textContent.trim()))")

    def clean(self) -> None:
        assert self.errors == [] and self.requests == [] and self.dialogs == []
        assert self.page.title() != "pwned"


@pytest.fixture
def open_page(browser: Browser) -> Iterator[Any]:
    contexts = []

    def open_(path: Path, viewport: dict[str, int] = DESKTOP) -> Opened:
        context = browser.new_context(viewport=viewport)
        contexts.append(context)
        page = context.new_page()
        opened = Opened(page)
        url = path.as_uri()

        def route(route: Any) -> None:
            if route.request.url.split("#")[0] == url:
                route.continue_()
            else:
                opened.requests.append(route.request.url)
                route.abort()

        page.route("**/*", route)
        page.on("console", lambda m: m.type == "error" and opened.errors.append(m.text))
        page.on("pageerror", lambda e: opened.errors.append(str(e)))
        page.on("dialog", lambda d: (opened.dialogs.append(d.message), d.dismiss()))
        page.goto(url)
        return opened

    yield open_
    for context in contexts:
        context.close()


def expected_parts(results: dict[str, Any]) -> list[tuple[str, str, str]]:
    grader = results["grader"]
    return ([("modules", "module", name) for name in grader["modules"]]
            + [("quizzes", "quiz", name) for name in grader.get("quizzes", [])])


def part_scores(results: dict[str, Any]) -> tuple[list[str], dict[str, list[float]],
                                                  dict[str, float]]:
    """Each part's label, every learner's score on it (0 when missing), and its class max."""
    labels, scores, maxima = [], {}, {}
    for key, field_name, name in expected_parts(results):
        label = name if key == "modules" else f"{name} quiz"
        labels.append(label)
        found = [next((p for p in lr.get(key, []) if p[field_name] == name), None)
                 for lr in results["learners"]]
        scores[label] = [p["score"] if p else 0.0 for p in found]
        maxima[label] = max((p["max_score"] for p in found if p), default=0.0)
    return labels, scores, maxima


def bars(scores: list[float], max_score: float) -> list[int]:
    counts = [0] * BINS
    for score in scores:
        counts[bin_of(score / max_score if max_score > 0 else 0.0)] += 1
    return counts


# --- the class summary ----------------------------------------------------------------------

def test_the_class_summary_shows_no_error_makes_no_request_and_its_charts_match_results_json(
        graded: Graded, open_page: Any, capsys: pytest.CaptureFixture[str]) -> None:
    opened = open_page(graded.page())
    opened.page.screenshot(path=graded.shots / "class-summary.png", full_page=True)
    say(capsys, f"browser screenshots: {graded.shots}")
    opened.clean()
    drawn = opened.page.eval_on_selector_all("figure.histogram", """figures => Object.fromEntries(
        figures.map(f => [f.dataset.module,
                          Array.from(f.querySelectorAll('rect.bar'), r => +r.dataset.count)]))""")
    labels, scores, maxima = part_scores(graded.results)
    for label in labels:
        assert drawn[label] == bars(scores[label], maxima[label]), label
    totals = [sum(column) for column in zip(*scores.values(), strict=True)]
    assert drawn["Overall"] == bars(totals, sum(maxima.values()))
    assert sum(drawn["Overall"]) == len(graded.results["learners"])


def test_the_table_of_everyone_matches_results_json(graded: Graded, open_page: Any) -> None:
    opened = open_page(graded.page())
    rows = {row[0]: row for row in opened.visible_rows()}
    labels, scores, maxima = part_scores(graded.results)
    assert len(rows) == len(graded.results["learners"])
    for index, learner in enumerate(graded.results["learners"]):
        row = rows[learner["learner"]]
        assert row[1] == points(learner["score"])
        assert row[2] == percent(learner["score"], sum(maxima.values()))
        assert [cell.split()[0] for cell in row[3:3 + len(labels)]] == [
            points(scores[label][index]) for label in labels]


def test_clicking_a_column_header_sorts_the_table_and_says_so(graded: Graded,
                                                               open_page: Any) -> None:
    opened = open_page(graded.page())
    header = opened.page.locator("#everyone thead th", has_text="Total")
    header.get_by_role("button").click()
    assert header.get_attribute("aria-sort") == "ascending"
    column = 1  # the total, right after the learner's id
    totals = [float(row[column]) for row in opened.visible_rows()]
    assert totals == sorted(totals)
    header.get_by_role("button").click()
    assert header.get_attribute("aria-sort") == "descending"
    assert [float(row[column]) for row in opened.visible_rows()] == sorted(totals, reverse=True)
    learner = opened.page.locator("#everyone thead th", has_text="Learner")
    learner.get_by_role("button").click()
    assert header.get_attribute("aria-sort") is None
    assert learner.get_attribute("aria-sort") == "ascending"
    ids = [row[0] for row in opened.visible_rows()]
    assert ids == sorted(ids, key=str.lower)
    opened.page.screenshot(path=graded.shots / "class-sorted-by-learner.png")
    opened.clean()


def test_the_filters_show_only_the_learners_asked_for(graded: Graded, open_page: Any) -> None:
    opened = open_page(graded.page())
    everyone = [lr["learner"] for lr in graded.results["learners"]]
    opened.page.get_by_label("Learner id contains").fill("A")
    shown = [row[0] for row in opened.visible_rows()]
    assert shown == [name for name in everyone if "a" in name.lower()] and 0 < len(shown) < 10
    status = opened.page.locator("#everyone-status")
    assert status.text_content() == f"Showing {len(shown)} of {len(everyone)} learners."
    opened.page.get_by_label("Learner id contains").fill("")
    opened.page.get_by_label("Only learners who need attention").check()
    listed = opened.page.eval_on_selector_all(
        "#attention-list tbody th", "cells => cells.map(c => c.textContent.trim())")
    assert [row[0] for row in opened.visible_rows()] == listed
    assert "ada" not in listed and "eli" in listed
    opened.page.get_by_label("Learner id contains").fill("zzz")
    assert opened.visible_rows() == []
    opened.page.screenshot(path=graded.shots / "class-filtered.png")
    opened.clean()


def test_without_scripts_the_table_reads_whole_and_the_controls_stay_out_of_the_way(
        graded: Graded, browser: Browser) -> None:
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    page.goto(graded.page().as_uri())
    assert page.locator("#everyone tbody tr").count() == len(graded.results["learners"])
    assert not page.locator("#everyone-controls").is_visible()
    assert page.locator("#everyone thead button").count() == 0
    context.close()


# Where each learner's total and percent, and the whole row, sit against the window and
# against the table's own scrolling box.
PLACES = """() => {
    const box = document.querySelector('#everyone').parentElement.getBoundingClientRect();
    const names = Array.from(document.querySelectorAll('#everyone thead th'),
                             th => th.textContent.trim().split(' ')[0]);
    const [total, percent] = [names.indexOf('Total'), names.indexOf('Percent')];
    return Array.from(document.querySelectorAll('#everyone tbody tr'), row => ({
        learner: row.cells[0].textContent.trim(),
        total: row.cells[total].getBoundingClientRect().toJSON(),
        percent: row.cells[percent].getBoundingClientRect().toJSON(),
        last: row.cells[row.cells.length - 1].getBoundingClientRect().toJSON(),
        box: box.toJSON()}));
}"""


@pytest.mark.parametrize("viewport", [WIDE, PHONE], ids=["desktop", "phone"])
def test_every_learners_total_and_percent_are_on_screen_without_scrolling_sideways(
        graded: Graded, open_page: Any, viewport: dict[str, int]) -> None:
    opened = open_page(graded.page(), viewport)
    opened.page.locator("#everyone").scroll_into_view_if_needed()
    width = opened.page.evaluate("[document.documentElement.scrollWidth, window.innerWidth]")
    assert width[0] <= width[1], width
    places = opened.page.evaluate(PLACES)
    assert len(places) == len(graded.results["learners"])
    for place in places:
        right = min(width[1], place["box"]["right"])
        for cell in (place["total"], place["percent"]):
            assert cell["left"] >= 0 and cell["right"] <= right, place
    if viewport is WIDE:  # the whole table fits: nothing in it scrolls sideways either
        box = "document.querySelector('#everyone').parentElement"
        assert opened.page.evaluate(f"(e => e.scrollWidth <= e.clientWidth)({box})")
        assert all(p["last"]["right"] <= p["box"]["right"] for p in places)
    opened.page.screenshot(path=graded.shots / f"class-everyone-{viewport['width']}.png")
    opened.clean()


def test_the_page_leads_with_who_needs_attention_and_everyone_then_the_long_tables(
        graded: Graded, open_page: Any) -> None:
    opened = open_page(graded.page(), WIDE)
    top = {name: opened.page.locator(f"#{name}").bounding_box()["y"]
           for name in ("attention", "learners", "scores", "distributions", "misconceptions",
                        "checks")}
    assert list(top) == sorted(top, key=top.__getitem__)
    # everyone's scores start within the first two screens, not after 8,000 px of tables
    assert opened.page.locator("#everyone").bounding_box()["y"] < 2 * WIDE["height"]
    opened.clean()


@pytest.mark.parametrize("viewport", [WIDE, PHONE], ids=["desktop", "phone"])
def test_the_folded_tables_open_without_scripts_and_hold_every_row(
        graded: Graded, browser: Browser, viewport: dict[str, int]) -> None:
    context = browser.new_context(java_script_enabled=False, viewport=viewport)
    page = context.new_page()
    page.goto(graded.page().as_uri())
    checks = {(m["module"], c["id"]) for lr in graded.results["learners"]
              for m in lr["modules"] if m["status"] == "graded" for c in m["checks"]}
    folds = {"#checks": f"{len(checks)} checks", "#misconceptions": "classic mistake",
             "#distributions": "charts"}
    for heading, words in folds.items():
        fold = page.locator(f"{heading} + details")
        content = fold.locator("table, .charts").first
        assert fold.get_attribute("open") is None and not content.is_visible(), heading
        fold.locator("summary", has_text=words).click()
        assert fold.get_attribute("open") == "" and content.is_visible(), heading
    assert page.locator("#checks + details tbody tr").count() == len(checks)
    assert page.locator("#distributions + details figure.histogram").count() == len(
        part_scores(graded.results)[0]) + 1
    width = page.evaluate("[document.documentElement.scrollWidth, window.innerWidth]")
    assert width[0] <= width[1], width
    page.screenshot(path=graded.shots / f"class-unfolded-{viewport['width']}.png", full_page=True)
    context.close()


# --- a learner's report ---------------------------------------------------------------------

def test_a_learners_report_names_each_classic_mistake_in_the_browser(graded: Graded,
                                                                     open_page: Any) -> None:
    opened = open_page(graded.page("ben"))
    opened.page.screenshot(path=graded.shots / "learner-ben.png", full_page=True)
    opened.clean()
    revise = opened.page.locator("section[aria-labelledby=revise]").inner_text()
    for name in ("MSE is the sum, not the mean, of the squared errors",
                 "Tied vote goes to the first label seen", "Empty cluster becomes NaN",
                 "Gradient missing the factor 2"):
        assert name in revise
    link = opened.page.get_by_role("link", name="Gradient missing the factor 2")
    link.click()
    assert opened.page.evaluate("location.hash").startswith("#check-optimization-")
    target = opened.page.locator(opened.page.evaluate("location.hash"))
    assert "Classic mistake" in target.inner_text()
    opened.clean()


@pytest.mark.parametrize("learner", [None, "ben", "fay"], ids=["class", "ben", "fay"])
def test_a_page_is_readable_on_a_phone_without_scrolling_sideways(
        graded: Graded, open_page: Any, learner: str | None) -> None:
    opened = open_page(graded.page(learner), PHONE)
    width = opened.page.evaluate("[document.documentElement.scrollWidth, window.innerWidth]")
    assert width[0] <= width[1], width
    opened.page.screenshot(path=graded.shots / f"phone-{learner or 'class'}.png", full_page=True)
    opened.clean()


def test_a_learners_report_prints(graded: Graded, open_page: Any) -> None:
    opened = open_page(graded.page("ben"))
    opened.page.emulate_media(media="print")
    assert opened.page.locator("pre.wrap").first.evaluate(
        "e => getComputedStyle(e).whiteSpace") == "pre-wrap"
    pdf = opened.page.pdf(path=str(graded.shots / "learner-ben.pdf"), format="A4")
    assert pdf.startswith(b"%PDF")
    opened.clean()


# --- markup a learner wrote -----------------------------------------------------------------

@pytest.mark.parametrize("learner", [None, HOSTILE_ID], ids=["class", "learner"])
def test_markup_and_script_a_learner_wrote_are_shown_as_text(graded: Graded, open_page: Any,
                                                             learner: str | None) -> None:
    opened = open_page(graded.page(learner))
    opened.page.screenshot(path=graded.shots / f"hostile-{'learner' if learner else 'class'}.png",
                           full_page=True)
    opened.clean()
    assert opened.page.locator("img").count() == 0
    assert opened.page.locator("script").count() == (0 if learner else 1)
    assert HOSTILE_ID in opened.page.locator("body").inner_text()
    text = opened.page.locator("body").text_content()  # folded <details> included
    if learner:
        assert INJECTED + SCRIPTED in text  # what their code printed
        assert f"</script>{INJECTED}" in text  # their code


# --- a large class --------------------------------------------------------------------------

def test_a_class_of_two_thousand_learners_loads_sorts_and_filters_quickly(
        graded: Graded, open_page: Any, tmp_path: Path,
        capsys: pytest.CaptureFixture[str]) -> None:
    import time
    from dataclasses import replace

    from grader.reports import render_class_html
    from grader.results import ClassResult

    sample = ClassResult.from_dict(graded.results)
    learners = tuple(replace(sample.learners[i % len(sample.learners)], learner=f"learner{i:04d}")
                     for i in range(2000))
    started = time.perf_counter()
    html = render_class_html(replace(sample, learners=learners), course_title="A large class",
                             report_links={lr.learner: f"learners/{lr.learner}.html"
                                           for lr in learners})
    rendered = time.perf_counter() - started
    page_path = tmp_path / "index.html"
    page_path.write_text(html, encoding="utf-8")
    started = time.perf_counter()
    opened = open_page(page_path)
    loaded = time.perf_counter() - started
    sort = opened.page.evaluate("""() => new Promise(done => {
        const th = Array.from(document.querySelectorAll('#everyone thead th'))
            .find(t => t.textContent.startsWith('Total'));
        const started = performance.now();
        th.querySelector('button').click();
        requestAnimationFrame(() => setTimeout(() => done(performance.now() - started), 0));
    })""")
    started = time.perf_counter()
    opened.page.get_by_label("Learner id contains").fill("learner19")
    assert len(opened.visible_rows()) == 100
    filtered = time.perf_counter() - started
    opened.clean()
    size = len(html.encode("utf-8"))
    say(capsys, f"2,000 learners: rendered in {rendered * 1000:.0f} ms, {size / 1024:.0f} KiB, "
                f"opened in {loaded * 1000:.0f} ms, sorted in {sort:.0f} ms, filtered in "
                f"{filtered * 1000:.0f} ms")
    # Bounds a slow, shared CI machine keeps to with room: the page stays usable.
    assert size < 3 * 1024 * 1024 and rendered < 5 and loaded < 10 and sort < 5000


# -- shared with the other browser tests (capstone, peer review) ---------------------------


@pytest.fixture(scope="module")
def shots(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Where a browser test puts its screenshots: $GRADER_SCREENSHOTS, or a folder of its own."""
    folder = Path(os.environ.get("GRADER_SCREENSHOTS") or tmp_path_factory.mktemp("shots"))
    folder.mkdir(parents=True, exist_ok=True)
    return folder


def sideways(page: Any) -> list[int]:
    """The page's width and the window's: a page that scrolls sideways has the first larger."""
    return page.evaluate("[document.documentElement.scrollWidth, window.innerWidth]")
