"""The learners' leaderboard of a project: on each learner's own page, the class ranked as the
instructor's board ranks it, their own row marked "you" and every other row a rank and scores
only; on the validation set until the module's feedback is released, on the test set after;
and a page written again whenever the class's board changes."""

from __future__ import annotations

import html
import json
import math
import sqlite3
from collections.abc import Iterator
from dataclasses import replace
from pathlib import Path

import pytest

from grader import __version__
from grader.course.feedback import FeedbackPolicy
from grader.gradebook import ClassList, Entry, Gradebook, Releases, latest_evaluations
from grader.grading.publish import LEARNERS_PER_TASK, publish
from grader.load.learner_ids import file_stem
from grader.load.roster import Roster, RosterEntry
from grader.reports import ClassBoards, class_boards
from grader.reports.html import render_learner_html
from grader.results import (
    ALL_RELEASED,
    Evaluation,
    FeedbackRelease,
    LearnerResult,
    ModuleResult,
    ModuleStatus,
)

from .test_capstone_reports import HELD, capstone, class_page, evaluation, klass, learner, rows_of

NAN = math.nan


def boards_of(*learners: LearnerResult, release: FeedbackRelease = ALL_RELEASED) -> ClassBoards:
    return class_boards(
        ((lr.learner, m.module, m.evaluations) for lr in learners for m in lr.modules),
        modules=("capstone",),
        release=release,
    )


def standing(result: LearnerResult, boards: ClassBoards,
             release: FeedbackRelease = ALL_RELEASED) -> list[list[list[str]]]:
    """The learner's boards as their page shows them: each table's rows, header first."""
    page = render_learner_html(release.shown(result), course_title="ML", boards=boards)
    return rows_of(page, "standing")


def ranked(table: list[list[str]]) -> list[list[str]]:
    """A learner's board without its header, reference and baseline: rank, then the scores."""
    return [row for row in table[1:] if row[0] not in ("reference", "baseline")]


def test_a_learner_sees_the_class_ranked_with_only_their_own_row_marked_you() -> None:
    ada = learner("ada", evaluation(mae=3.6, f1=0.30))
    ben = learner("ben", evaluation(mae=3.5, f1=0.41))
    cleo = learner("cleo", evaluation(mae=4.0, f1=0.20))
    rainfall, rain = standing(ada, boards_of(ada, ben, cleo))
    assert rainfall[0][:2] == ["Rank", "MAE lower is better"]
    assert [row[:2] for row in ranked(rainfall)] == [["1", "3.500"], ["2 you", "3.600"],
                                                      ["3", "4.000"]]
    assert [row[:2] for row in ranked(rain)] == [["1", "0.410"], ["2 you", "0.300"],
                                                  ["3", "0.250"]]
    assert rainfall[-2][:2] == ["reference", "3.450"] and rainfall[-1][:2] == ["baseline", "4.360"]
    page = render_learner_html(ada, course_title="ML", boards=boards_of(ada, ben, cleo))
    assert "Your best model ranks <strong>2</strong> of 3 by MAE (lower is better)" in page
    assert "ben" not in page and "cleo" not in page


def test_the_learners_board_ranks_as_the_instructors_with_ties_and_missing_scores() -> None:
    result = klass(
        learner("ada", evaluation(), evaluation("test", mae=3.6, f1=0.30)),
        learner("ben", evaluation(), evaluation("test", mae=3.5, f1=0.41)),
        learner("cleo", evaluation(), evaluation("test", mae=4.0, f1=0.30)),
        learner("dev", evaluation(), evaluation("test", mae=NAN, f1=0.10)),
    )
    theirs = rows_of(class_page(result), "leaderboard")
    mine = standing(result.learners[3], boards_of(*result.learners))
    for instructors, learners in zip(theirs, mine, strict=True):
        ranked_there = [[row[0], *row[2:]] for row in instructors[1:-2]]
        assert [[row[0].removesuffix(" you"), *row[1:]] for row in ranked(learners)] \
            == ranked_there
        assert learners[-2:] == [row[1:] for row in instructors[-2:]]  # reference, baseline
    assert [row[:2] for row in ranked(mine[0])][-1] == ["4 you", "—"]  # no MAE: last


