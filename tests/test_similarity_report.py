"""The similarity report's files: the class page, a page per module, a side-by-side page per
reported pair and pairs.csv, written from runs built by hand with hostile learner ids, code and
answers (tests/similarity_samples.py)."""

from __future__ import annotations

import csv
import html
import io
import re
from dataclasses import replace
from pathlib import Path

import pytest
from markupsafe import escape

from grader.load.learner_ids import file_stem
from grader.similarity import _pair_view, _views
from grader.similarity.model import Cluster, Fragment, ModuleSimilarity, Similarity
from grader.similarity.report import describe, pairs_csv_rows, write_report

from .similarity_samples import (
    ANSWER,
    FORMULA_ID,
    PATH_ID,
    SCRIPT_ID,
    SPACED_ID,
    STRONG,
    WEAK,
    WORD,
    code,
    pair,
    sample,
)


def page_of(a: str, b: str, module: str = "regression") -> str:
    a, b = sorted((a, b))
    return f"{module}/{file_stem(a)}--{file_stem(b)}.html"


def text_of(page: str) -> str:
    """What a reader sees of a page: its text without tags, entities read, spaces folded."""
    body = re.sub(r"<style>.*?</style>", " ", page, flags=re.S)
    body = re.sub(r"</?(?:code|a|span|strong|em)\b[^>]*>", "", body)  # inline: no space
    return " ".join(html.unescape(re.sub(r"<[^>]+>", " ", body)).split())


def marked(page: str, side: str) -> dict[int, str]:
    """The lines of column `side` marked as shared, and the fragment numbers each carries."""
    found = re.findall(
        rf'<span class="line shared[^"]*" id="{side}(\d+)"><span class="ln">\d+</span>'
        r'<span class="frag">F([\d,]+)</span>', page)
    return {int(line): numbers for line, numbers in found}


@pytest.fixture
def written(tmp_path: Path) -> Path:
    write_report(sample(), out=tmp_path / "similarity")
    return tmp_path / "similarity"


def test_the_report_is_a_class_page_a_page_per_module_one_per_pair_and_pairs_csv(
        tmp_path: Path) -> None:
    out = tmp_path / "similarity"
    paths = write_report(sample(), out=out)
    expected = {"index.html", "regression.html", "classification.html", "clustering.html",
                "pairs.csv", page_of(SCRIPT_ID, SPACED_ID), page_of(FORMULA_ID, PATH_ID),
                page_of("ben", "cy"), page_of("ben", SPACED_ID, "clustering")}
    assert {path.relative_to(out).as_posix() for path in paths} == expected
    on_disk = {p.relative_to(out).as_posix() for p in out.rglob("*") if p.is_file()}
    assert on_disk == expected  # nothing else: no temporary file left, no page outside `out`
    assert not (tmp_path / "x").exists()


def test_the_class_page_shows_each_modules_strongest_pairs_clusters_skipped_and_class_view(
        written: Path) -> None:
    page = (written / "index.html").read_text()
    text = text_of(page)
    assert "evidence for an instructor to read, side by side, not a verdict" in text
    regression = text[text.index("regression 120 submissions compared"):]
    assert "3 pairs reported" in regression
    assert f"1 {SCRIPT_ID} and {SPACED_ID} 42 83% 14 lines 1 " in regression
    assert f'href="{page_of(SCRIPT_ID, SPACED_ID)}"' in page
    assert f"Cluster 1, 3 learners linked by 2 reported pairs: {SCRIPT_ID}, ben, cy" in text
    classification = text[text.index("classification 118 submissions compared"):]
    assert classification.startswith("classification 118 submissions compared, 0 pairs of "
                                      "them in full; no pair reported")
    assert f"{PATH_ID}: no code in it <b>!</b>" in classification
    assert f"{SPACED_ID} and ben 47 regression, clustering" in text
    assert FORMULA_ID not in text[text.index("several modules"):]  # reported in one module


def test_a_modules_page_ranks_every_pair_with_its_reasons_in_words(written: Path) -> None:
    text = text_of((written / "regression.html").read_text())
    first = text[text.index(f"1. {SCRIPT_ID} and {SPACED_ID}"):text.index("2. ")]
    for reason in ("share 83% of their rare fingerprints (12 fingerprints)",
                   f"longest shared fragment: 14 lines, 60 tokens ({SCRIPT_ID}: 12–25, "
                   f"{SPACED_ID}: 14–27)",
                   f"same wrong answer on test_mse_hidden_scale (2 learners of 120 got it): "
                   f"{ANSWER}",
                   f"rare names and words both wrote: tmp_sum_err, {WORD}"):
        assert reason in first
    assert "3. ben and cy · score 3 · side by side same error on test_r2_hidden (3 learners " \
           "of 120 got it): ZeroDivisionError" in text
    assert "Cluster 1" in text
    nothing = text_of((written / "classification.html").read_text())
    assert "No pair reported: no two submissions of classification share" in nothing


