"""One learner never stops, freezes or slows the class: whatever goes wrong for one learner in
the grader's own process (while their folder is read, their files graded, their results
recorded or published) becomes that learner's error result with a message they can act on;
the run goes on, exits 0, publishes everyone else as they would have been, and a later run,
an override and an export work. Scenario files are in tests/hostile/pipeline/."""

from __future__ import annotations

import json
import os
import re
import sqlite3
import subprocess
import sys
import time
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import unquote, urljoin, urlsplit

import pytest

import grader.grading.pool
import grader.grading.publish
import grader.load.learners
from grader.grading import grade_class
from grader.load.learner_ids import file_stem, learner_id
from grader.results import ModuleStatus

from .conftest import COURSE, ROOT, reference

PIPELINE = Path(__file__).resolve().parent / "hostile" / "pipeline"
FAULTY = PIPELINE / "faulty_grader.py"
TRIPWIRE = "\n# TRIPWIRE\n"
HONEST = ("ada", "zoe")

# Folder names a learner can choose through a course platform, each a class of trouble.
HOSTILE_IDS = {
    "long": "l" * 240,  # legal, but the page's temporary file name was not
    "long_in_utf8": "é" * 120,  # 240 bytes
    "case_of_another": "Ada",  # "ada" is in the class too: one file on a case-blind disk
    "the_class_page": "index",
    "windows_device": "con",
    "url_syntax": "q?x=1#top%20",
    "markup_and_spaces": "a b & <i>",
    "leading_dash": "-rf",
    "trailing_dot": "ends.",
}
NOT_UTF8 = b"caf\xe9"  # a folder name from a platform that is not UTF-8
NOT_UTF8_ID = "caf\\xe9"


# -- running the grader as a user does ---------------------------------------------------------


def grader_cli(*args: str | Path, fault: str | None = None,
               timeout: float = 180) -> subprocess.CompletedProcess[str]:
    """`grader ARGS` as a real process; with `fault`, a learner's `# TRIPWIRE` file sets it
    off in the grader's own process (see faulty_grader.py)."""
    command = [sys.executable, *([str(FAULTY), fault] if fault else ["-m", "grader"])]
    return subprocess.run([*command, *map(str, args)], cwd=COURSE, capture_output=True, text=True,
                          timeout=timeout, env={**os.environ, "PYTHONPATH": str(ROOT)})


def write_class(folder: Path, learners: dict[str | bytes, dict[str, str]]) -> Path:
    for name, files in learners.items():
        path = os.path.join(os.fsencode(folder), os.fsencode(name))
        os.makedirs(path)
        for file, text in files.items():
            with open(os.path.join(path, os.fsencode(file)), "w") as handle:
                handle.write(text)
    return folder


def honest_class() -> dict[str | bytes, dict[str, str]]:
    return {name: {"regression.py": reference("regression"),
                   "classification.py": reference("classification")} for name in HONEST}


def results(out: Path) -> dict[str, dict]:
    data = json.loads((out / "results.json").read_text(encoding="utf-8"))
    return {learner["learner"]: learner for learner in data["learners"]}


def module(entry: dict, name: str) -> dict:
    return next(m for m in entry["modules"] if m["module"] == name)


STABLE_OUT = ("seconds", "attempt", "history", "lateness", "penalty")


def as_graded(entry: dict) -> dict:
    """A learner's results without what differs from run to run (times, attempt numbers)."""
    return {**entry, "modules": [{k: v for k, v in m.items() if k not in STABLE_OUT}
                                 for m in entry["modules"]]}


@pytest.fixture(scope="module")
def honest_alone(tmp_path_factory) -> dict[str, dict]:
    """The honest learners graded without anyone hostile: what they must get in any class."""
    folder = tmp_path_factory.mktemp("honest")
    out = folder / "out"
    assert grader_cli("grade", write_class(folder / "class", honest_class()),
                      "--out", out).returncode == 0
    return results(out)


def assert_honest_as_alone(out: Path, alone: dict[str, dict]) -> None:
    found = results(out)
    for name in HONEST:
        assert as_graded(found[name]) == as_graded(alone[name]), name
        assert (out / "learners" / f"{name}.html").is_file()