def test_rows_sharing_a_rank_are_ordered_by_their_scores_never_by_whose_they_are() -> None:
    """Two learners tied on F1 with different accuracies: whichever ids they have, every page
    lists their rows in the same order, so that the order tells nothing of the ids."""
    def tied(first: str, second: str) -> list[list[str]]:
        one, two = evaluation(f1=0.30), evaluation(f1=0.30)
        one.learner["knn"]["accuracy"], two.learner["knn"]["accuracy"] = 0.70, 0.83
        me = learner("me", evaluation(f1=0.20))
        board = boards_of(me, learner(first, one), learner(second, two))
        return ranked(standing(me, board)[1])

    assert tied("aaa", "zzz") == tied("zzz", "aaa")
    assert [row[:3] for row in tied("aaa", "zzz")] == [
        ["1", "0.300", "0.830"], ["1", "0.300", "0.810"], ["3 you", "0.250", "0.810"]]


def test_among_rows_showing_the_same_the_learners_own_comes_first() -> None:
    same = [learner(name, evaluation(mae=3.7)) for name in ("aaa", "mmm", "zzz")]
    boards = boards_of(*same)
    for one in same:
        rainfall = ranked(standing(one, boards)[0])
        assert [row[0] for row in rainfall] == ["1 you", "1", "1"], one.learner


def test_before_the_release_the_class_is_ranked_on_the_validation_set_and_no_test_score_shows(
) -> None:
    ada = learner("ada", evaluation(mae=3.9), evaluation("test", mae=3.617, f1=0.388))
    ben = learner("ben", evaluation(mae=3.8), evaluation("test", mae=3.523, f1=0.412))
    before = render_learner_html(HELD.shown(ada), course_title="ML",
                                 boards=boards_of(ada, ben, release=HELD))
    assert 'class="standing-board" id="m1-b1" data-dataset="validation"' in before
    assert "Rainfall tomorrow, on the test set" not in before
    assert "3.617" not in before and "3.523" not in before
    assert "ranking on the private test set is shown once the module's feedback" in before
    after = render_learner_html(ada, course_title="ML", boards=boards_of(ada, ben))
    rainfall = ranked(rows_of(after, "standing")[0])
    assert [row[:2] for row in rainfall] == [["1", "3.523"], ["2 you", "3.617"]]
    assert "Rainfall tomorrow, on the test set" in after


def test_a_learner_without_a_score_sees_the_class_and_no_row_of_theirs() -> None:
    ada, ben = learner("ada", evaluation()), learner("ben", evaluation(mae=3.5))
    page = render_learner_html(learner("zoe"), course_title="ML", boards=boards_of(ada, ben))
    assert "You have no score on this task here; 2 learners are ranked by MAE" in page
    assert " you" not in "".join(row[0] for table in rows_of(page, "standing") for row in table)


def test_the_boards_key_changes_with_what_the_learners_page_shows_of_them() -> None:
    ada, ben = learner("ada", evaluation(mae=3.6)), learner("ben", evaluation(mae=3.5))
    boards = boards_of(ada, ben)
    assert boards.key("ada") != boards.key("ben")  # the same rows, another marked
    better = learner("ben", evaluation(mae=3.4))
    assert boards_of(ada, better).key("ada") != boards.key("ada")
    renamed = learner("bob", evaluation(mae=3.5))
    assert boards_of(ada, renamed).key("ada") == boards.key("ada")  # nothing shown changed


# --- published from the gradebook: a class with a roster ------------------------------------

ROSTER = Roster((
    RosterEntry("s2041-ada", "Ada Lovelace", "ada.lovelace@uni.example", "lms-88101"),
    RosterEntry("s2042-ben", "Benoît O'Brien", "b.obrien@uni.example", "lms-88102"),
    RosterEntry("s2043-cleo", "Cleo Okafor", "cleo.okafor@uni.example", "lms-88103"),
    RosterEntry("s2044-dev", "Dev Raman", "dev.raman@uni.example", "lms-88104"),
    RosterEntry("s2045-eve", "Eve Moreau", "eve.moreau@uni.example", "lms-88105"),
    RosterEntry("s2046-zoe", "Zoë Park", "zoe.park@uni.example", "lms-88106"),  # nothing in
))
# Each learner's MAE and F1 on the validation set, then on the test set: the test set's are
# numbers no page may show before the release.
SCORES = {
    "s2041-ada": ((3.90, 0.30), (3.617, 0.388)),
    "s2042-ben": ((3.80, 0.41), (3.523, 0.412)),
    "s2043-cleo": ((4.00, 0.30), (4.071, 0.293)),
    "s2044-dev": ((NAN, 0.10), (NAN, 0.127)),
    "s2045-eve": ((4.36, 0.00), (4.419, 0.011)),
}
TEST_NUMBERS = ("3.617", "3.523", "4.071", "4.419", "0.388", "0.412", "0.293")