def test_the_pair_page_marks_exactly_the_fragments_lines_in_both_columns(
        written: Path) -> None:
    page = (written / page_of(SCRIPT_ID, SPACED_ID)).read_text()
    # STRONG: fragment 1 is a 12-25 / b 14-27, fragment 2 is a 3-5 / b 20-22 (overlapping 1)
    assert STRONG.learners == (SCRIPT_ID, SPACED_ID)
    assert marked(page, "a") == {**{n: "2" for n in range(3, 6)},
                                 **{n: "1" for n in range(12, 26)}}
    assert marked(page, "b") == {**{n: "1" for n in range(14, 20)},
                                 **{n: "1,2" for n in range(20, 23)},
                                 **{n: "1" for n in range(23, 28)}}
    lines = re.findall(r'<span class="line[^"]*" id="([ab])\d+">', page)
    assert lines.count("a") == lines.count("b") == 30  # every line of both, once each
    for side, first in (("a", 12), ("b", 14), ("a", 3), ("b", 20)):
        assert f'href="#{side}{first}"' in page  # the list links to each fragment's first line
        assert re.search(rf'<span class="line shared start" id="{side}{first}">', page)


def test_nothing_a_learner_wrote_reaches_a_page_unescaped(written: Path) -> None:
    for path in written.rglob("*.html"):
        page = path.read_text()
        assert "script-src 'none'" in page, path  # and were anything missed, it could not run
        assert re.search(r"<script|<img|<b>|<i>", page, flags=re.I) is None, path
    pair = (written / page_of(SCRIPT_ID, SPACED_ID)).read_text()
    assert escape(SCRIPT_ID) in pair and escape(ANSWER) in pair
    assert escape(WORD) in pair
    assert "&lt;/script&gt;&lt;img src=x onerror=alert(1)&gt;" in pair  # the code's string
    assert "Machine learning &lt;i&gt;101&lt;/i&gt;" in pair


def test_pairs_csv_has_every_pair_and_keeps_learners_text_from_reading_as_a_formula(
        written: Path) -> None:
    rows = list(csv.DictReader(io.StringIO((written / "pairs.csv").read_text(), newline="")))
    assert [(r["module"], r["rank"], r["learner_a"], r["learner_b"]) for r in rows] == [
        ("regression", "1", SCRIPT_ID, SPACED_ID),
        ("regression", "2", PATH_ID, f"'{FORMULA_ID}"),
        ("regression", "3", "ben", "cy"),
        ("clustering", "1", SPACED_ID, "ben")]
    strong = rows[0]
    assert strong | {"shared_results": "", "words": ""} == {
        "module": "regression", "rank": "1", "learner_a": SCRIPT_ID, "learner_b": SPACED_ID,
        "score": "42", "code_share": "0.8333", "shared_fingerprints": "12",
        "longest_tokens": "60", "longest_lines_a": "12-25", "longest_lines_b": "14-27",
        "shared_results": "", "words": "", "cluster": ""}
    assert strong["shared_results"] == f"test_mse_hidden_scale (failed): {ANSWER}"
    assert strong["words"] == f"tmp_sum_err {WORD}"
    assert rows[2]["cluster"] == "1" and rows[2]["longest_lines_a"] == ""
    formula = pair("-1+1", "@SUM(A1)", results=(replace(WEAK.results[0], got="=1+1"),))
    row = next(pairs_csv_rows(sample(formula)))
    assert row[2:4] == ["'-1+1", "'@SUM(A1)"] and row[10].startswith("test_r2_hidden")
    assert next(pairs_csv_rows(sample(replace(formula, results=(), words=("+x",)))))[11] == "'+x"


def test_writing_again_with_fewer_pairs_removes_the_pages_of_pairs_no_longer_reported(
        written: Path) -> None:
    stale = written / page_of(FORMULA_ID, PATH_ID)
    assert stale.is_file()
    (written / "regression" / "notes.txt").write_text("the instructor's")
    write_report(sample(STRONG, WEAK), out=written)
    assert not stale.exists()
    assert (written / page_of(SCRIPT_ID, SPACED_ID)).is_file()
    assert (written / page_of("ben", "cy")).is_file()
    assert (written / "regression" / "notes.txt").is_file()  # not a page of ours
    assert PATH_ID not in (written / "pairs.csv").read_text()


def test_describe_gives_one_line_per_module_for_the_terminal() -> None:
    lines = describe(sample()).splitlines()
    assert lines == [
        f"regression: 120 submissions compared, 3 pairs reported (strongest: {SCRIPT_ID} and "
        f"{SPACED_ID}, 83% of rare code shared), 1 cluster",
        "classification: 118 submissions compared, no pair reported, 1 skipped",
        f"clustering: 80 submissions compared, 1 pair reported (strongest: {SPACED_ID} and ben, "
        "50% of rare code shared)"]
    sneaky = pair("ben", "\x1b[2Jcy\nfake", fragments=STRONG.fragments)
    assert "\\x1b[2Jcy\\nfake" in describe(sample(sneaky))