def assert_later_commands_work(out: Path, learner: str, submissions: Path) -> None:
    """A second run, an override of the learner and every export all work."""
    db = out / "gradebook.sqlite"
    again = grader_cli("grade", submissions, "--out", out)
    assert again.returncode == 0, again.stderr
    overridden = grader_cli("override", learner, "regression", "3", "--reason", "by hand",
                            "--db", db)
    assert overridden.returncode == 0, overridden.stderr
    assert module(results(out)[learner], "regression")["score"] == 3
    for export in (("--format", "csv"), ("--format", "junit"), ("--format", "json"),
                   ("--format", "gradescope", "--out", out.parent / "gradescope")):
        done = grader_cli("export", *export, "--db", db)
        assert done.returncode == 0, (export, done.stderr)


# -- learner ids that the file system or a browser mishandles ---------------------------------


@pytest.fixture(scope="module")
def hostile_ids(tmp_path_factory) -> tuple[Path, Path, subprocess.CompletedProcess[str]]:
    folder = tmp_path_factory.mktemp("ids")
    learners = honest_class()
    for name in (*HOSTILE_IDS.values(), NOT_UTF8):
        learners[name] = {"regression.py": reference("regression")}
    learners["misnamed"] = {"classification.py": reference("classification")}
    submissions = write_class(folder / "class", learners)
    (submissions / "misnamed" / os.fsdecode(b"regression\xff.py")).write_text("")
    out = folder / "out"
    return submissions, out, grader_cli("grade", submissions, "--out", out)


ALL_IDS = (*HOSTILE_IDS.values(), NOT_UTF8_ID)


def test_a_class_with_hostile_learner_ids_is_graded_and_published_with_exit_status_0(
        hostile_ids):
    _, out, run = hostile_ids
    assert run.returncode == 0, run.stderr
    assert set(results(out)) == {*HONEST, *ALL_IDS, "misnamed"}


def test_a_file_name_that_is_not_utf8_is_pointed_out_and_the_rest_of_the_folder_graded(
        hostile_ids):
    _, out, _ = hostile_ids
    misnamed = results(out)["misnamed"]
    assert "files must be named exactly regression.py" in module(misnamed, "regression")[
        "message"]
    assert module(misnamed, "classification")["score"] == 31


@pytest.mark.parametrize("learner", ALL_IDS, ids=[*HOSTILE_IDS, "not_utf8"])
def test_a_hostile_id_is_graded_as_anyone_and_kept_as_the_id_on_their_page(hostile_ids,
                                                                          learner):
    _, out, _ = hostile_ids
    entry = results(out)[learner]
    assert module(entry, "regression")["score"] == module(entry, "regression")["max_score"] > 0
    page = (out / "learners" / f"{file_stem(learner)}.html").read_text(encoding="utf-8")
    escaped = learner.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    assert escaped in page


def test_every_learner_page_has_a_short_plain_name_of_its_own_even_where_case_is_ignored(
        hostile_ids):
    _, out, _ = hostile_ids
    pages = [p.name for p in (out / "learners").iterdir() if p.suffix == ".html"]
    assert len(pages) == len(HONEST) + len(ALL_IDS) + 1
    assert len({p.lower() for p in pages}) == len(pages)
    for name in pages:
        assert len(name.encode()) <= 80
        assert re.fullmatch(r"[a-z0-9_@=+][a-z0-9_@=+.~-]*\.html", name)
        assert name.removesuffix(".html") not in ("index", "con")


def test_the_class_page_links_each_learner_to_their_own_page_as_a_browser_follows_links(
        hostile_ids):
    _, out, _ = hostile_ids
    links = _links(out / "index.html")
    for learner in (*HONEST, *ALL_IDS):
        target = (out / unquote(urlsplit(urljoin("index.html", links[learner])).path))
        assert target.is_file(), (learner, links[learner])
        assert target.name == f"{file_stem(learner)}.html"


def test_a_gradebook_holding_hostile_ids_serves_a_second_run_an_override_and_exports(
        hostile_ids):
    submissions, out, _ = hostile_ids
    for learner in ("l" * 240, "index", NOT_UTF8_ID):
        assert_later_commands_work(out, learner, submissions)
    folders = {p.name for p in (out.parent / "gradescope").iterdir()}
    assert folders == {file_stem(learner) for learner in (*HONEST, *ALL_IDS, "misnamed")}


@pytest.mark.parametrize("name, expected", [
    ("ada", "ada"), ("b-12.x", "b-12.x"), ("s1234567", "s1234567"),
    ("ada@uni.example", "ada@uni.example"), ("=cmd", "=cmd")])
def test_a_plain_lower_case_id_is_its_own_file_name(name, expected):
    assert file_stem(name) == expected


