"""Review packets (grader.peer.packets): what each reviewer receives, for each submission they
review: a page with what the checks found, the code, the rubric and the form; the form
itself, never overwritten once written; an index; and nothing anywhere that names another
learner of the class (tests/scenarios/peer_packets, a class that writes its names in every
place a name turns up)."""

from __future__ import annotations

import json
import re
import unicodedata
from dataclasses import replace
from html.parser import HTMLParser
from pathlib import Path

import pytest

from grader.course.peer_review import PeerReview, peer_review
from grader.load.learner_ids import file_stem
from grader.peer.anonymity import REMOVED, Identity, Scrubber
from grader.peer.forms import form_text
from grader.peer.packets import Packets, PacketSubmission, write_packets
from grader.results import CheckResult, CheckStatus, Detail, ModuleResult, ModuleStatus

from .conftest import SCENARIOS
from .test_capstone_reports import evaluation

CLASS = SCENARIOS / "peer_packets"
IDENTITIES = (
    Identity("lovelace_a", "Augusta Lovelace", "augusta.lovelace@uni.example"),
    Identity("kernighan.b", "Brian Kernighan", "brian.k@mail.example"),
    Identity("s4411x", "Zoë Ørsted", "zorsted@uni.example"),
    Identity("ghopper", "Grace Hopper", "grace.h@navy.example"),
    Identity("dritchie", "Dennis Ritchie", "dmr@bell.example"),  # handed nothing in
)
AUTHORS = ("lovelace_a", "kernighan.b", "s4411x", "ghopper")
PSEUDONYMS = dict(zip(AUTHORS, ("K7QX2M", "P3RT9A", "W4HN6C", "J2LD8F"), strict=True))
RUBRIC = {
    "criteria": [
        {
            "id": "clarity",
            "title": "Clarity",
            "description": "Can a classmate follow what the code does, and why?",
            "comment": "required",
            "levels": [
                {"id": "clear", "points": 4, "title": "Clear", "description": "Every step named."},
                {"id": "hard", "points": 0, "title": "Hard to follow", "description": "Guessing."},
            ],
        },
        {
            "id": "comparison",
            "title": "Comparison of models",
            "levels": [
                {"id": "fair", "points": 2, "title": "Fair", "description": "Same rows."},
                {"id": "missing", "points": 0, "title": "Missing"},
            ],
        },
    ]
}


@pytest.fixture(scope="module")
def settings() -> PeerReview:
    return peer_review("capstone", RUBRIC)


def result(author: str) -> ModuleResult:
    """The author's result as a learner may see it, their name in every text it carries:
    their models' names, a check's details, what their code printed."""
    first = author.split("_")[0].split(".")[0]
    models = evaluation().learner
    named = replace(evaluation(), learner={f"{first}_{m}": s for m, s in models.items()})
    named = replace(named, best={k: f"{first}_{m}" for k, m in named.best.items()},
                    classifier=f"{first}_{named.classifier}")
    checks = (
        CheckResult("runs", "The pipeline runs on the validation set", "public",
                    CheckStatus.PASSED, 2.0, 2.0),
        CheckResult("beats", "Beats the baseline on the private test set", "hidden",
                    CheckStatus.FAILED, 0.0, 3.0, feedback=f"FEEDBACK of {author}",
                    detail=Detail(call=f"fit('/home/{author}/x.csv')", expected="EXPECTED 42",
                                  got="GOT 41", traceback=f'File "/home/{author}/capstone.py"')),
    )
    return ModuleResult("capstone", None, ModuleStatus.GRADED, checks, 5.0,
                        output=f"printed by {author}", source=f"# {author}",
                        message=f"a message for {author}", evaluations=(named,))


def submissions() -> dict[str, PacketSubmission]:
    found = {}
    for author in AUTHORS:
        (path,) = (CLASS / author).glob("capstone.*")
        found[author] = PacketSubmission(author, PSEUDONYMS[author], path.name,
                                         path.read_bytes(), result(author))
    return found


