"""Publishing a class from the gradebook: streamed learner by learner, by several processes,
to the same files one process writes, and nothing rewritten when nothing changed."""

from __future__ import annotations

import json
import time
from pathlib import Path

import pytest

from grader import __version__
from grader.gradebook import Gradebook
from grader.grading import grade_class
from grader.grading.publish import LEARNERS_PER_TASK, publish

from .gradebook_classes import mixed_class

LEARNERS = 2 * LEARNERS_PER_TASK + 5  # three shares: every process publishes some


@pytest.fixture(scope="module")
def graded(tmp_path_factory) -> tuple[Path, Path]:
    """A class graded once: its gradebook and the folder its run published."""
    folder = tmp_path_factory.mktemp("publish")
    submissions = mixed_class(folder / "class", LEARNERS)
    grade_class(submissions, out=folder / "out", jobs=2)
    return folder / "out" / "gradebook.sqlite", folder / "out"


def files_of(out: Path) -> dict[str, bytes]:
    return {str(p.relative_to(out)): p.read_bytes() for p in sorted(out.rglob("*"))
            if p.is_file() and not p.name.startswith("gradebook.sqlite")}


def test_a_class_published_by_several_processes_is_the_one_published_by_one(graded, tmp_path):
    db, _ = graded
    alone = publish(db, tmp_path / "alone", course_title="A course", jobs=1)
    shared = publish(db, tmp_path / "shared", course_title="A course", jobs=3)
    assert alone == shared and alone.learners == LEARNERS and alone.rendered == LEARNERS
    assert files_of(tmp_path / "alone") == files_of(tmp_path / "shared")


def test_results_json_holds_the_class_as_the_gradebook_does(graded):
    db, out = graded
    with Gradebook.open(db) as book:
        whole = book.class_result(__version__).to_dict()
    assert json.loads((out / "results.json").read_text(encoding="utf-8")) == whole


def test_results_json_has_one_learner_per_line(graded):
    db, out = graded
    lines = (out / "results.json").read_text(encoding="utf-8").splitlines()
    learners = [json.loads(line.rstrip(","))["learner"] for line in lines[2:-1]]
    assert learners == sorted(f"learner{i:02d}" for i in range(LEARNERS))


def test_the_counts_of_a_run_are_those_of_the_files_it_wrote(graded):
    db, out = graded
    counted = publish(db, out, course_title="A course", jobs=2)
    with Gradebook.open(db) as book:
        learners = book.class_result(__version__).learners
    files = sum(m.status.value != "missing" for lr in learners for m in lr.modules)
    assert (counted.learners, counted.files, counted.grader_errors) == (LEARNERS, files, 0)


def test_publishing_again_with_nothing_changed_rewrites_no_file(graded, tmp_path):
    db, _ = graded
    out = tmp_path / "out"
    publish(db, out, course_title="A course", jobs=2)
    before = {name: (out / name).stat().st_mtime_ns for name in files_of(out)}
    time.sleep(0.01)
    again = publish(db, out, course_title="A course", jobs=2)
    assert again.rendered == 0
    assert {name: (out / name).stat().st_mtime_ns for name in files_of(out)} == before
    assert not [p for p in out.rglob("*.tmp")]  # the class files it streamed were dropped


def test_a_new_course_title_writes_every_page_and_the_class_files_again(graded, tmp_path):
    db, _ = graded
    out = tmp_path / "out"
    publish(db, out, course_title="A course", jobs=2)
    again = publish(db, out, course_title="Another course", jobs=2)
    assert again.rendered == LEARNERS
    assert "Another course" in (out / "index.html").read_text(encoding="utf-8")


def test_prepared_publishing_has_every_report_template_compiled_before_it_forks():
    from grader.grading.publish import prepare
    from grader.reports._templates import _environment, template, template_names

    _environment().cache.clear()  # as a process that never rendered a page
    template.cache_clear()
    prepare()
    assert {"learner.html.j2", "class.html.j2", "base.html.j2"} <= set(template_names())
    compiled = {name for _, name in _environment().cache}  # (loader, name) pairs
    assert set(template_names()) <= compiled


def test_published_pages_depend_on_the_report_code_and_templates_that_render_them():
    import hashlib

    from grader.grading.publish import _reports_code

    assert _reports_code() != hashlib.sha256().hexdigest()  # a digest of no file at all