@pytest.mark.parametrize("name", [
    "Ada", "l" * 65, "é" * 120, "index", "INDEX", "con.txt", ".published", "-rf", "--help",
    "a/b", "a\\b", "q?x#y", "a b", "ends.", "\udce9", "x\x1b[2J", "", "~"])
def test_any_other_id_gets_a_readable_name_with_a_hash_that_no_plain_id_can_take(name):
    stem = file_stem(name)
    assert re.fullmatch(r"[a-z0-9_@=+][a-z0-9_@=+.-]*~[0-9a-f]{12}", stem), stem
    assert len(stem) <= 64
    assert file_stem(name.swapcase()) != stem or name.swapcase() == name


def test_a_folder_name_that_is_not_utf8_becomes_an_id_any_file_can_hold():
    assert learner_id(os.fsdecode(NOT_UTF8)) == NOT_UTF8_ID
    assert learner_id("zoé") == "zoé"


# -- the grader's own code failing on a learner's data -----------------------------------------


def tripping_class(folder: Path) -> Path:
    learners = honest_class()
    learners["tripper"] = {"regression.py": reference("regression") + TRIPWIRE,
                           "classification.py": reference("classification")}
    return write_class(folder / "class", learners)


def assert_only_the_tripper_has_an_error(out: Path, alone: dict[str, dict],
                                         message: str) -> dict:
    assert_honest_as_alone(out, alone)
    tripper = results(out)["tripper"]
    regression = module(tripper, "regression")
    assert regression["status"] == "error" and regression["score"] == 0
    assert re.search(message, regression["message"]), regression["message"]
    assert "hand it in again" in regression["message"]
    assert regression["internal_error"]
    classification = module(tripper, "classification")
    assert classification["score"] == classification["max_score"] > 0
    assert (out / "learners" / "tripper.html").is_file()
    return regression


@pytest.mark.parametrize("fault, message", [
    ("recursion", "nested too deeply"),
    ("bug", r"the grader itself failed on it \(KeyError\)"),
])
def test_an_exception_in_the_graders_code_on_a_learners_file_is_that_modules_error(
        tmp_path, honest_alone, fault, message):
    submissions, out = tripping_class(tmp_path), tmp_path / "out"
    run = grader_cli("grade", submissions, "--out", out, fault=fault)
    assert run.returncode == 0, run.stderr
    assert_only_the_tripper_has_an_error(out, honest_alone, message)
    assert "'tripper': grading regression" in run.stdout
    assert_later_commands_work(out, "tripper", submissions)


@pytest.mark.parametrize("fault", ["recursion", "bug"])
def test_an_exception_in_the_graders_code_is_caught_whatever_the_number_of_workers(
        tmp_path, monkeypatch, fault):
    sys.path.insert(0, str(PIPELINE))
    try:
        import faulty_grader
    finally:
        sys.path.remove(str(PIPELINE))
    learners = grader.load.learners
    monkeypatch.setattr(learners, "read_submission", learners.read_submission)
    monkeypatch.setattr(grader.grading.pool, "task_budget", grader.grading.pool.task_budget)
    faulty_grader.install(fault)
    for jobs in (1, 3):
        graded = grade_class(tripping_class(tmp_path / str(jobs)), out=tmp_path / f"out{jobs}",
                             jobs=jobs)
        by_name = {lr.learner: lr for lr in graded.result.learners}
        assert by_name["tripper"].module("regression").status is ModuleStatus.ERROR
        assert all(by_name[n].module("regression").score == 16 for n in HONEST)
        assert [t.learner for t in graded.troubles] == ["tripper"]


@pytest.mark.parametrize("fault, message", [
    ("loop", r"gave up on your files after 3 s"),
    ("sleep", r"gave up on your files after 3 s"),
    ("die", r"ended the grader's own process, twice"),
])
def test_a_worker_that_runs_away_or_dies_on_a_learner_is_replaced_and_the_class_goes_on(
        tmp_path, honest_alone, fault, message):
    submissions, out = tripping_class(tmp_path), tmp_path / "out"
    started = time.monotonic()
    run = grader_cli("grade", submissions, "--out", out, "--jobs", "2", fault=fault,
                     timeout=90)
    assert run.returncode == 0, run.stderr
    assert time.monotonic() - started < 60
    assert_only_the_tripper_has_an_error(out, honest_alone, message)
    assert "'tripper': grading regression" in run.stdout
    assert_later_commands_work(out, "tripper", submissions)


