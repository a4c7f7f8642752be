"""Feedback release: before a module's feedback is released, nothing of its hidden checks or of
its quiz's keys reaches learners, in their page or in any export; `grader publish` releases it
by hand and takes it back; the deadline releases it, never before an extension ends."""

from __future__ import annotations

import html
import json
import sqlite3
import xml.etree.ElementTree as ET
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner

from grader.cli import main
from grader.course import CourseFileError, load_course
from grader.course.lateness import Extension
from grader.exports import export_gradebook
from grader.gradebook import Gradebook, Releases
from grader.grading import grade_class
from grader.grading.feedback_release import FeedbackReleaseError, release_feedback
from grader.grading.publish import publish
from grader.quiz import answer_key
from grader.reports._learner_view import module_views, revisions
from grader.results import ALL_RELEASED

from .conftest import COURSE, reference
from .gradebook_classes import course_copy, mistake, write_class

# regression is released at its deadline (cutoff 2026-10-07), classification by hand.
SETTINGS = """
[deadlines.regression]
due = 2026-10-05T23:59:00Z
cutoff = 2026-10-07T23:59:00Z

[feedback.regression]
release = "deadline"

[feedback.classification]
release = "manual"

[feedback.optimization]
release = "deadline"
"""
BEFORE = datetime(2026, 10, 6, tzinfo=UTC)  # after the due time, before the cutoff
AFTER = datetime(2026, 10, 8, tzinfo=UTC)  # after the cutoff
TITLE = "Machine learning from scratch"  # the course's, as `grader publish` writes it again


def invoke(*args: str | Path):
    return CliRunner().invoke(main, [str(a) for a in args], catch_exceptions=False)


@pytest.fixture(scope="module")
def graded(tmp_path_factory) -> tuple[Path, Any]:
    """A class whose hidden checks fail with every detail (a classic mistake, a crash) and
    whose quizzes were answered right and wrong; returns the gradebook and the run."""
    folder = tmp_path_factory.mktemp("release")
    course = course_copy(folder, SETTINGS)

    def key(module: str, learner: str) -> str:
        return answer_key(module, learner=learner, course_root=COURSE)

    submissions = write_class(folder / "class", {
        "ada": {"regression.py": mistake("regression"),
                "classification.py": mistake("classification"),
                "clustering.py": mistake("clustering"),
                "regression.quiz.toml": key("regression", "ada"),
                "classification.quiz.toml": key("classification", "ada")},
        "ben": {"regression.py": reference("regression").replace(
                    "def r2_score(", "def r2_score(*a):\n    raise ValueError('nope')\n\n"
                    "def _unused("),
                "classification.py": mistake("classification", 1) + PRINTS_ITS_INPUTS,
                "regression.quiz.toml": _wrong(key("regression", "ben")),
                "classification.quiz.toml": _wrong(key("classification", "ben"))},
    })
    run = grade_class(submissions, out=folder / "out", course=course, jobs=2)
    return folder / "out" / "gradebook.sqlite", run


# What a learner's code prints may hold the inputs of hidden checks.
PRINTS_ITS_INPUTS = """

_knn_predict = knn_predict


def knn_predict(X_train, y_train, X_query, k):
    print("asked to label", X_query.tolist(), "with k =", k)
    return _knn_predict(X_train, y_train, X_query, k)
"""


def _wrong(sheet: str) -> str:
    """The answer key with every answer wrong: another choice, a wrong text or number."""
    lines = []
    for line in sheet.splitlines():
        name, sep, value = (part.strip() for part in line.partition("="))
        if sep and name not in ("learner", "variant"):
            value = ('"a"' if value != '"a"' else '"b"') if len(value) == 3 and \
                value.startswith('"') else '["a"]' if value.startswith("[") else \
                '"no idea"' if value.startswith('"') else "123456.5"
            line = f"{name} = {value}"
        lines.append(line)
    return "\n".join(lines) + "\n"