def everyone_reviews_everyone() -> list[tuple[str, str]]:
    return [(reviewer, author) for reviewer in AUTHORS for author in AUTHORS if reviewer != author]


def write(out: Path, settings: PeerReview, **changes: object) -> Packets:
    arguments: dict[str, object] = dict(
        out=out, settings=settings, pairs=everyone_reviews_everyone(),
        submissions=submissions(), identities=IDENTITIES, course_title="Machine learning")
    return write_packets(**(arguments | changes))  # type: ignore[arg-type]


@pytest.fixture(scope="module")
def packets(tmp_path_factory: pytest.TempPathFactory, settings: PeerReview) -> Path:
    out = tmp_path_factory.mktemp("packets")
    write(out, settings)
    return out


def names_of(identity: Identity) -> set[str]:
    """Every text that would give the learner away: id, name, its parts of 3+ letters,
    e-mail and its local part, with and without accents."""
    found = {identity.learner, identity.name, identity.email, identity.email.split("@")[0]}
    found |= {part for part in identity.name.split() if len(part) >= 3}
    plain = {"".join(c for c in unicodedata.normalize("NFKD", t) if not unicodedata.combining(c))
             for t in found}
    return {t.lower() for t in found | plain}


def page_text(path: Path) -> str:
    return path.read_text(encoding="utf-8")


class Text(HTMLParser):
    """The text a person reads on a page (scripts and styles are not text)."""

    def __init__(self) -> None:
        super().__init__()
        self.parts: list[str] = []
        self.tags: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append(tag)

    def handle_data(self, data: str) -> None:
        self.parts.append(data)


def read_page(path: Path) -> Text:
    parser = Text()
    parser.feed(page_text(path))
    return parser


# -- anonymity ---------------------------------------------------------------------------------


def test_no_packet_of_a_learner_names_any_other_learner_of_the_class(packets: Path) -> None:
    """The Done-when: no learner id, name or e-mail of another learner, in any file's name or
    text, of any reviewer's packet: pages, forms and index."""
    checked = 0
    for reviewer in AUTHORS:
        others = [i for i in IDENTITIES if i.learner != reviewer]
        for path in sorted((packets / file_stem(reviewer)).rglob("*")):
            text = (path.name + "\n" + page_text(path)).lower()
            for identity in others:
                for name in names_of(identity):
                    assert name not in text, f"{name!r} of {identity.learner} in {path}"
            checked += 1
    assert checked == 4 * (3 * 2 + 1)


def test_what_named_the_author_reads_as_removed_and_their_code_is_still_there(
        packets: Path) -> None:
    page = page_text(packets / "kernighan.b" / "capstone-review-K7QX2M.html")
    assert "# Name: [name removed]" in page and ">Author: [name removed]<" in page
    assert "__author__ = " in page and "[name removed]_features" in page
    assert "/home/[name removed]/capstone/weather.csv" in page
    assert "compare_models" in page and "min" in page  # the code itself is all there


def test_the_reviewers_own_id_is_on_their_form_and_index(
        packets: Path, settings: PeerReview) -> None:
    folder = packets / "kernighan.b"
    form = (folder / "capstone-review-K7QX2M.toml").read_text()
    assert form == form_text(settings=settings, pseudonym="K7QX2M", reviewer="kernighan.b")
    assert "kernighan.b" in page_text(folder / "index.html")


def test_the_scrubber_removes_whole_names_and_leaves_words_that_only_contain_them() -> None:
    scrub = Scrubber([Identity("ada", "Ada Lovelace", "ada.l@uni.example"),
                      Identity("li", "Jo Li")]).scrub
    assert scrub("data = metadata  # Adam's ada") == f"data = metadata  # Adam's {REMOVED}"
    assert scrub("ada_model = adaModel") == f"{REMOVED}_model = {REMOVED}Model"
    assert scrub("by jo li, JO-LI and Jo.Li") == f"by {REMOVED}, {REMOVED} and {REMOVED}"
    assert scrub("lit = li + 1") == f"lit = {REMOVED} + 1"  # an id, however short
    assert scrub("mail someone@example.org") == f"mail {REMOVED}"
    assert scrub("name: str = 'x'\n# name: the column") == f"name: str = 'x'\n# name: {REMOVED}"
    assert scrub("Author: the Lovelace\n") == f"Author: {REMOVED}\n"