def test_learners_sent_with_a_worker_that_was_replaced_are_graded_once_each(tmp_path):
    learners = {f"h{i:02d}": {"regression.py": reference("regression")} for i in range(10)}
    learners["tripper"] = {"regression.py": reference("regression") + TRIPWIRE}
    submissions, out = write_class(tmp_path / "class", learners), tmp_path / "out"
    run = grader_cli("grade", submissions, "--out", out, "--jobs", "2", fault="loop",
                     timeout=90)
    assert run.returncode == 0, run.stderr
    found = results(out)
    assert all(module(found[n], "regression")["score"] == 16 for n in learners if n[0] == "h")
    with sqlite3.connect(out / "gradebook.sqlite") as db:
        counts = db.execute("SELECT learner, count(*) FROM attempts WHERE module = "
                            "'regression' GROUP BY learner").fetchall()
    assert {count for _, count in counts} == {1}


class _TripsOnWorkers:
    """On every Dask worker: a `# TRIPWIRE` file makes the worker's reader raise as a
    parser's recursion would, and the learner `doomed` ends the worker process."""

    name = "trips-on-workers"

    def setup(self, worker: object) -> None:
        from grader.grading import _cluster_worker

        read, grade = _cluster_worker.read_submission, _cluster_worker._grade

        def read_submission(path: Path, module: str):  # type: ignore[no-untyped-def]
            if path.is_file() and TRIPWIRE.strip().encode() in path.read_bytes():
                raise RecursionError("maximum recursion depth exceeded while parsing")
            return read(path, module)

        def ends_the_worker(payload, parcel, *rest):  # type: ignore[no-untyped-def]
            if parcel.learner == "doomed":
                os._exit(1)
            return grade(payload, parcel, *rest)

        _cluster_worker.read_submission = read_submission
        _cluster_worker._grade = ends_the_worker


def test_on_a_dask_cluster_a_learner_who_trips_or_ends_workers_gets_an_error_result(
        tmp_path, monkeypatch):
    distributed = pytest.importorskip("distributed", reason="grader[dask] is not installed")
    import dask

    import grader.grading.cluster

    plugin = type("TripsOnWorkers", (_TripsOnWorkers, distributed.WorkerPlugin), {})
    connect = grader.grading.cluster.connect

    def connect_with_the_plugin(scheduler: str, **options):  # type: ignore[no-untyped-def]
        client = connect(scheduler, **options)
        client.register_plugin(plugin())
        return client

    monkeypatch.setattr(grader.grading.cluster, "connect", connect_with_the_plugin)
    learners = honest_class() | {
        "tripper": {"regression.py": reference("regression") + TRIPWIRE,
                    "classification.py": reference("classification")},
        "doomed": {"regression.py": reference("regression")}}
    submissions = write_class(tmp_path / "class", learners)
    with dask.config.set({"distributed.scheduler.allowed-failures": 1}):
        graded = grade_class(submissions, out=tmp_path / "out", scheduler="local:2")
    found = {lr.learner: lr for lr in graded.result.learners}
    assert all(found[n].module("regression").score == 16 for n in HONEST)
    tripper, doomed = found["tripper"], found["doomed"]
    assert "nested too deeply" in tripper.module("regression").message
    assert tripper.module("classification").score == 31
    assert {m.status for m in doomed.modules} == {ModuleStatus.ERROR}
    assert "hand it in again" in doomed.module("regression").message
    assert {t.learner for t in graded.troubles} == {"tripper", "doomed"}


# -- recording a learner ---------------------------------------------------------------------


def test_a_learner_the_gradebook_refuses_is_recorded_with_an_error_and_the_run_goes_on(
        tmp_path, monkeypatch):
    from grader.gradebook import Gradebook

    record = Gradebook.record

    def refuses_graded_results(self, run, learner, entries, quizzes=()):  # type: ignore[no-untyped-def]
        if learner == "refused" and any(e.result and e.result.checks for e in entries):
            raise UnicodeEncodeError("utf-8", "\udcff", 0, 1, "surrogates not allowed")
        return record(self, run, learner, entries, quizzes)

    monkeypatch.setattr(Gradebook, "record", refuses_graded_results)
    learners = honest_class() | {"refused": {"regression.py": reference("regression")}}
    graded = grade_class(write_class(tmp_path / "class", learners), out=tmp_path / "out",
                         jobs=2)
    found = results(tmp_path / "out")
    assert all(module(found[n], "regression")["score"] == 16 for n in HONEST)
    refused = module(found["refused"], "regression")
    assert refused["status"] == "error" and "could not be recorded" in refused["message"]
    assert "'refused': recording: UnicodeEncodeError" in graded.describe()


