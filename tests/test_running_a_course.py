"""A course run end to end, as the README's "Running a course" walks through it: release, learners
working from the handout alone, a Canvas and a Moodle download of their work, collect with a
roster, grade, export, then the feedback released.

Every step is the command a user types, run as a real process. The instructor's course is a
copy of the fixture course whose feedback waits for `grader publish --release`; learners see
only the handout, unzipped far from it."""

from __future__ import annotations

import ast
import csv
import io
import json
import os
import re
import shutil
import subprocess
import sys
import tomllib
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

import pytest

from .conftest import COURSE, ROOT, as_learners_own

MODULES = ("regression", "classification", "clustering", "optimization")
ROSTER = """learner,name,email,lms_id
ada,Ada Lovelace,ada@example.org,1001
ben,Ben Okafor,ben@example.org,1002
cy,Cy Young,cy@example.org,1003
dee,Dee Müller,dee@example.org,1004
"""
WORKING = ("ada", "ben", "dee")  # cy hands nothing in
NOON = datetime(2026, 10, 5, 12, 0, tzinfo=UTC)  # when the platforms say the work came in


@dataclass(frozen=True)
class Course:
    """The instructor's side: their course, the roster and where the steps write."""

    root: Path
    roster: Path
    work: Path

    def grader(self, *args: str | Path, cwd: Path | None = None) -> str:
        return grader(*args, cwd=cwd or self.work, course=self.root)