def test_the_scrubber_removes_what_names_a_writer_even_outside_the_class_list() -> None:
    """A name the roster does not know (a nickname, initials) in the places that name
    their writer: header lines, author variables, home folders, e-mail addresses."""
    scrub = Scrubber([]).scrub
    assert scrub("# Author: A. N. Other\n# Written by Al\n") == (
        f"# Author: {REMOVED}\n# Written by {REMOVED}\n")
    assert scrub("**Name:** Al\nStudent ID: 1234\n") == (
        f"**Name:** {REMOVED}\nStudent ID: {REMOVED}\n")
    assert scrub('__author__ = "A. N. Other"') == f'__author__ = "{REMOVED}"'
    assert scrub(r'"/home/al/x.csv", "C:\\Users\\Al\\x"') == (
        rf'"/home/{REMOVED}/x.csv", "C:\\Users\\{REMOVED}\\x"')
    assert scrub("al+1@home.example.org") == REMOVED
    code = "# by default, the median\nname: str = 'x'"
    assert scrub(code) == code


# -- what a reviewer receives ------------------------------------------------------------------


def test_each_reviewer_gets_a_page_and_a_form_per_review_and_an_index(
        tmp_path: Path, settings: PeerReview) -> None:
    done = write(tmp_path, settings)
    assert done.reviewers == 4 and done.problems == ()
    assert sorted(p.name for p in (tmp_path / "s4411x").iterdir()) == [
        "capstone-review-J2LD8F.html", "capstone-review-J2LD8F.toml",
        "capstone-review-K7QX2M.html", "capstone-review-K7QX2M.toml",
        "capstone-review-P3RT9A.html", "capstone-review-P3RT9A.toml", "index.html"]
    assert sorted(done.written) == sorted(p for p in tmp_path.rglob("*") if p.is_file())
    index = read_page(tmp_path / "s4411x" / "index.html")
    text = " ".join(index.parts)
    assert "3 submissions to review" in text and "Hand the forms in" in text
    links = re.findall(r'href="([^"]+)"', page_text(tmp_path / "s4411x" / "index.html"))
    assert links == ["capstone-review-J2LD8F.html", "capstone-review-K7QX2M.html",
                     "capstone-review-P3RT9A.html"]


def test_writing_the_packets_again_never_overwrites_a_form_a_reviewer_has_begun(
        tmp_path: Path, settings: PeerReview) -> None:
    write(tmp_path, settings)
    form = tmp_path / "ghopper" / "capstone-review-K7QX2M.toml"
    begun = form.read_text().replace('level = ""', 'level = "clear"', 1)
    form.write_text(begun)
    page = tmp_path / "ghopper" / "capstone-review-K7QX2M.html"
    page.write_text("stale")
    again = write(tmp_path, settings)
    assert form.read_text() == begun
    assert "Review of submission" in page.read_text()
    assert form not in again.written and page in again.written
    assert "kept as it was" in page_text(tmp_path / "ghopper" / "index.html")


def test_a_review_no_longer_asked_loses_its_page_and_keeps_its_form(
        tmp_path: Path, settings: PeerReview) -> None:
    write(tmp_path, settings)
    pairs = [pair for pair in everyone_reviews_everyone() if pair != ("ghopper", "lovelace_a")]
    write(tmp_path, settings, pairs=pairs)
    folder = tmp_path / "ghopper"
    assert not (folder / "capstone-review-K7QX2M.html").exists()
    assert (folder / "capstone-review-K7QX2M.toml").exists()
    assert "K7QX2M" not in page_text(folder / "index.html")
    assert (tmp_path / "s4411x" / "capstone-review-K7QX2M.html").exists()