def test_a_quiz_that_fails_in_the_grader_costs_only_that_learners_quizzes(tmp_path,
                                                                          monkeypatch):
    from grader.grading.quizzes import QuizRun

    entries = QuizRun.entries

    def fails_for_quizzer(self, learner):  # type: ignore[no-untyped-def]
        if learner.learner == "quizzer":
            raise RecursionError("maximum recursion depth exceeded while reading answers")
        return entries(self, learner)

    monkeypatch.setattr(QuizRun, "entries", fails_for_quizzer)
    learners = honest_class() | {"quizzer": {"regression.py": reference("regression")}}
    graded = grade_class(write_class(tmp_path / "class", learners), out=tmp_path / "out",
                         jobs=2)
    found = results(tmp_path / "out")
    assert module(found["quizzer"], "regression")["score"] == 16  # the exercises count
    assert all(module(found[n], "regression")["score"] == 16 for n in HONEST)
    assert "'quizzer': grading the quizzes: RecursionError" in graded.describe()


# -- a learner already in the gradebook whose page cannot be written ---------------------------


def test_a_learner_whose_report_cannot_be_rendered_is_published_without_a_page(
        tmp_path, monkeypatch):
    render = grader.grading.publish.render_learner_html

    def fails_for_deep(learner, **options):
        if learner.learner == "deep":
            raise RecursionError("maximum recursion depth exceeded")
        return render(learner, **options)

    learners = honest_class() | {"deep": {"regression.py": reference("regression")}}
    submissions = write_class(tmp_path / "class", learners)
    monkeypatch.setattr(grader.grading.publish, "render_learner_html", fails_for_deep)
    graded = grade_class(submissions, out=tmp_path / "out", jobs=2)
    found = results(tmp_path / "out")
    assert module(found["deep"], "regression")["score"] == 16  # the results are there
    assert not (tmp_path / "out" / "learners" / "deep.html").exists()
    assert "deep" in (tmp_path / "out" / "index.html").read_text()
    assert "'deep': writing their report: RecursionError" in graded.describe()
    monkeypatch.undo()
    assert_later_commands_work(tmp_path / "out", "deep", submissions)
    assert (tmp_path / "out" / "learners" / "deep.html").is_file()  # written once it can be


def test_a_learner_whose_page_the_file_system_refuses_is_published_without_it(tmp_path,
                                                                               honest_alone):
    learners = honest_class() | {"blocked": {"regression.py": reference("regression")}}
    submissions, out = write_class(tmp_path / "class", learners), tmp_path / "out"
    (out / "learners" / "blocked.html").mkdir(parents=True)  # something in the page's way
    (out / "learners" / "blocked.html" / "keep").write_text("")
    run = grader_cli("grade", submissions, "--out", out)
    assert run.returncode == 0, run.stderr
    assert "'blocked': writing their report" in run.stdout
    assert_honest_as_alone(out, honest_alone)
    assert module(results(out)["blocked"], "regression")["score"] == 16
    assert_later_commands_work(out, "blocked", submissions)


def test_a_long_id_recorded_by_an_earlier_run_never_stops_a_later_one(tmp_path):
    long_id = "m" * 240
    learners = honest_class() | {long_id: {"regression.py": reference("regression")}}
    submissions, out = write_class(tmp_path / "class", learners), tmp_path / "out"
    grader_cli("grade", submissions, "--out", out)  # the id reaches the gradebook
    (submissions / long_id / "regression.py").unlink()
    (submissions / long_id).rmdir()  # the learner left: they keep their grades
    assert_later_commands_work(out, long_id, submissions)
    assert module(results(out)[long_id], "regression")["score"] == 3


# -- a flood of notes, output and long texts ---------------------------------------------------


R2_RAISES_LONG = "def r2_score(y_true, y_pred):\n    raise ValueError('why ' * 100_000)\n"
LONG_NOTE = "raise_now = {}['k' * 100_000]\n"
HUGE_SOURCE = "# " + "padding " * 80_000 + "\n"


