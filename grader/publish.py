"""Write a class where the instructor reads it: results.json, grades.csv, the class summary and
each learner's feedback page, from the gradebook's results, every file atomically.

A learner's page is rendered again only when what it shows changed (their results, attempts,
overrides, lateness, the course title, or the report code), and the class files only when a
page did, so that re-running a large class that barely changed stays fast;
`learners/.published.json` remembers what each page shows, and is written last.
"""

from __future__ import annotations

import hashlib
import json
import multiprocessing
import os
from concurrent.futures import ProcessPoolExecutor
from functools import cache
from pathlib import Path

from ._atomic import write_atomic
from .exports import write_grades_csv, write_results_json
from .reports import render_class_html, render_learner_html
from .reports.html import isolation_words
from .results import ClassResult, LearnerResult

__all__ = ["publish"]

PUBLISHED = ".published.json"
CLASS = ""  # the key, in PUBLISHED, of what the class files show
CLASS_FILES = ("results.json", "grades.csv", "index.html")
PAGES_PER_PROCESS = 16  # fewer pages than this are not worth starting a process for


def publish(result: ClassResult, out: Path, *, course_title: str, jobs: int | None = 1) -> None:
    """Write every file of the output folder for `result` (none when nothing changed); the
    learners' pages are rendered by `jobs` processes (None: one per core)."""
    isolation = isolation_words(result.isolation)
    keys = {lr.learner: _page_key(lr, course_title, isolation) for lr in result.learners}
    whole = _key({"pages": keys, "modules": result.modules, "grader": result.grader_version})
    shown = _read_published(out / "learners")
    files = [*CLASS_FILES, *(f"learners/{name}.html" for name in keys)]
    if shown.get(CLASS) == whole and all((out / name).is_file() for name in files):
        return
    shown.pop(CLASS, None)
    stale = [lr for lr in result.learners
             if shown.get(lr.learner) != keys[lr.learner]
             or not (out / "learners" / f"{lr.learner}.html").is_file()]
    _render_pages(stale, out, course_title, isolation, jobs)
    write_results_json(result, out / "results.json")
    write_grades_csv(result, out / "grades.csv")
    links = {lr.learner: f"learners/{lr.learner}.html" for lr in result.learners}
    write_atomic(out / "index.html",
                 render_class_html(result, course_title=course_title, report_links=links))
    write_atomic(out / "learners" / PUBLISHED,
                 json.dumps({**keys, CLASS: whole}, indent=0, sort_keys=True) + "\n")


# The pages to render, set before the rendering processes fork (so nothing is pickled).
_pages: tuple[list[LearnerResult], Path, str, str] | None = None


def _render_pages(learners: list[LearnerResult], out: Path, course_title: str, isolation: str,
                  jobs: int | None) -> None:
    global _pages
    _pages = (learners, out, course_title, isolation)
    jobs = min(jobs or os.cpu_count() or 1, max(1, len(learners) // PAGES_PER_PROCESS))
    try:
        if jobs <= 1:
            for index in range(len(learners)):
                _render_page(index)
            return
        context = multiprocessing.get_context("fork")
        with ProcessPoolExecutor(max_workers=jobs, mp_context=context) as pool:
            list(pool.map(_render_page, range(len(learners)), chunksize=PAGES_PER_PROCESS))
    finally:
        _pages = None


def _render_page(index: int) -> None:
    assert _pages is not None
    learners, out, course_title, isolation = _pages
    learner = learners[index]
    write_atomic(out / "learners" / f"{learner.learner}.html",
                 render_learner_html(learner, course_title=course_title, isolation=isolation))


def _page_key(learner: LearnerResult, course_title: str, isolation: str) -> str:
    return _key({"learner": learner.to_dict(), "sources": [m.source for m in learner.modules],
                 "course_title": course_title, "isolation": isolation,
                 "reports": _reports_code()})


def _key(shows: object) -> str:
    return hashlib.sha256(json.dumps(shows, sort_keys=True).encode("utf-8")).hexdigest()


@cache
def _reports_code() -> str:
    """The report code and templates: a new version of either renders every page again."""
    folder = Path(__file__).resolve().parent / "reports"
    digest = hashlib.sha256()
    for path in sorted(folder.rglob("*")):
        if path.is_file() and path.suffix in (".py", ".j2", ".css", ".js"):
            digest.update(path.relative_to(folder).as_posix().encode() + b"\0")
            digest.update(path.read_bytes())
    return digest.hexdigest()


def _read_published(folder: Path) -> dict[str, str]:
    try:
        shown = json.loads((folder / PUBLISHED).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    return shown if isinstance(shown, dict) else {}