def copy_of(db: Path, folder: Path) -> Path:
    """The gradebook copied whole, for a test that changes it."""
    folder.mkdir(parents=True, exist_ok=True)
    copy = folder / "gradebook.sqlite"
    with sqlite3.connect(db) as source, sqlite3.connect(copy) as target:
        source.backup(target)
    source.close()
    target.close()
    return copy


# -- what must not be seen, and where to look for it ------------------------------------------

def secrets(db: Path, modules: tuple[str, ...]) -> set[str]:
    """Every line of every text of the modules' hidden checks and quizzes that nothing else
    shows anyway (public checks, other modules, the learners' own code and answers), so that
    finding one means a leak."""
    with Gradebook.open(db) as book:
        learners = list(book.learner_results(""))
    held: set[str] = set()
    public: set[str] = set()
    for learner in learners:
        for module in learner.modules:
            public |= _lines(module.source)
            if module.module in modules:
                held |= _lines(module.output)
            for check in module.checks:
                texts = _check_texts(check)
                if check.visibility == "hidden" and module.module in modules:
                    held |= texts
                else:
                    public |= texts | _lines(check.title)
        for quiz in learner.quizzes:
            for question in quiz.questions:
                public |= _lines(question.answer) | _lines(question.title)
                texts = _lines(question.feedback) | _lines(question.expected)
                if quiz.quiz in modules:
                    held |= texts
                else:
                    public |= texts
    return {text for text in held - public if len(text) >= 12}  # shorter ones: "Right: 2."


def _check_texts(check: Any) -> set[str]:
    d = check.detail
    texts = [check.feedback, d.call, d.expected, d.got, d.reason, d.hint, d.traceback, d.withheld]
    texts += [text for m in d.misconceptions for text in (m.name, m.hint)]
    if d.smallest is not None:
        texts += [d.smallest.call, d.smallest.expected, d.smallest.got, d.smallest.reason]
    return set().union(*map(_lines, texts))


def _lines(text: str) -> set[str]:
    return {line.strip() for line in text.splitlines() if line.strip()}


def learner_outputs(db: Path, folder: Path, now: datetime) -> dict[str, str]:
    """Every channel that reaches learners, as the plain text a learner reads: each page,
    the Gradescope files, JUnit and `export --format json`."""
    out = folder / "out"
    publish(db, out, course_title=TITLE, now=now)
    texts = {f"page {p.name}": html.unescape(p.read_text())
             for p in (out / "learners").glob("*.html")}
    export_gradebook(db=db, format="gradescope", out=folder / "gs", now=now)
    for path in (folder / "gs").glob("*/results.json"):
        texts[f"gradescope {path.parent.name}"] = "\n".join(_strings(json.loads(path.read_text())))
    junit = ET.fromstring(export_gradebook(db=db, format="junit", now=now).text)
    texts["junit"] = "\n".join(
        [*junit.itertext(), *(v for e in junit.iter() for v in e.attrib.values())])
    texts["json"] = "\n".join(_strings(json.loads(export_gradebook(db=db, format="json",
                                                                   now=now).text)))
    return texts


def _strings(data: Any) -> Iterator[str]:
    if isinstance(data, dict):
        for value in data.values():
            yield from _strings(value)
    elif isinstance(data, list):
        for value in data:
            yield from _strings(value)
    elif isinstance(data, str):
        yield data


def leaks(texts: dict[str, str], held: set[str]) -> list[tuple[str, str]]:
    return [(channel, secret) for channel, text in texts.items() for secret in held
            if secret in text]


# -- before and after release -----------------------------------------------------------------

def test_before_a_release_by_hand_no_channel_shows_a_hidden_check_or_a_quiz_key(
        graded, tmp_path):
    db, _ = graded
    held = secrets(db, ("classification",))
    assert len(held) > 20  # calls, expected values, hints, mistakes, keys, explanations
    assert leaks(learner_outputs(db, tmp_path, AFTER), held) == []


