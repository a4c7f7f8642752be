"""Peer review end to end on the shipped capstone, every step the command a user types, run as
a real process: grade the class → `grader peer assign` → the packets → forms filled in by the
reviewers, handed in as a zip → `grader peer collect` → the marks in results.json, grades.csv,
the learners' pages, the class summary, the gradebook with its history, and the exports."""

from __future__ import annotations

import csv
import io
import json
import os
import re
import sqlite3
import statistics
import subprocess
import sys
import zipfile
from pathlib import Path
from typing import Any

import pytest

from .conftest import ROOT

pytestmark = [pytest.mark.shipped_course, pytest.mark.slow]

PIPELINES = ROOT / "tests" / "capstone" / "pipelines"
CLASS = {  # learner -> their capstone, as they handed it in
    "ada": PIPELINES / "good_numpy.py",
    "bob": PIPELINES / "good_pandas_pipeline.py",
    "cy": PIPELINES / "baseline_only.py",
    "dee": PIPELINES / "scaling_on_all_data.py",
    "gus": ROOT / "examples" / "class" / "gus" / "capstone.ipynb",
}
ROSTER = """learner,name,email,lms_id
ada,Ada Lovelace,ada.lovelace@uni.example,1
bob,Bob Okafor,bob.okafor@uni.example,2
cy,Cy Young,cy.young@uni.example,3
dee,Dee Müller,dee.muller@uni.example,4
gus,Gus Grissom,gus.grissom@uni.example,5
"""
CRITERIA = ("clarity", "choices", "comparison")
LEVELS = {  # the levels a reviewer gives, by the author's learner id: the same for all criteria
    "ada": ("clear", "argued", "fair"),
    "bob": ("mostly_clear", "some", "fair"),
    "cy": ("hard_to_follow", "none", "missing"),
    "dee": ("clear", "some", "partial"),
    "gus": ("clear", "argued", "partial"),
}
POINTS = {"clear": 4, "mostly_clear": 2, "hard_to_follow": 0, "argued": 4, "some": 2, "none": 0,
          "fair": 4, "partial": 2, "missing": 0}
HARSH = "dee"  # a reviewer who gives every submission the lowest levels


def grader(*args: str | Path, cwd: Path, status: int = 0) -> str:
    env = {**os.environ, "GRADER_COURSE": str(ROOT), "PYTHONPATH": str(ROOT)}
    done = subprocess.run([sys.executable, "-m", "grader", *map(str, args)], cwd=cwd, env=env,
                          capture_output=True, text=True, timeout=600)
    assert done.returncode == status, done.stdout + done.stderr
    return done.stdout + done.stderr


def filled(form: str, levels: tuple[str, ...], comment: str) -> str:
    """A form as a reviewer fills it in: a level and a comment under each criterion."""
    for criterion, level in zip(CRITERIA, levels, strict=True):
        head, table, rest = form.partition(f"[{criterion}]\n")
        rest = rest.replace('level = ""', f'level = "{level}"', 1)
        rest = rest.replace('comment = """\n', f'comment = """\n{comment}', 1)
        form = head + table + rest
    return form


@pytest.fixture(scope="module")
def course_run(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Any]:
    folder = tmp_path_factory.mktemp("peer")
    for learner, file in CLASS.items():
        (folder / "class" / learner).mkdir(parents=True)
        (folder / "class" / learner / f"capstone{file.suffix}").write_bytes(file.read_bytes())
    (folder / "roster.csv").write_text(ROSTER)
    grader("grade", "class", "--out", "reports", "--roster", "roster.csv", cwd=folder)
    assigned = grader("peer", "assign", "capstone", "--reviewers", "3", "--seed", "7", cwd=folder)
    book = sqlite3.connect(folder / "reports" / "gradebook.sqlite")
    pseudonyms = dict(book.execute("SELECT author, pseudonym FROM peer_submissions"))
    pairs = sorted(book.execute("SELECT reviewer, author FROM peer_pairs").fetchall())
    book.close()
    author_of = {p: a for a, p in pseudonyms.items()}
    with zipfile.ZipFile(folder / "reviews.zip", "w") as archive:
        for form in sorted((folder / "packets" / "capstone").glob("*/*.toml")):
            reviewer, author = form.parent.name, author_of[form.stem.rsplit("-", 1)[1]]
            levels = ("hard_to_follow", "none", "missing") if reviewer == HARSH \
                else LEVELS[author]
            name = f"reviews/{reviewer}/{form.name}"
            archive.writestr(name, filled(form.read_text(), levels, f"Read by {reviewer}."))
        # a form with a level its criterion does not have: refused, counting nothing
        bad = next(iter(sorted((folder / "packets" / "capstone" / "ada").glob("*.toml"))))
        archive.writestr("reviews/ada/broken/" + bad.name, "")
    collected = grader("peer", "collect", "reviews.zip", cwd=folder)
    return {"folder": folder, "assigned": assigned, "collected": collected,
            "pseudonyms": pseudonyms, "pairs": pairs}