def record(book: Gradebook, learners: dict[str, tuple[tuple[float, float], ...]]) -> None:
    run = book.start_run(submissions=book.path.parent, out=book.path.parent, regrade=False,
                         course_title="ML", modules=("capstone",), isolation=None,
                         grader_version=__version__)
    for name, ((mae, f1), (test_mae, test_f1)) in learners.items():
        result = learner(name, evaluation(mae=mae, f1=f1),
                         evaluation("test", mae=test_mae, f1=test_f1, charts=False))
        book.record(run, name, [Entry("capstone", result=result.modules[0],
                                      inputs_sha256=f"{name}{mae}{test_mae}")])
    book.finish_run(run, graded=len(learners), reused=0)


@pytest.fixture()
def db(tmp_path: Path) -> Path:
    """A capstone graded for five of a roster's six learners, its feedback released by hand."""
    path = tmp_path / "gradebook.sqlite"
    with Gradebook.open(path, create=True, writer="test") as book:
        ClassList(book).replace_roster(ROSTER)
        record(book, SCORES)
        Releases(book).replace_policies({"capstone": FeedbackPolicy("manual")})
    return path


def pages(out: Path) -> dict[str, str]:
    return {entry.learner: (out / "learners" / f"{file_stem(entry.learner)}.html").read_text()
            for entry in ROSTER}


def said(entry: RosterEntry) -> Iterator[str]:
    """Everything that names a learner, as a page may write it."""
    for text in (entry.learner, entry.name, entry.email, entry.lms_id):
        yield from {text, html.escape(text), html.escape(text, quote=False)}


def release(db: Path, released: bool = True) -> None:
    with Gradebook.open(db, writer="test") as book:
        Releases(book).set("capstone", released=released, by="teacher")


def test_no_published_page_names_another_learner_of_the_roster(db: Path, tmp_path: Path) -> None:
    for released in (False, True):
        if released:
            release(db)
        out = tmp_path / f"out-{released}"
        publish(db, out, course_title="ML")
        for me, page in pages(out).items():
            assert page.count('class="standing"') == 2, me
            for other in ROSTER:
                if other.learner != me:
                    assert not [text for text in said(other) if text in page], (me, other)


def test_every_published_page_shows_the_same_board_and_its_own_row_as_you(
        db: Path, tmp_path: Path) -> None:
    release(db)
    publish(db, tmp_path / "out", course_title="ML")
    seen = {me: rows_of(page, "standing") for me, page in pages(tmp_path / "out").items()}
    unmarked = {json.dumps([[[c.removesuffix(" you") for c in row] for row in table]
                            for table in tables]) for tables in seen.values()}
    assert len(unmarked) == 1  # one board, whoever reads it
    rainfall = {me: [row[0] for row in ranked(tables[0]) if row[0].endswith("you")]
                for me, tables in seen.items()}
    assert rainfall == {"s2041-ada": ["2 you"], "s2042-ben": ["1 you"], "s2043-cleo": ["3 you"],
                        "s2044-dev": ["5 you"], "s2045-eve": ["4 you"], "s2046-zoe": []}


def test_no_page_shows_a_test_set_score_before_the_release(db: Path, tmp_path: Path) -> None:
    publish(db, tmp_path / "before", course_title="ML")
    for me, page in pages(tmp_path / "before").items():
        assert 'data-dataset="test"' not in page, me
        assert not [n for n in TEST_NUMBERS if n in page], me
    release(db)
    publish(db, tmp_path / "after", course_title="ML")
    after = pages(tmp_path / "after")
    assert all(n in after["s2046-zoe"] for n in TEST_NUMBERS)  # everyone's, on the board


def test_a_page_is_written_again_when_the_class_board_changes(db: Path, tmp_path: Path) -> None:
    out = tmp_path / "out"
    publish(db, out, course_title="ML")
    assert publish(db, out, course_title="ML").rendered == 0
    with Gradebook.open(db, writer="test") as book:  # cleo hands in a better pipeline
        record(book, {"s2043-cleo": ((3.70, 0.50), (3.4, 0.45))})
    again = publish(db, out, course_title="ML")
    assert again.rendered == len(ROSTER)  # the board changed on every page
    ada = ranked(rows_of(pages(out)["s2041-ada"], "standing")[0])
    assert [row[:2] for row in ada[:3]] == [["1", "3.700"], ["2", "3.800"], ["3 you", "3.900"]]