def test_before_the_deadline_nothing_is_shown_and_after_it_everything_is(graded, tmp_path):
    db, _ = graded
    held = secrets(db, ("regression",))
    assert len(held) > 20
    assert leaks(learner_outputs(db, tmp_path / "before", BEFORE), held) == []
    after = leaks(learner_outputs(db, tmp_path / "after", AFTER), held)
    assert len({secret for _, secret in after}) > len(held) // 2  # the page shows them again
    assert {channel.split()[0] for channel, _ in after} == {"page", "gradescope", "junit", "json"}


def test_before_release_a_learner_sees_every_score_status_and_title_and_why_not_more(
        graded, tmp_path):
    db, _ = graded
    page = html.unescape(_page(db, tmp_path, "ada", BEFORE))
    with Gradebook.open(db) as book:
        ada = next(book.learner_results("", ["ada"]))
    for check in ada.module("classification").checks:
        assert check.title in page
    assert "Details of hidden checks are shown once the module's feedback is released " \
           "(by your instructor)." in page
    assert "(at the deadline)." in page  # regression, before its cutoff
    assert f"{ada.module('classification').score:g} / " in page
    assert "Details of the quiz's questions are shown once" in page


def test_what_to_revise_counts_no_hidden_check_before_release(graded):
    with Gradebook.open(graded[0]) as book:
        ada = next(book.learner_results("", ["ada"]))
        release = book.feedback_release(AFTER)
    public = sum(not c.passed for c in ada.module("classification").checks
                 if c.visibility == "public")
    hidden = sum(not c.passed for c in ada.module("classification").checks
                 if c.visibility == "hidden")
    assert hidden

    def counted(learner: Any) -> int:
        (revision,) = [r for r in revisions(module_views(learner))
                       if r.module.module == "classification"]
        return sum(topic.checks for topic in revision.topics)

    assert counted(release.shown(ada)) == public
    assert counted(ALL_RELEASED.marked(ada)) == public + hidden  # once released


def test_what_to_revise_names_no_hidden_check_before_release(graded, tmp_path):
    db, _ = graded
    with Gradebook.open(db) as book:
        ada = next(book.learner_results("", ["ada"]))
    titles = [c.title for c in ada.module("classification").checks
              if c.visibility == "hidden" and not c.passed]
    assert titles
    revise = _page(db, tmp_path / "before", "ada", AFTER).split('id="revise"')[1] \
        .split("</section>")[0]
    assert not [t for t in titles if html.escape(t) in revise]
    released = _page(db, tmp_path / "after", "ada", AFTER, released=("classification",))
    assert "classification" in released.split('id="revise"')[1].split("</section>")[0]


def _page(db: Path, folder: Path, learner: str, now: datetime,
          released: tuple[str, ...] = ()) -> str:
    if released:
        db = copy_of(db, folder)
        with Gradebook.open(db, writer="test") as book:
            for module in released:
                Releases(book).set(module, released=True, by="test")
    publish(db, folder / "out", course_title=TITLE, now=now)
    return (folder / "out" / "learners" / f"{learner}.html").read_text()


def test_results_json_keeps_everything_and_says_what_is_released(graded, tmp_path):
    db, _ = graded
    publish(db, tmp_path, course_title=TITLE, now=BEFORE)
    data = json.loads((tmp_path / "results.json").read_text())
    ada = next(lr for lr in data["learners"] if lr["learner"] == "ada")
    released = {m["module"]: m["feedback_released"] for m in ada["modules"]}
    assert released == {"regression": False, "classification": False, "clustering": True,
                        "optimization": False}
    hidden = [c for m in ada["modules"] if m["module"] == "classification"
              for c in m["checks"] if c["visibility"] == "hidden" and c["status"] == "failed"]
    assert hidden and all(c["detail"].get("call") for c in hidden)