def expected_marks(pairs: list[tuple[str, str]]) -> dict[str, float]:
    marks = {}
    for author in CLASS:
        given = [("hard_to_follow", "none", "missing") if reviewer == HARSH else LEVELS[author]
                 for reviewer, of in pairs if of == author]
        marks[author] = sum(statistics.median(POINTS[g[i]] for g in given) for i in range(3))
    return marks


def results(folder: Path) -> dict[str, dict[str, Any]]:
    data = json.loads((folder / "reports" / "results.json").read_text())
    return {lr["learner"]: next(m for m in lr["modules"] if m["module"] == "capstone")
            for lr in data["learners"]}


def test_every_submission_gets_three_reviewers_and_every_reviewer_three_reviews(course_run):
    pairs = course_run["pairs"]
    assert len(pairs) == 15 and all(reviewer != author for reviewer, author in pairs)
    for learner in CLASS:
        assert sum(a == learner for _, a in pairs) == 3 == sum(r == learner for r, _ in pairs)
    assert "15 reviews of 5 submissions by 5 reviewers" in course_run["assigned"]


def test_no_packet_names_another_learner_of_the_class(course_run):
    roster = list(csv.DictReader(io.StringIO(ROSTER)))
    for reviewer_folder in (course_run["folder"] / "packets" / "capstone").iterdir():
        others = [row for row in roster if row["learner"] != reviewer_folder.name]
        words = {w.lower() for row in others for w in
                 (row["learner"], row["email"], *row["name"].split())}
        for file in reviewer_folder.iterdir():
            text = f"{file.name}\n{file.read_text()}".lower()
            found = {w for w in words if re.search(rf"(?<![a-z0-9]){re.escape(w)}(?![a-z0-9])",
                                                   text)}
            assert not found, (file, found)


def test_each_peer_mark_is_the_median_of_its_reviews_per_criterion(course_run):
    marks = expected_marks(course_run["pairs"])
    for learner, module in results(course_run["folder"]).items():
        peer = module["peer"]
        assert peer["mark"] == marks[learner] and peer["reviews_counted"] == 3, learner
        assert peer["pseudonym"] == course_run["pseudonyms"][learner]


def test_the_module_score_combines_the_checks_the_peer_mark_and_the_reviewing(course_run):
    for learner, module in results(course_run["folder"]).items():
        peer = module["peer"]
        checks = module.get("checks_score", module["score"])
        combined = 0.6 * checks + 43 * 0.3 * peer["mark"] / 12 + peer["reviewing_points"]
        assert module["score"] == pytest.approx(combined, abs=1e-5), learner


def test_a_reviewer_who_strays_from_the_others_is_told_to_the_instructor(course_run):
    reviewing = {lr: m["peer"]["reviewing"] for lr, m in results(course_run["folder"]).items()}
    assert reviewing[HARSH]["outlier"]
    assert not any(r["outlier"] for learner, r in reviewing.items() if learner != HARSH)
    assert f"{HARSH} strays from the other reviewers" in course_run["collected"]


def test_a_form_that_cannot_count_is_refused_with_why_and_the_rest_count(course_run):
    collected = course_run["collected"]
    assert "15 new" in collected and "1 refused" in collected
    assert "refused reviews/ada/broken/" in collected


def test_grades_csv_gives_the_combined_score_and_its_peer_and_reviewing_parts(course_run):
    folder = course_run["folder"]
    rows = {r["learner"]: r for r in csv.DictReader(io.StringIO(
        (folder / "reports" / "grades.csv").read_text(encoding="utf-8")))}
    for learner, module in results(folder).items():
        row = rows[learner]
        assert float(row["capstone"]) == pytest.approx(module["score"], abs=1e-3)
        assert float(row["capstone peer"]) == pytest.approx(
            module["peer"]["peer_points"], abs=1e-3)
        assert float(row["capstone reviewing"]) == pytest.approx(
            module["peer"]["reviewing_points"], abs=1e-3)