def test_a_module_page_lists_its_strongest_pairs_and_says_how_many_more(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(_views, "MAX_PAIRS", 2)
    paths = write_report(sample(), out=tmp_path)
    assert not (tmp_path / page_of("ben", "cy")).exists() and tmp_path / page_of(
        FORMULA_ID, PATH_ID) in paths
    text = text_of((tmp_path / "regression.html").read_text())
    assert "And 1 more pair, weaker than these, not shown here: pairs.csv lists every pair" in text
    assert len((tmp_path / "pairs.csv").read_text().splitlines()) == 5


def test_a_pair_page_shows_its_longest_fragments_and_lines_up_to_a_bound(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(_pair_view, "MAX_FRAGMENTS", 1)
    monkeypatch.setattr(_pair_view, "MAX_LINES", 20)
    write_report(sample(), out=tmp_path)
    page = (tmp_path / page_of(SCRIPT_ID, SPACED_ID)).read_text()
    assert set(marked(page, "a")) == set(range(12, 21))  # fragment 1, to the last line shown
    text = text_of(page)
    assert "And 1 shorter fragment, neither listed nor marked" in text
    assert text.count("And 10 more lines, not shown") == 2
    assert "Fragment 2" not in text


def test_two_pairs_whose_page_names_would_meet_get_a_page_each(tmp_path: Path) -> None:
    first, second = pair("x--y", "z", score=2), pair("x", "y--z", score=1)
    assert page_of("x--y", "z") == page_of("x", "y--z")
    paths = write_report(sample(first, second), out=tmp_path)
    pages = [p for p in paths if p.parent.name == "regression"]
    assert len(pages) == len(set(pages)) == 2
    assert "x--y and z" in text_of(pages[0].read_text())
    assert "x and y--z" in text_of(pages[1].read_text())


def test_a_pair_whose_code_the_run_did_not_keep_says_so(tmp_path: Path) -> None:
    run = sample()
    write_report(replace(run, sources={}), out=tmp_path)
    text = text_of((tmp_path / page_of("ben", "cy")).read_text())
    assert "This run kept no code of ben for regression" in text


def test_a_module_named_index_does_not_overwrite_the_class_page(tmp_path: Path) -> None:
    run = sample()
    module = ModuleSimilarity("index", 3, 1, (replace(WEAK, module="index"),))
    paths = write_report(replace(run, modules=(module,)), out=tmp_path)
    assert "Modules" in text_of((tmp_path / "index.html").read_text())
    assert tmp_path / f"{file_stem('index')}.html" in paths


def test_lines_a_fragment_claims_past_the_end_of_the_code_mark_only_what_is_there(
        tmp_path: Path) -> None:
    beyond = pair("ben", "cy", fragments=(Fragment((25, 90), (0, 2), 20),))
    run = sample(beyond)
    run = replace(run, sources=run.sources | {("regression", "ben"): code("ben")})
    write_report(run, out=tmp_path)
    page = (tmp_path / page_of("ben", "cy")).read_text()
    assert set(marked(page, "a")) == set(range(25, 31))
    assert set(marked(page, "b")) == {1, 2}


def test_a_similarity_without_modules_writes_an_empty_class_page(tmp_path: Path) -> None:
    run = Similarity("ML", "2026-12-07T12:00:00+00:00", ())
    write_report(run, out=tmp_path)
    assert "No two learners were reported together" in text_of(
        (tmp_path / "index.html").read_text())
    assert (tmp_path / "pairs.csv").read_text().startswith("module,rank,learner_a")
    assert describe(run) == ""


def test_a_cluster_of_many_learners_names_some_and_counts_the_rest(tmp_path: Path) -> None:
    run = sample()
    many = Cluster("regression", tuple(f"l{i:03d}" for i in range(100)), 99)
    regression = replace(run.modules[0], clusters=(many,))
    write_report(replace(run, modules=(regression,)), out=tmp_path)
    text = text_of((tmp_path / "regression.html").read_text())
    assert "l059 and 40 more" in text and "l060" not in text


def test_an_answer_that_is_not_valid_unicode_is_written_as_an_escape(tmp_path: Path) -> None:
    odd = replace(WEAK, results=(replace(WEAK.results[0], got="bad \udc80 bytes"),))
    write_report(sample(odd), out=tmp_path)
    assert "bad \\udc80 bytes" in (tmp_path / page_of("ben", "cy")).read_text()
    assert "bad \\udc80 bytes" in (tmp_path / "pairs.csv").read_text()