def test_a_page_shows_the_checks_a_learner_may_see_and_none_of_their_details(
        packets: Path) -> None:
    page = page_text(packets / "ghopper" / "capstone-review-P3RT9A.html")
    text = " ".join(read_page(packets / "ghopper" / "capstone-review-P3RT9A.html").parts)
    assert "1 of 2 checks passed: 2 / 5 points" in text
    assert "The pipeline runs on the validation set" in text and "hidden" in text
    for detail in ("FEEDBACK", "EXPECTED 42", "GOT 41", "capstone.py&#34;", "printed by",
                   "a message for"):
        assert detail not in page


def test_a_capstone_page_shows_its_metric_tables_with_the_authors_models_unnamed(
        packets: Path) -> None:
    page = read_page(packets / "ghopper" / "capstone-review-K7QX2M.html")
    text = " ".join(page.parts)
    assert page.tags.count("table") == 2 + 2  # rainfall and rain; the two criteria's levels
    assert f"{REMOVED}_linear_regression" in text and "3.900" in text
    assert "mean rainfall tomorrow" in text  # the baseline, beside the author's models


def test_a_notebook_shows_its_cells_in_order_without_outputs_attachments_or_metadata(
        packets: Path) -> None:
    path = packets / "lovelace_a" / "capstone-review-P3RT9A.html"
    page = page_text(path)
    cells = re.findall(r"Cell (\d+)", page)
    assert cells == ["1", "2", "3", "4"]
    assert "**Name:** [name removed]" in page  # markdown, as written (escaped)
    assert '<span class="kn">import</span>' in page  # code, highlighted
    for dropped in ("run by", "QnJpYW4", "jupyter_user", "Python 3 (", "execute_result"):
        assert dropped not in page


def test_the_rubric_and_the_form_are_on_the_page(packets: Path, settings: PeerReview) -> None:
    path = packets / "ghopper" / "capstone-review-K7QX2M.html"
    text = " ".join(read_page(path).parts)
    for criterion in settings.criteria:
        assert criterion.title in text
        for level in criterion.levels:
            assert level.id in text and level.title in text
    assert "comment required" in text and "comment optional" in text
    assert 'submission = "K7QX2M"' in text and 'reviewer = "ghopper"' in text


def test_markup_in_a_submission_is_shown_as_text_and_no_page_may_run_a_script(
        tmp_path: Path, settings: PeerReview) -> None:
    script, image = "<script>alert(1)</script>", "<img src=x onerror=alert(2)>"
    notebook = json.loads((CLASS / "ghopper" / "capstone.ipynb").read_text())
    notebook["cells"][0]["source"] = [f"# {script}\n", image]
    found = submissions()
    hostile = replace(found["ghopper"].result.evaluations[0],
                      learner={image: {"mae": 1.0}}, best={"mae": image})
    found["ghopper"] = replace(found["ghopper"], content=json.dumps(notebook).encode(),
                               result=replace(found["ghopper"].result, evaluations=(hostile,)))
    found["s4411x"] = replace(found["s4411x"], content=f"# {script}\nx = '{image}'\n".encode())
    write(tmp_path, settings, submissions=found)
    for path in tmp_path.rglob("*.html"):
        page = page_text(path)
        assert "<script" not in page and "<img" not in page
        assert "script-src 'none'" in page and "default-src 'none'" in page
    assert "&lt;script&gt;" in page_text(tmp_path / "s4411x" / "capstone-review-J2LD8F.html")


# -- a submission that cannot be shown whole ---------------------------------------------------


@pytest.mark.parametrize(("file", "content", "says"), [
    ("capstone.ipynb", b'{"cells": [', "cut off"),
    ("capstone.ipynb", b"[" * 5000 + b"]" * 5000, "nested"),
    ("capstone.ipynb", b" " * (20 * 1024 * 1024 + 1), "more than"),
    ("capstone.py", b"x = 1\n" * 200_000, "more than"),
    ("capstone.py", b"   \n", "empty"),
], ids=["cut-off", "deep", "huge-notebook", "huge-file", "empty"])
def test_a_submission_that_cannot_be_shown_still_goes_out_saying_so(
        tmp_path: Path, settings: PeerReview, file: str, content: bytes, says: str) -> None:
    found = submissions()
    found["s4411x"] = replace(found["s4411x"], file=file, content=content)
    done = write(tmp_path, settings, submissions=found)
    (problem,) = done.problems
    assert problem.startswith("s4411x (W4HN6C)") and says in problem
    page = read_page(tmp_path / "ghopper" / "capstone-review-W4HN6C.html")
    assert says in " ".join(page.parts) and "Clarity" in " ".join(page.parts)
    assert len(done.written) == 4 * 3 * 2 + 4