def grader(*args: str | Path, cwd: Path, course: Path | None = None, status: int = 0) -> str:
    """`grader ARGS` as a user runs it; `course` is the instructor's course (GRADER_COURSE),
    and without it the grader finds the course from the folder it runs in, as a learner's does."""
    env = {k: v for k, v in os.environ.items() if k != "GRADER_COURSE"}
    env["PYTHONPATH"] = str(ROOT)
    if course is not None:
        env["GRADER_COURSE"] = str(course)
    done = subprocess.run(
        [sys.executable, "-m", "grader", *map(str, args)],
        cwd=cwd,
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert done.returncode == status, (
        f"grader {args}: {done.returncode}\n{done.stdout}\n{done.stderr}"
    )
    return done.stdout + done.stderr


@pytest.fixture(scope="module")
def course(tmp_path_factory: pytest.TempPathFactory) -> Course:
    work = tmp_path_factory.mktemp("running")
    root = work / "course"
    shutil.copytree(COURSE, root, ignore=shutil.ignore_patterns("examples", "__pycache__"))
    settings = root / "exercises" / "course.toml"
    text = re.sub(
        r'(?m)^\[feedback\]\nrelease = "immediately"',
        '[feedback]\nrelease = "manual"',
        settings.read_text(),
    )
    assert 'release = "manual"' in text
    settings.write_text(text)
    roster = work / "roster.csv"
    roster.write_text(ROSTER)
    return Course(root, roster, work)


@pytest.fixture(scope="module")
def handout(course: Course) -> Path:
    """Step 1: the release, unzipped where learners keep it, far from the course."""
    course.grader("release", "handout", "--roster", course.roster)
    (archive,) = (course.work / "handout").glob("*.zip")
    learners_copy = course.work / "learners" / "handout"
    with zipfile.ZipFile(archive) as bundle:
        bundle.extractall(learners_copy)
    for learner in WORKING:  # each gets their own quiz sheet beside it
        shutil.copytree(
            course.work / "handout" / "sheets" / learner, learners_copy.parent / learner
        )
    return learners_copy


# -- step 2: learners work from the handout alone --------------------------------------------


@pytest.fixture(scope="module")
def work(course: Course, handout: Path) -> dict[str, dict[str, bytes]]:
    return learners_work(course, handout)


def learners_work(course: Course, handout: Path) -> dict[str, dict[str, bytes]]:
    """What each learner hands in, written from the handout: ada everything right, ben a
    classic mistake in regression and a clustering left as handed out, dee notebooks."""
    solutions = {m: (course.root / "solutions" / f"{m}.py").read_text() for m in MODULES}
    mistake = (course.root / "solutions" / "mistakes" / "regression").glob("*.py")
    work: dict[str, dict[str, bytes]] = {
        "ada": {f"{m}.py": as_learners_own(solutions[m]).encode() for m in MODULES},
        "ben": {
            "regression.py": as_learners_own(sorted(mistake)[0].read_text()).encode(),
            "classification.py": as_learners_own(solutions["classification"]).encode(),
            "clustering.py": (handout / "exercises" / "clustering.py").read_bytes(),
        },
        "dee": {
            f"{m}.ipynb": filled_notebook(handout / "exercises" / f"{m}.ipynb", solutions[m])
            for m in ("regression", "classification")
        },
    }
    for learner, files in work.items():
        files.update(quiz_answers(learner, handout))
    return work


def filled_notebook(handed_out: Path, solution: str) -> bytes:
    """The handout's notebook with each stub cell replaced by the learner's function."""
    functions = {
        node.name: ast.get_source_segment(solution, node)
        for node in ast.parse(solution).body
        if isinstance(node, ast.FunctionDef)
    }
    notebook = json.loads(handed_out.read_text())
    for cell in notebook["cells"]:
        source = "".join(cell["source"])
        if cell["cell_type"] == "code" and (name := re.match(r"def (\w+)\(", source)):
            cell["source"] = functions[name[1]]
    return json.dumps(notebook).encode()


def quiz_answers(learner: str, handout: Path) -> dict[str, bytes]:
    """Each learner answers the regression quiz on the template `grader quiz show` wrote them,
    from the handout: every question answered, a choice `a`, a number 0.5, a word."""
    template = handout.parent / learner / "regression.quiz.toml"
    assert template.is_file(), "the release gave this learner their answers template"
    fresh = handout.parent / learner / "fresh.quiz.toml"
    shown = grader(
        "quiz",
        "show",
        "regression",
        "--learner",
        learner,
        "--answers",
        fresh,
        cwd=handout / "exercises",
    )
    assert "1." in shown and fresh.read_text() == template.read_text()
    answers = re.sub(r'= ""$', '= "a"', template.read_text(), flags=re.M)
    answers = re.sub(r"= \[\]$", '= ["a", "b"]', answers, flags=re.M)
    answers = re.sub(r'(?m)^(\w+) = "a"(?=\n)', lambda m: _by_kind(answers, m), answers)
    tomllib.loads(answers)
    return {"regression.quiz.toml": answers.encode()}


def _by_kind(text: str, found: re.Match[str]) -> str:
    comment = text[: found.start()].rstrip("\n").rsplit("\n", 1)[-1]
    if "a number" in comment:
        return f"{found[1]} = 0.5"
    if "a short text" in comment:
        return f'{found[1]} = "worse"'
    return found[0]


def test_a_learner_self_checks_from_the_handout_with_classic_mistakes_named(
    handout: Path, work: dict[str, dict[str, bytes]]
):
    ben = handout.parent / "ben"
    for name, data in work["ben"].items():
        (ben / name).write_bytes(data)
    said = grader("check", ben / "regression.py", cwd=handout / "exercises", status=1)
    assert "FAIL" in said and "No known mistake matches" not in said
    assert not (handout / "solutions").exists()


# -- step 3: what the platforms give, collected -----------------------------------------------


def canvas_zip(work: dict[str, dict[str, bytes]], path: Path) -> Path:
    """Canvas's "Download Submissions": loose files `<name>_<user id>_<file id>_<file>`, a late
    one marked `LATE`, a resubmission with Canvas's `-1` on the original name."""
    names = {"ada": "lovelaceada", "ben": "okaforben", "dee": "mullerdee"}
    with zipfile.ZipFile(path, "w") as archive:
        for number, (learner, files) in enumerate(sorted(work.items())):
            user = 1001 + ["ada", "ben", "cy", "dee"].index(learner)
            for index, (name, data) in enumerate(sorted(files.items())):
                late = "_LATE" if learner == "ben" else ""
                original = name.replace(".py", "-1.py") if learner == "ada" and index == 0 else name
                entry = f"{names[learner]}{late}_{user}_{5000 + 10 * number + index}_{original}"
                archive.writestr(zipfile.ZipInfo(entry, NOON.timetuple()[:6]), data)
    return path


def moodle_zip(work: dict[str, dict[str, bytes]], path: Path) -> Path:
    """Moodle's "Download all submissions": a folder per learner and submission,
    `<Full Name>_<participant id>_assignsubmission_file_/`."""
    full_names = {"ada": "Ada Lovelace", "ben": "Ben Okafor", "dee": "Dee Müller"}
    with zipfile.ZipFile(path, "w") as archive:
        for number, (learner, files) in enumerate(sorted(work.items())):
            folder = f"{full_names[learner]}_{200 + number}_assignsubmission_file_"
            for name, data in sorted(files.items()):
                archive.writestr(zipfile.ZipInfo(f"{folder}/{name}", NOON.timetuple()[:6]), data)
    return path


@pytest.fixture(scope="module")
def graded(course: Course, work: dict[str, dict[str, bytes]]) -> dict[str, Path]:
    """Steps 3 and 4: each platform's download collected with the roster and graded, and the
    same files graded directly from a folder per learner; the reports folder of each."""
    direct = course.work / "direct"
    for learner, files in work.items():
        (direct / learner).mkdir(parents=True)
        for name, data in files.items():
            (direct / learner / name).write_bytes(data)
    course.grader("grade", direct, "--out", "reports-direct")
    reports = {"direct": course.work / "reports-direct"}
    for platform, make in (("canvas", canvas_zip), ("moodle", moodle_zip)):
        download = make(work, course.work / f"{platform}.zip")
        collected = course.grader(
            "collect", download, "--out", f"class-{platform}", "--roster", course.roster
        )
        assert "12 file(s) placed for 3 learner(s)" in collected, collected
        assert "Not placed" not in collected and "nothing handed in:\n  cy" in collected
        course.grader(
            "grade",
            f"class-{platform}",
            "--roster",
            course.roster,
            "--manifest",
            course.work / f"class-{platform}" / "manifest.csv",
            "--out",
            f"reports-{platform}",
        )
        reports[platform] = course.work / f"reports-{platform}"
    return reports


def results(reports: Path) -> dict[str, dict]:
    text = (reports / "results.json").read_text()
    return {learner["learner"]: learner for learner in json.loads(text)["learners"]}


def scores(learner: dict) -> dict[str, float]:
    parts = [*learner["modules"], *learner.get("quizzes", [])]
    return {
        part.get("module", part.get("quiz", "")) + part.get("kind", ""): part["score"]
        for part in parts
    }


@pytest.mark.parametrize("platform", ["canvas", "moodle"])
def test_collected_work_scores_what_the_same_files_score_graded_directly(
    graded: dict[str, Path], platform: str
):
    direct, collected = results(graded["direct"]), results(graded[platform])
    for learner in WORKING:
        assert scores(collected[learner]) == scores(direct[learner]), learner
        assert collected[learner]["score"] == direct[learner]["score"] > 0
    assert results(graded["direct"])["ben"]["score"] < results(graded["direct"])["ada"]["score"]


@pytest.mark.parametrize("platform", ["canvas", "moodle"])
def test_a_roster_learner_who_handed_nothing_in_is_missing_everywhere(
    course: Course, graded: dict[str, Path], platform: str
):
    reports = graded[platform]
    cy = results(reports)["cy"]
    assert {m["status"] for m in cy["modules"]} == {"missing"} and cy["score"] == 0
    rows = {
        row["learner"]: row
        for row in csv.DictReader(io.StringIO((reports / "grades.csv").read_text()))
    }
    assert set(rows) == {"ada", "ben", "cy", "dee"} and float(rows["cy"]["total"]) == 0
    assert "cy" in (reports / "index.html").read_text()
    assert (reports / "learners" / "cy.html").is_file()
    db = reports / "gradebook.sqlite"
    canvas = course.grader("export", "--format", "csv", "--layout", "canvas", "--db", db)
    ids = {row["ID"] for row in csv.DictReader(io.StringIO(canvas)) if row["ID"].isdigit()}
    assert ids == {"1001", "1002", "1003", "1004"}
    moodle = course.grader("export", "--format", "csv", "--layout", "moodle", "--db", db)
    assert "cy@example.org" in moodle
    course.grader("export", "--format", "gradescope", "--db", db, "--out", reports / "gs")
    assert json.loads((reports / "gs" / "cy" / "results.json").read_text())["score"] == 0
    junit = course.grader("export", "--format", "junit", "--db", db)
    assert 'name="cy.regression"' in junit


# -- nothing reveals a hidden check, a reference, a mistake or a key before release ----------


def secrets(course: Course) -> set[str]:
    """Lines of instructor-only files learners must not see before the release: the hidden
    checks, the references, the classic mistakes' code and the quiz keys and explanations;
    lines that the handout's own files hold (imports, stubs' signatures) are not secrets."""
    public = "\n".join(p.read_text() for p in (course.root / "exercises").rglob("*.py"))
    instructor = [*(course.root / "solutions").rglob("*.py")]
    lines = {
        line.strip()
        for path in instructor
        for line in path.read_text().splitlines()
        if len(line.strip()) >= 16
        and line.strip() not in public
        and not line.strip().startswith("#")
    }
    for quiz in (course.root / "solutions" / "quizzes").glob("*.toml"):
        lines |= set(quiz_key_texts(tomllib.loads(quiz.read_text())))
    return lines


def quiz_key_texts(value: object) -> Iterator[str]:
    if isinstance(value, dict):
        for key, item in value.items():
            if key in ("feedback", "explanation") and isinstance(item, str) and len(item) >= 16:
                yield item
            yield from quiz_key_texts(item)
    elif isinstance(value, list):
        for item in value:
            yield from quiz_key_texts(item)


def hidden_details(reports: Path) -> dict[str, set[str]]:
    """Per learner, what the instructor's results.json says of their failed hidden checks
    (the call, expected and got, why, the hint, the classic mistakes): what learners may see
    only once the module is released. Texts their public checks show anyway are left out."""
    details: dict[str, set[str]] = {}
    for learner, result in results(reports).items():
        said: dict[str, set[str]] = {"public": set(), "hidden": set()}
        for module in result["modules"]:
            for check in module.get("checks", []):
                detail = check.get("detail") or {}
                texts = [detail.get(k, "") for k in ("call", "expected", "got", "reason", "hint")]
                for mistake in detail.get("misconceptions", []):
                    texts += [mistake["name"], mistake["hint"]]
                said[check["visibility"]] |= {t for t in texts if len(t) >= 12}
        details[learner] = said["hidden"] - said["public"]
    return details


def texts_under(path: Path) -> Iterator[tuple[str, str]]:
    for found in sorted(path.rglob("*")) if path.is_dir() else [path]:
        if found.suffix == ".zip":
            with zipfile.ZipFile(found) as archive:
                for entry in archive.namelist():
                    yield f"{found}!{entry}", archive.read(entry).decode("utf-8", "replace")
        elif found.is_file():
            yield str(found), found.read_text("utf-8", "replace")


def leaks(where: Path, secrets: set[str], own: str = "") -> set[tuple[str, str]]:
    """The secrets found in the files at `where`, as they are or as HTML or JSON writes them;
    `own` is what the learner wrote, which their report shows them."""
    return {
        (name, secret)
        for name, text in texts_under(where)
        for secret in secrets - {s for s in secrets if s in own}
        if any(form in text for form in _written(secret))
    }


def _written(text: str) -> tuple[str, ...]:
    html = text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    return text, html, html.replace('"', "&quot;"), json.dumps(text)[1:-1]


def test_nothing_learners_receive_reveals_hidden_checks_references_mistakes_or_keys_before_release(
    course: Course, handout: Path, graded: dict[str, Path], work: dict[str, dict[str, bytes]]
):
    instructor_only = secrets(course)
    assert len(instructor_only) > 100, "the scan looks for something"
    assert not leaks(course.work / "handout", instructor_only)
    for platform in ("canvas", "moodle"):
        reports = graded[platform]
        db = reports / "gradebook.sqlite"
        course.grader("export", "--format", "gradescope", "--db", db, "--out", reports / "gs")
        junit = reports / "junit.xml"
        junit.write_text(course.grader("export", "--format", "junit", "--db", db))
        details = hidden_details(reports)
        assert details["ben"], "ben failed hidden checks, whose details the scan looks for"
        everyones = "\n".join(d.decode() for files in work.values() for d in files.values())
        for learner, files in work.items():
            own = "\n".join(data.decode() for data in files.values())
            secret = instructor_only | details[learner]
            assert not leaks(reports / "learners" / f"{learner}.html", secret, own), learner
            assert not leaks(reports / "gs" / learner, secret, own), learner
        assert not leaks(junit, instructor_only | set().union(*details.values()), everyones)


def test_once_released_the_learners_reports_show_the_hidden_checks_details(
    course: Course, graded: dict[str, Path]
):
    reports = graded["canvas"]
    before = (reports / "learners" / "ben.html").read_text()
    said = course.grader("publish", "--release", "all", "--db", reports / "gradebook.sqlite")
    assert "regression" in said
    assert (reports / "learners" / "ben.html").read_text() != before
    shown = leaks(
        reports / "learners" / "ben.html", secrets(course) | hidden_details(reports)["ben"]
    )
    assert shown, "the scan sees the details once they are shown"