@pytest.fixture(scope="module")
def flood(tmp_path_factory) -> Path:
    folder = tmp_path_factory.mktemp("flood")
    flood_file = (PIPELINE / "regression_with_failing_statements.py").read_text()
    learners = honest_class() | {
        "statements": {"regression.py": flood_file},
        "long_note": {"regression.py": reference("regression") + LONG_NOTE},
        "long_traceback": {"regression.py": reference("regression").split("def r2_score")[0]
                           + R2_RAISES_LONG},
        "huge_source": {"regression.py": HUGE_SOURCE + reference("regression")},
    }
    out = folder / "out"
    assert grader_cli("grade", write_class(folder / "class", learners),
                      "--out", out).returncode == 0
    return out


FLOODERS = ("statements", "long_note", "long_traceback", "huge_source")


@pytest.mark.parametrize("learner", FLOODERS)
def test_a_flooding_file_reaches_results_json_reports_and_the_gradebook_capped(flood,
                                                                              learner):
    entry = results(flood)[learner]
    assert len(json.dumps(entry)) < 150_000
    assert_within_caps(module(entry, "regression"))
    assert (flood / "learners" / f"{learner}.html").stat().st_size < 2_000_000
    with sqlite3.connect(flood / "gradebook.sqlite") as db:
        (row,) = db.execute("SELECT length(result) FROM attempts WHERE learner = ?",
                            (learner,)).fetchone() or (None,)
        (code,) = db.execute("SELECT max(length(s.text)) FROM attempts a JOIN sources s "
                             "ON s.sha256 = a.source_sha256 WHERE learner = ?",
                             (learner,)).fetchone()
    assert row < 150_000 and (code or 0) <= 300_000


def assert_within_caps(found: dict) -> None:
    """Every text a learner controls is within its cap, the line that says so included."""
    from grader.results import (
        MAX_DETAIL,
        MAX_MESSAGE,
        MAX_NOTE,
        MAX_NOTES,
        MAX_OUTPUT,
        MAX_TRACEBACK,
    )

    said = 60  # "… N more characters not shown"
    assert len(found.get("notes", ())) <= MAX_NOTES + 1
    assert all(len(note) <= MAX_NOTE + said for note in found.get("notes", ()))
    assert len(found.get("output", "")) <= MAX_OUTPUT + said
    assert len(found.get("message", "")) <= MAX_MESSAGE + said
    caps = {"call": MAX_DETAIL, "expected": MAX_DETAIL, "got": MAX_DETAIL,
            "traceback": MAX_TRACEBACK}
    for check in found["checks"]:
        assert len(check["feedback"]) <= MAX_MESSAGE + said
        for name, text in check.get("detail", {}).items():
            if isinstance(text, str):
                assert len(text) <= caps.get(name, MAX_MESSAGE) + said, (name, len(text))


def test_thousands_of_failing_statements_give_a_bounded_list_of_notes_that_says_so(
        flood, honest_alone):
    from grader.results import MAX_NOTES

    notes = module(results(flood)["statements"], "regression")["notes"]
    assert len(notes) == MAX_NOTES + 1
    assert re.fullmatch(r"… \d+ more notes not shown", notes[-1])
    assert_honest_as_alone(flood, honest_alone)  # the caps cut only what floods


def test_a_huge_note_traceback_or_source_is_cut_and_says_how_much_is_not_shown(flood):
    note = module(results(flood)["long_note"], "regression")["notes"][-1]
    assert len(note) < 2_000 and "more characters not shown" in note
    checks = module(results(flood)["long_traceback"], "regression")["checks"]
    tracebacks = [c["detail"]["traceback"] for c in checks if "traceback" in c.get("detail", {})]
    assert tracebacks and all(len(t) < 10_000 for t in tracebacks)
    page = (flood / "learners" / "huge_source.html").read_text()
    assert "more lines not shown" in page


# -- helpers -------------------------------------------------------------------------------------


class _Links(HTMLParser):
    """Each learner's link in the class page's table: the link text is the id."""

    def __init__(self) -> None:
        super().__init__()
        self.links: dict[str, str] = {}
        self._href: str | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        href = dict(attrs).get("href")
        if tag == "a" and href and href.startswith("learners/"):
            self._href = href

    def handle_data(self, data: str) -> None:
        if self._href is not None:
            self.links.setdefault(data.strip(), self._href)

    def handle_endtag(self, tag: str) -> None:
        if tag == "a":
            self._href = None


def _links(page: Path) -> dict[str, str]:
    parser = _Links()
    parser.feed(page.read_text(encoding="utf-8"))
    return parser.links