def test_several_processes_publish_the_boards_one_process_publishes(tmp_path: Path) -> None:
    db = tmp_path / "gradebook.sqlite"
    many = {f"learner{i:02d}": ((3.5 + i / 50, 0.2 + i / 100), (3.4 + i / 50, 0.3))
            for i in range(LEARNERS_PER_TASK + 3)}  # two shares: each process publishes some
    with Gradebook.open(db, create=True, writer="test") as book:
        record(book, many)
    publish(db, tmp_path / "alone", course_title="ML", jobs=1)
    publish(db, tmp_path / "shared", course_title="ML", jobs=2)
    for name in many:
        alone, shared = (tmp_path / where / "learners" / f"{name}.html" for where in
                         ("alone", "shared"))
        assert alone.read_text() == shared.read_text() and 'class="you"' in alone.read_text()


def test_releasing_the_feedback_turns_every_board_to_the_test_set(db: Path, tmp_path: Path) -> None:
    out = tmp_path / "out"
    publish(db, out, course_title="ML")
    release(db)
    assert publish(db, out, course_title="ML").rendered == len(ROSTER)
    assert all('data-dataset="test"' in page for page in pages(out).values())


def test_a_removed_learner_leaves_every_board(db: Path, tmp_path: Path) -> None:
    with Gradebook.open(db, writer="test") as book:
        ClassList(book).remove("s2042-ben", reason="left the course", by="teacher")
    publish(db, tmp_path / "out", course_title="ML")
    rainfall = ranked(rows_of(pages_but(tmp_path / "out", "s2042-ben")["s2041-ada"],
                              "standing")[0])
    assert [row[:2] for row in rainfall][:2] == [["1 you", "3.900"], ["2", "4.000"]]
    assert len(rainfall) == 4


def pages_but(out: Path, removed: str) -> dict[str, str]:
    return {e.learner: (out / "learners" / f"{file_stem(e.learner)}.html").read_text()
            for e in ROSTER if e.learner != removed}


def test_a_result_the_gradebook_cannot_read_is_left_off_the_boards(db: Path) -> None:
    with sqlite3.connect(db) as raw:
        raw.execute("UPDATE attempts SET result = '{\"evaluations\": [' "
                    "WHERE learner = 's2042-ben'")
    with Gradebook.open(db) as book:
        found = [row[0] for row in latest_evaluations(book, ("capstone",))]
    assert found == sorted(set(SCORES) - {"s2042-ben"})


def test_damaged_evaluations_are_left_off_the_boards_as_off_the_learners_own_page(
        db: Path, tmp_path: Path) -> None:
    with sqlite3.connect(db) as raw:
        raw.execute("UPDATE attempts SET result = json_set(result, '$.evaluations', "
                    "json('[\"junk\", 7, {\"learner\": []}]')) WHERE learner = 's2042-ben'")
    published = publish(db, tmp_path / "out", course_title="ML")
    assert not published.troubles
    shown = pages(tmp_path / "out")
    ada = ranked(rows_of(shown["s2041-ada"], "standing")[0])
    assert ada[0][:2] == ["1 you", "3.900"] and len(ada) == 4
    assert "You have no score on this task here; 4 learners" in shown["s2042-ben"]


def test_a_board_shows_in_its_own_projects_section_only() -> None:
    boards = boards_of(learner("ben", evaluation()))
    ada = LearnerResult("ada", (ModuleResult("regression", "regression.py", ModuleStatus.GRADED),
                                capstone()))
    page = render_learner_html(ada, course_title="ML", boards=boards)
    regression, project = page.index('id="m1"'), page.index('id="m2"')
    assert page.count('class="standing"') == 2 and page.index('class="standing"') > project
    assert regression < project
    assert 'class="standing"' not in render_learner_html(ada, course_title="ML")


def test_evaluations_read_from_the_gradebook_are_those_results_json_holds_but_the_charts(
        db: Path) -> None:
    def shown(evaluations: tuple[Evaluation, ...]) -> str:  # NaN == NaN, in JSON
        return json.dumps([replace(e, roc=(), scatter=()).to_dict() for e in evaluations])

    with Gradebook.open(db) as book:
        from_pages = {lr.learner: shown(m.evaluations) for lr in book.learner_results(__version__)
                      for m in lr.modules if m.evaluations}
        read = {name: shown(found) for name, _, found in latest_evaluations(book, ("capstone",))}
    assert read == from_pages and set(read) == set(SCORES)  # dev's NaN MAE included