def test_the_learners_page_shows_the_reviews_without_their_reviewers(course_run):
    folder = course_run["folder"]
    for learner in CLASS:
        page = (folder / "reports" / "learners" / f"{learner}.html").read_text()
        assert "Peer review" in page and "Reviewer 1" in page
        reviewers = [r for r, a in course_run["pairs"] if a == learner]
        assert f"Read by {reviewers[0]}." in page  # the comment, as written
        text = re.sub(r"<[^>]*>", " ", page)  # what the page says (a chart's `cy` aside)
        for reviewer in reviewers:  # ... and nowhere else the reviewer's id
            assert len(re.findall(rf"\b{reviewer}\b", text)) == page.count(
                f"Read by {reviewer}."), reviewer


def test_the_class_summary_has_the_peer_review_and_the_stray_reviewer(course_run):
    page = (course_run["folder"] / "reports" / "index.html").read_text()
    section = page[page.index("Peer review"):]
    assert "15 of 15 assigned" in section and HARSH in section


def test_a_form_handed_in_again_replaces_the_earlier_which_the_gradebook_keeps(course_run):
    folder = course_run["folder"]
    reviewer, author = next(p for p in course_run["pairs"] if p[0] != HARSH)
    pseudonym = course_run["pseudonyms"][author]
    form = folder / "packets" / "capstone" / reviewer / f"capstone-review-{pseudonym}.toml"
    again = folder / "again" / reviewer / form.name
    again.parent.mkdir(parents=True)
    again.write_text(filled(form.read_text(), ("hard_to_follow", "none", "missing"), "Later."))
    assert "1 replacing an earlier form" in grader("peer", "collect", "again", cwd=folder)
    assert "1 unchanged" in grader("peer", "collect", "again", cwd=folder)
    book = sqlite3.connect(folder / "reports" / "gradebook.sqlite")
    kept = book.execute("SELECT scores FROM peer_reviews WHERE reviewer = ? AND author = ? "
                        "ORDER BY id", (reviewer, author)).fetchall()
    book.close()
    levels = [[s["level"] for s in json.loads(scores)] for (scores,) in kept]
    assert levels == [list(LEVELS[author]), ["hard_to_follow", "none", "missing"]]
    review = next(r for r in results(folder)[author]["peer"]["reviews"]
                  if r["reviewer"] == reviewer)
    assert review["revision"] == 2 and review["points"] == 0


def test_an_instructors_peer_mark_counts_with_its_reason_everywhere(course_run):
    folder = course_run["folder"]
    grader("peer", "override", "capstone", "cy", "6", "--reason", "marked by hand", cwd=folder)
    peer = results(folder)["cy"]["peer"]
    assert peer["mark"] == 6 and peer["override"]["reason"] == "marked by hand"
    notes = {r["learner"]: r["notes"] for r in csv.DictReader(io.StringIO(
        (folder / "reports" / "grades.csv").read_text(encoding="utf-8")))}
    assert "marked by hand" in notes["cy"]
    assert "marked by hand" in (folder / "reports" / "learners" / "cy.html").read_text()


def test_the_exports_carry_the_peer_review_and_learners_never_see_their_reviewers(course_run):
    folder = course_run["folder"]
    reviewers = {r for r, _ in course_run["pairs"]}
    grader("export", "--format", "gradescope", "--out", "gradescope", cwd=folder)
    for learner in CLASS:
        data = json.loads((folder / "gradescope" / learner / "results.json").read_text())
        names = [t["name"] for t in data["tests"]]
        assert any("peer mark" in n for n in names) and any("reviewing" in n for n in names)
        others = reviewers - {learner}
        text = json.dumps(data)
        assert not [r for r in others if f'"{r}"' in text], learner
    exported = grader("export", "--format", "json", cwd=folder)
    assert '"peer"' in exported and '"reviewer"' not in exported
    junit = grader("export", "--format", "junit", cwd=folder)
    assert "peer mark" in junit
    canvas = grader("export", "--format", "csv", cwd=folder)
    assert "capstone" in canvas.splitlines()[0]