def test_the_run_says_once_that_a_module_at_the_deadline_without_one_waits_for_a_release(
        graded):
    _, run = graded
    said = run.describe()
    assert said.count("optimization is released at the deadline but has no due time") == 1
    assert "grader publish --release classification" in said


# -- grader publish ---------------------------------------------------------------------------

def test_publish_release_shows_the_details_at_once_and_records_who_and_when(graded, tmp_path):
    db = copy_of(graded[0], tmp_path)
    held = secrets(db, ("classification",))
    publish(db, tmp_path / "out", course_title=TITLE, now=AFTER)
    page = tmp_path / "out" / "learners" / "ada.html"
    before = page.read_text()
    done = invoke("publish", "--release", "classification", "--db", db,
                  "--out", tmp_path / "out")
    assert done.exit_code == 0, done.output
    assert "classification: released" in done.output
    after = html.unescape(page.read_text())
    assert page.read_text() != before and [s for s in held if s in after]
    with Gradebook.open(db) as book:
        (row,) = Releases(book).by_hand().values()
    assert row.module == "classification" and row.released_by and row.released_at


def test_publish_withdraw_hides_them_again(graded, tmp_path):
    db = copy_of(graded[0], tmp_path)
    held = secrets(db, ("classification",))
    release_feedback(db=db, module="classification", out=tmp_path / "out", now=AFTER)
    done = invoke("publish", "--withdraw", "classification", "--db", db,
                  "--out", tmp_path / "out")
    assert done.exit_code == 0, done.output
    page = html.unescape((tmp_path / "out" / "learners" / "ada.html").read_text())
    assert [s for s in held if s in page] == []
    with sqlite3.connect(db) as connection:  # the release is kept, with its withdrawal
        rows = connection.execute("SELECT withdrawn_at, withdrawn_by FROM releases").fetchall()
    connection.close()
    assert len(rows) == 1 and all(rows[0])


def test_publish_release_all_releases_every_module_and_an_unknown_one_is_refused(
        graded, tmp_path):
    db = copy_of(graded[0], tmp_path)
    done = release_feedback(db=db, module="all", out=tmp_path / "out", now=BEFORE)
    assert done.release.pending == ()
    refused = invoke("publish", "--release", "regresion", "--db", db)
    assert refused.exit_code == 2 and "no module 'regresion'" in refused.output
    with pytest.raises(FeedbackReleaseError, match="no release by `grader publish --release`"):
        release_feedback(db=copy_of(graded[0], tmp_path / "x"), module="regression",
                         withdraw=True, out=tmp_path / "out")


def test_releasing_a_module_renders_its_pages_again_and_nothing_else_changes(graded, tmp_path):
    db = copy_of(graded[0], tmp_path)
    publish(db, tmp_path / "out", course_title=TITLE, now=AFTER)
    assert publish(db, tmp_path / "out", course_title=TITLE, now=AFTER).rendered == 0
    release_feedback(db=db, module="classification", out=tmp_path / "out", now=AFTER)
    assert publish(db, tmp_path / "out", course_title=TITLE, now=AFTER).rendered == 0
    with Gradebook.open(db, writer="test") as book:
        Releases(book).set("classification", released=False, by="test")
    assert publish(db, tmp_path / "out", course_title=TITLE, now=AFTER).rendered == 2


# -- the deadline and extensions ---------------------------------------------------------------

def test_an_extension_holds_the_release_back_for_everyone_until_it_ends(graded, tmp_path):
    db = copy_of(graded[0], tmp_path)
    with Gradebook.open(db, writer="test") as book:
        book.replace_extensions([Extension("ben", "regression", days=3, reason="ill")])
        assert not book.feedback_release(AFTER).released("regression")  # cutoff + 3 days
        assert book.feedback_release(datetime(2026, 10, 11, tzinfo=UTC)).released("regression")
    held = secrets(db, ("regression",))
    page = html.unescape(_page(db, tmp_path, "ada", AFTER))
    assert [s for s in held if s in page] == []


# -- Gradescope's visibility --------------------------------------------------------------------