def test_the_grader_failing_on_one_file_is_that_submissions_problem_not_the_end_of_the_run(
        tmp_path: Path, settings: PeerReview, monkeypatch: pytest.MonkeyPatch) -> None:
    def broken(data: bytes, filename: str) -> None:
        raise RuntimeError("a bug of the grader's, reading Grace Hopper's cells")

    monkeypatch.setattr("grader.peer._packet_view.read_notebook", broken)
    done = write(tmp_path, settings)
    assert sorted(p.split(":")[0] for p in done.problems) == [
        "ghopper (J2LD8F)", "kernighan.b (P3RT9A)"]
    assert "the grader failed" in done.problems[0]
    page = page_text(tmp_path / "s4411x" / "capstone-review-J2LD8F.html")
    assert "the grader failed (RuntimeError)" in page and "Clarity" in page
    assert "Hopper" not in page  # the error's message may quote the file: not shown


def test_long_markdown_is_cut_and_says_how_much_is_left_out(
        tmp_path: Path, settings: PeerReview) -> None:
    notebook = json.loads((CLASS / "ghopper" / "capstone.ipynb").read_text())
    notebook["cells"][0]["source"] = ["Grace Hopper " * 10_000]
    found = submissions()
    found["ghopper"] = replace(found["ghopper"], content=json.dumps(notebook).encode())
    write(tmp_path, settings, submissions=found)
    page = page_text(tmp_path / "s4411x" / "capstone-review-J2LD8F.html")
    assert "110,000 more characters not shown" in page
    assert "hopper" not in page.lower()


def test_a_review_of_a_learner_without_a_submission_is_a_problem_and_the_rest_goes_out(
        tmp_path: Path, settings: PeerReview) -> None:
    pairs = [*everyone_reviews_everyone(), ("ghopper", "dritchie")]
    done = write(tmp_path, settings, pairs=pairs)
    assert done.problems == ("ghopper reviews dritchie, who has no submission to show",)
    assert len(list((tmp_path / "ghopper").glob("*.html"))) == 3 + 1


# -- where the files go ------------------------------------------------------------------------


def test_a_reviewer_whose_id_is_not_a_plain_name_gets_a_folder_inside_the_packets(
        tmp_path: Path, settings: PeerReview) -> None:
    found = submissions()
    out = tmp_path / "out"
    done = write(out, settings, pairs=[("..", "ghopper"), ("Ada Lovelace/..", "s4411x")],
                 submissions=found)
    assert done.reviewers == 2
    assert all(out in path.parents for path in done.written)
    assert sorted(p.name for p in out.iterdir()) == sorted(
        [file_stem(".."), file_stem("Ada Lovelace/..")])


def test_a_reviewers_folder_that_links_elsewhere_is_refused(
        tmp_path: Path, settings: PeerReview) -> None:
    out, elsewhere = tmp_path / "out", tmp_path / "elsewhere"
    out.mkdir()
    elsewhere.mkdir()
    (out / "ghopper").symlink_to(elsewhere)
    with pytest.raises(ValueError, match="not a folder inside"):
        write(out, settings)
    assert list(elsewhere.iterdir()) == []


def test_a_pseudonym_that_could_name_another_file_is_refused(
        tmp_path: Path, settings: PeerReview) -> None:
    found = submissions()
    found["ghopper"] = replace(found["ghopper"], pseudonym="../J2LD8F")
    with pytest.raises(ValueError, match="cannot be a pseudonym"):
        write(tmp_path, settings, submissions=found)