def test_gradescope_shows_hidden_tests_after_publishing_after_the_due_date_or_at_once(
        graded, tmp_path):
    db, _ = graded
    export_gradebook(db=db, format="gradescope", out=tmp_path, now=BEFORE, learner="ada")
    tests = json.loads((tmp_path / "ada" / "results.json").read_text())["tests"]

    def seen(prefix: str) -> set[str]:
        return {t["visibility"] for t in tests if t["name"].startswith(prefix)
                and ("quiz" in prefix or "hidden" in _visibility_of(db, t["name"]))}

    assert seen("classification: ") == seen("classification quiz: ") == {"after_published"}
    assert seen("regression: ") == seen("regression quiz: ") == {"after_due_date"}
    assert seen("clustering: ") == {"visible"}
    public = [t for t in tests if _visibility_of(db, t["name"]) == "public"]
    assert public and {t["visibility"] for t in public} == {"visible"}


def _visibility_of(db: Path, name: str) -> str:
    module, _, title = name.partition(": ")
    with Gradebook.open(db) as book:
        ada = next(book.learner_results("", ["ada"]))
    try:
        checks = ada.module(module).checks
    except KeyError:
        return ""
    return next((c.visibility for c in checks if c.title == title), "")


# -- the course's settings -----------------------------------------------------------------------

@pytest.mark.parametrize(("toml", "said"), [
    ('[feedback.regression]\nrelease = "soon"\n',
     '[feedback.regression]: release must be one of "immediately", "deadline", "manual", '
     "not 'soon'"),
    ('[feedback.regression]\nrelase = "manual"\n',
     "[feedback.regression]: unknown setting 'relase' (known: release)"),
    ('[feedback.regresion]\nrelease = "manual"\n',
     "[feedback.regresion]: no such module"),
])
def test_a_feedback_setting_the_grader_does_not_know_is_refused_naming_its_table(
        tmp_path, toml, said):
    with pytest.raises(CourseFileError) as refused:
        course_copy(tmp_path, toml)
    assert said in str(refused.value) and "course.toml" in str(refused.value)


def test_without_a_feedback_setting_modules_wait_for_their_deadline_or_a_release_by_hand(
        tmp_path):
    course_copy(tmp_path, '[deadlines.regression]\ndue = 2026-10-05T23:59:00Z\n')
    config = tmp_path / "course" / "exercises" / "course.toml"
    config.write_text(config.read_text().replace('[feedback]\nrelease = "immediately"', ""))
    course = load_course(tmp_path / "course")
    assert course.module("regression").feedback.until == "deadline"
    assert course.module("clustering").feedback.until == "manual"


def test_a_module_that_waits_for_something_else_renders_its_pages_again(graded, tmp_path):
    """The pages say what the details wait for: the deadline, or the instructor."""
    db = copy_of(graded[0], tmp_path)
    publish(db, tmp_path / "out", course_title=TITLE, now=BEFORE)
    with sqlite3.connect(db) as connection:
        connection.execute("UPDATE feedback_policies SET release = 'manual' "
                           "WHERE module = 'regression'")
    connection.close()
    assert publish(db, tmp_path / "out", course_title=TITLE, now=BEFORE).rendered == 2
    page = html.unescape((tmp_path / "out" / "learners" / "ada.html").read_text())
    assert "(at the deadline)" not in page


def test_grader_publish_runs_as_a_user_runs_it(graded, tmp_path, run_grader):
    db = copy_of(graded[0], tmp_path)
    done = run_grader("publish", "--release", "all", "--db", db, "--out", tmp_path / "out",
                      cwd=tmp_path)
    assert done.returncode == 0, done.stderr
    assert "regression: released" in done.stdout and f"updated: {tmp_path / 'out'}" in done.stdout
    neither = run_grader("publish", "--db", db, cwd=tmp_path)
    assert neither.returncode == 2 and "--release MODULE" in neither.stderr
