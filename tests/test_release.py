"""`grader release`: what learners receive is exactly the exercises, fresh notebooks, public
checks, quizzes, the classic mistakes' answers and a guide, zipped; nothing instructor-only,
whatever the course's author adds to solutions/; and a release never leaves half a bundle."""

from __future__ import annotations

import contextlib
import io
import json
import shutil
import textwrap
import tomllib
import zipfile
from pathlib import Path

import nbformat
import pytest
from click.testing import CliRunner

from grader.cli import main
from grader.course import load_course
from grader.load.learner_ids import file_stem
from grader.load.roster import Roster, RosterEntry
from grader.quiz import load_quiz
from grader.quiz.variants import placeholders
from grader.release import ReleaseError, release_course
from grader.release import bundle as bundle_module
from grader.release.notebooks import notebook_text

from .conftest import COURSE, ROOT

MODULES = ("regression", "classification", "clustering", "optimization")
ROSTER = Roster((RosterEntry("ada"), RosterEntry("Ben Smith")))
ZIP = "machine-learning-from-scratch.zip"


def course_copy(tmp_path: Path) -> Path:
    root = tmp_path / "course"
    for part in ("exercises", "solutions"):
        shutil.copytree(COURSE / part, root / part, ignore=shutil.ignore_patterns("__pycache__"))
    return root


def expected_files(*, learners: tuple[str, ...] = ()) -> set[str]:
    exercises = {"exercises/course.toml"}
    for module in MODULES:
        exercises |= {
            f"exercises/{module}.py",
            f"exercises/{module}.ipynb",
            f"exercises/checks/test_{module}.py",
            f"exercises/checks/mistakes_{module}.json",
            f"exercises/quizzes/{module}.toml",
        }
        if learners:
            exercises.add(f"exercises/quizzes/{module}.sheets.json")
    sheets = {
        f"sheets/{file_stem(learner)}/{module}.quiz.{kind}"
        for learner in learners
        for module in MODULES
        for kind in ("html", "toml")
    }
    return exercises | sheets | {"GUIDE.md", ZIP, ".grader-release"}


def bundle_files(out: Path) -> set[str]:
    return {p.relative_to(out).as_posix() for p in out.rglob("*") if p.is_file()}


def bundle_texts(out: Path) -> dict[str, str]:
    """Every file of the bundle as text, and every entry of its zip, decompressed."""
    texts = {}
    for path in out.rglob("*"):
        if not path.is_file():
            continue
        name = path.relative_to(out).as_posix()
        texts[name] = path.read_bytes().decode("utf-8", "replace")
        if path.suffix == ".zip":
            with zipfile.ZipFile(io.BytesIO(path.read_bytes())) as archive:
                for entry in archive.namelist():
                    texts[f"{name}!{entry}"] = archive.read(entry).decode("utf-8", "replace")
    return texts


def test_a_release_holds_exactly_what_learners_receive(tmp_path: Path):
    released = release_course(course=load_course(COURSE), out=tmp_path / "out")
    assert bundle_files(tmp_path / "out") == expected_files()
    assert released.zip == tmp_path / "out" / ZIP
    assert released.files == len(expected_files()) - 1  # all but the release's own marker
    with zipfile.ZipFile(released.zip) as archive:
        assert set(archive.namelist()) == {
            name for name in expected_files() if name.startswith("exercises/")
        } | {"GUIDE.md"}
    for module in MODULES:  # the stubs and public checks as they are
        for name in (f"{module}.py", f"checks/test_{module}.py"):
            assert (tmp_path / "out" / "exercises" / name).read_bytes() == (
                COURSE / "exercises" / name
            ).read_bytes()


def test_with_a_roster_each_learner_has_a_quiz_sheet_under_their_file_name(tmp_path: Path):
    released = release_course(course=load_course(COURSE), out=tmp_path / "out", roster=ROSTER)
    assert released.learners == ("ada", "Ben Smith")
    assert bundle_files(tmp_path / "out") == expected_files(learners=released.learners)
    sheet = tmp_path / "out" / "sheets" / "ben_smith~d24f3c2dbdb7"
    assert 'learner = "Ben Smith"' in (sheet / "regression.quiz.toml").read_text()
    assert "Ben Smith" in (sheet / "regression.quiz.html").read_text()


def add_canaries(root: Path) -> dict[str, str]:
    """Instructor-only files an author might add, each with a marker of its own."""
    markers = {
        "mistake": "CANARY_MISTAKE_CODE_5d1e",
        "checks": "CANARY_SOLUTION_CHECKS_77b0",
        "quizzes": "CANARY_QUIZ_FOLDER_a4c2",
        "data": "CANARY_DATA_FILE_0f93",
        "hidden title": "Canary hidden check 3e8d",
        "hidden input": "271828.182845",
    }
    mistakes = root / "solutions" / "mistakes" / "regression"
    source = (mistakes / "mse_sums_instead_of_averaging.py").read_text()
    (mistakes / "canary.py").write_text(
        source.replace("np.sum(", f"np.sum(  # {markers['mistake']}\n    ", 1)
        .replace('MISTAKE = "', 'MISTAKE = "canary: ', 1)
        + f"\n_UNUSED = {markers['mistake']!r}\n"
    )
    (root / "solutions" / "checks" / "shared_data.py").write_text(f"X = {markers['checks']!r}\n")
    (root / "solutions" / "quizzes" / "notes.md").write_text(markers["quizzes"] + "\n")
    (root / "solutions" / "data").mkdir()
    (root / "solutions" / "data" / "inputs.csv").write_text(f"x\n{markers['data']}\n")
    # links from the learners' data to the private one, as a slip of the author's might make
    public_data = root / "exercises" / "data" / "weather"
    public_data.mkdir(parents=True)
    (public_data / "test.csv").symlink_to(root / "solutions" / "data" / "inputs.csv")
    (root / "exercises" / "data" / "private").symlink_to(root / "solutions" / "data")
    hidden = root / "solutions" / "checks" / "test_regression_hidden.py"
    hidden.write_text(
        hidden.read_text()
        + textwrap.dedent(f'''

            @check(points=1)
            def test_canary(learner, reference):
                """{markers["hidden title"]}"""
                y = [{markers["hidden input"]}, 1.0]
                learner.mean_squared_error(y, y).should_be_close(0.0)
            ''')
    )
    return markers


def instructor_lines(root: Path) -> set[str]:
    """Lines of the references and hidden checks that learners do not otherwise have."""
    public = "\n".join(
        (root / "exercises" / name).read_text()
        for module in MODULES
        for name in (f"{module}.py", f"checks/test_{module}.py")
    )
    lines = set()
    for module in MODULES:
        for path in (
            root / "solutions" / f"{module}.py",
            root / "solutions" / "checks" / f"test_{module}_hidden.py",
        ):
            for line in path.read_text().splitlines():
                if len(line.strip()) >= 16 and line.strip() not in public:
                    lines.add(line.strip())
    return lines


def quiz_secrets(root: Path) -> set[str]:
    """The feedback and explanations of the instructor's quizzes (accepted texts are words a
    question may use itself: the files' keys are checked for them instead)."""
    found = set()
    for module in MODULES:
        quiz = load_quiz(module, course_root=root, side="instructor")
        for question in quiz.questions:
            found.add(question.explanation)
            found |= {choice.feedback for choice in question.choices}
    return {text for text in found if len(text) >= 8}


def toml_keys(value: object) -> set[str]:
    if isinstance(value, dict):
        return set(value) | {k for v in value.values() for k in toml_keys(v)}
    if isinstance(value, list):
        return {k for v in value for k in toml_keys(v)}
    return set()


def test_the_bundle_holds_nothing_instructor_only_whatever_the_author_adds(tmp_path: Path):
    root = course_copy(tmp_path)
    markers = add_canaries(root)
    out = tmp_path / "out"
    release_course(course=load_course(root), out=out, roster=ROSTER)

    assert bundle_files(out) == expected_files(learners=("ada", "Ben Smith"))
    texts = bundle_texts(out)
    assert any(name.endswith("!exercises/regression.py") for name in texts)  # the zip was read
    secrets = {*markers.values(), *instructor_lines(root), *quiz_secrets(root)}
    leaks = {(name, s) for name, text in texts.items() for s in secrets if s in text}
    assert not leaks, f"instructor-only text in the bundle: {sorted(leaks)[:5]}"
    for name, text in texts.items():
        if name.endswith(".toml") and "quizzes/" in name:  # course.toml has a [feedback] policy
            keys = toml_keys(tomllib.loads(text))
            assert not keys & {"correct", "feedback", "explanation", "accept", "answer"}, name
        if name.endswith(".sheets.json"):
            assert '"answer"' not in text, name
    # the canary mistake itself is named (its name and hint are what learners are told)
    table = json.loads((out / "exercises" / "checks" / "mistakes_regression.json").read_text())
    assert "canary" in [m["id"] for m in table["mistakes"]]


def test_a_modules_data_and_its_card_reach_the_bundle_and_nothing_else_of_the_folder(
    tmp_path: Path,
):
    root = course_copy(tmp_path)
    weather = root / "exercises" / "data" / "weather"
    weather.mkdir(parents=True)
    for name, text in {
        "train.csv": "x,y\n1,2\n",
        "validation.csv": "x,y\n3,4\n",
        "README.md": "# The weather tables\n",
        "make_tables.py": "print('the author's script')\n",
        "draft.xlsx": "a draft",
    }.items():
        (weather / name).write_text(text)
    (root / "exercises" / "data" / "loose.csv").write_text("x\n1\n")  # not in a folder
    out = tmp_path / "out"
    release_course(course=load_course(root), out=out)
    shipped = {f"exercises/data/weather/{n}" for n in ("train.csv", "validation.csv", "README.md")}
    assert bundle_files(out) == expected_files() | shipped
    for name in shipped:
        assert (out / name).read_bytes() == (root / name).read_bytes()
    with zipfile.ZipFile(out / ZIP) as archive:
        assert shipped <= set(archive.namelist())
    assert "`exercises/data/` holds the data some modules work on (weather)" in (
        out / "GUIDE.md"
    ).read_text()


def test_the_mistakes_table_holds_no_answer_of_the_reference(tmp_path: Path):
    out = tmp_path / "out"
    release_course(course=load_course(COURSE), out=out)
    table = json.loads((out / "exercises" / "checks" / "mistakes_regression.json").read_text())
    sums = next(m for m in table["mistakes"] if m["id"] == "mse_sums_instead_of_averaging")
    # the public MSE check expects 0.375; this mistake answers 1.5, and its right R² is left out
    assert [a["returned"] for a in sums["answers"].values()] == [1.5]


def test_notebooks_are_regenerated_from_the_stubs_never_copied_stale(tmp_path: Path):
    root = course_copy(tmp_path)
    stub = root / "exercises" / "regression.py"
    stub.write_text(stub.read_text().replace("squared differences", "squared errors"))
    stale = (root / "exercises" / "regression.ipynb").read_text()
    release_course(course=load_course(root), out=tmp_path / "out")
    shipped = (tmp_path / "out" / "exercises" / "regression.ipynb").read_text()
    assert shipped == notebook_text(stub) != stale
    assert "squared errors" in shipped


def test_a_stub_that_names_its_tables_gets_notebook_cells_that_read_them_in_jupyter_only(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
):
    stub = tmp_path / "rain.py"
    stub.write_text(
        '"""Rain: will it rain tomorrow?\n\n'
        "You receive data/weather/train.csv and data/weather/validation.csv; see\n"
        'data/weather/README.md.\n"""\n\n\ndef predict(train):\n    raise NotImplementedError\n'
    )
    (tmp_path / "data" / "weather").mkdir(parents=True)
    for name in ("train", "validation"):
        (tmp_path / "data" / "weather" / f"{name}.csv").write_text("city,rain\nOslo,1.5\n,\n")
    notebook = nbformat.reads(notebook_text(stub), as_version=4)
    assert [c.id for c in notebook.cells] == [
        "intro", "imports", "data-intro", "data", "first-look",
        "predict", "check-intro", "check",
    ]
    cells = {c.id: c.source for c in notebook.cells}
    assert "`data/weather/`" in cells["data-intro"]
    monkeypatch.chdir(tmp_path)  # Jupyter runs a notebook in its own folder
    in_jupyter: dict[str, object] = {"__name__": "__main__"}
    output = io.StringIO()
    with contextlib.redirect_stdout(output):
        exec(cells["data"] + "\n" + cells["first-look"], in_jupyter)
    assert list(in_jupyter["validation"]) == ["city", "rain"]  # type: ignore[call-overload]
    assert "train: 2 rows, 2 columns" in output.getvalue()
    assert "Oslo (1)" in output.getvalue() and "min 1.5" in output.getvalue()
    graded: dict[str, object] = {"__name__": "learner"}  # as the grader loads a learner file
    exec(cells["data"] + "\n" + cells["first-look"], graded)
    assert "train" not in graded  # no file read, nothing printed, when the work is graded


def test_the_fixture_course_notebooks_are_what_the_release_writes():
    for module in MODULES:
        stub = COURSE / "exercises" / f"{module}.py"
        assert notebook_text(stub) == stub.with_suffix(".ipynb").read_text()


@pytest.mark.shipped_course
def test_the_shipped_course_notebooks_are_what_the_release_writes():
    """The shipped notebooks are fresh: as make_notebooks.py and a release write them."""
    for module in MODULES:
        stub = ROOT / "exercises" / f"{module}.py"
        assert notebook_text(stub) == stub.with_suffix(".ipynb").read_text()


def test_the_learners_quizzes_are_written_from_the_instructors_files(tmp_path: Path):
    root = course_copy(tmp_path)
    fresh = (root / "exercises" / "quizzes" / "regression.toml").read_text()
    (root / "exercises" / "quizzes" / "regression.toml").write_text("# stale\n")
    release_course(course=load_course(root), out=tmp_path / "out")
    assert (tmp_path / "out" / "exercises" / "quizzes" / "regression.toml").read_text() == fresh


def test_only_the_helpers_the_public_checks_import_are_shipped_from_checks(tmp_path: Path):
    root = course_copy(tmp_path)
    checks = root / "exercises" / "checks"
    (checks / "shared_inputs.py").write_text("Y = [1.0, 2.0]\n")
    (checks / "draft_notes.py").write_text("NOTES = 'not for learners'\n")
    public = checks / "test_regression.py"
    # (the grader does not put checks/ on the import path: pytest's plugin does)
    public.write_text("try:\n    import shared_inputs\nexcept ImportError:\n    pass\n"
                      + public.read_text())
    release_course(course=load_course(root), out=tmp_path / "out")
    shipped = tmp_path / "out" / "exercises" / "checks"
    assert (shipped / "shared_inputs.py").is_file()
    assert not (shipped / "draft_notes.py").exists()


def test_the_guide_says_how_to_check_name_and_hand_in_and_when_each_module_is_due(
    tmp_path: Path,
):
    root = course_copy(tmp_path)
    config = root / "exercises" / "course.toml"
    config.write_text(
        config.read_text() + '\n[deadlines.regression]\ndue = "2026-10-05T23:59:00+02:00"\n'
    )
    release_course(course=load_course(root), out=tmp_path / "out")
    guide = (tmp_path / "out" / "GUIDE.md").read_text()
    for words in (
        "pip install grader",
        "grader check regression.py",
        "grader quiz show regression --learner ID --answers regression.quiz.toml",
        "`regression.py` or `regression.ipynb`",
        "`regression.quiz.toml`",
        "no subfolders",
        "2026-10-05 23:59+02:00",
        "no penalty for late work",
        "feedback",
    ):
        assert words in guide, words


def test_an_out_folder_inside_solutions_is_refused(tmp_path: Path):
    root = course_copy(tmp_path)
    with pytest.raises(ReleaseError, match="inside the course's solutions/"):
        release_course(course=load_course(root), out=root / "solutions" / "release")
    assert not (root / "solutions" / "release").exists()


def test_a_folder_of_other_files_is_refused_and_left_as_it_is(tmp_path: Path):
    out = tmp_path / "out"
    out.mkdir()
    (out / "thesis.tex").write_text("mine")
    with pytest.raises(ReleaseError, match="not an earlier release: give a new or empty folder"):
        release_course(course=load_course(COURSE), out=out)
    assert bundle_files(out) == {"thesis.tex"}


def test_a_release_over_an_earlier_one_replaces_it_whole(tmp_path: Path):
    out = tmp_path / "out"
    release_course(course=load_course(COURSE), out=out, roster=ROSTER)
    (out / "exercises" / "left_over.py").write_text("old")
    release_course(course=load_course(COURSE), out=out)
    assert bundle_files(out) == expected_files()  # no sheets, nothing left over
    assert sorted(p.name for p in tmp_path.iterdir()) == ["out"]


def test_a_release_that_fails_midway_leaves_the_earlier_one_untouched(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
):
    out = tmp_path / "out"
    release_course(course=load_course(COURSE), out=out)
    before = {name: (out / name).read_bytes() for name in bundle_files(out)}

    def broken(course: object, folder: Path) -> None:
        (folder / "half.txt").parent.mkdir(parents=True, exist_ok=True)
        (folder / "half.txt").write_text("half a bundle")
        raise RuntimeError("the disk is full")

    monkeypatch.setattr(bundle_module, "_write_exercises", broken)
    with pytest.raises(RuntimeError, match="disk is full"):
        release_course(course=load_course(COURSE), out=out)
    assert {name: (out / name).read_bytes() for name in bundle_files(out)} == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["out"]  # no temporary folder left


def test_the_command_releases_the_course_it_runs_in_and_refuses_with_exit_2(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
):
    roster = tmp_path / "roster.csv"
    roster.write_text("learner,name\nada,Ada Lovelace\n")
    result = CliRunner().invoke(main, ["release", str(tmp_path / "out"), "--roster", str(roster)])
    assert result.exit_code == 0, result.output
    assert f"{tmp_path / 'out' / ZIP}" in result.output
    assert "the quiz sheets of 1 learner in" in result.output
    assert (tmp_path / "out" / "sheets" / "ada" / "regression.quiz.html").is_file()
    refused = CliRunner().invoke(main, ["release", str(COURSE / "solutions" / "out")])
    assert refused.exit_code == 2
    assert "inside the course's solutions/" in refused.output


def test_the_sheets_hold_only_the_numbers_each_question_text_shows(tmp_path: Path):
    """A generator also returns values its explanation works the answer out with (the sums of
    squares of an R², say): those stay with the instructor."""
    out = tmp_path / "out"
    release_course(course=load_course(COURSE), out=out, roster=ROSTER)
    extra = set()
    for module in MODULES:
        quiz = load_quiz(module, course_root=COURSE, side="instructor")
        texts = {q.id: set(placeholders(q.text)) for q in quiz.questions}
        explained = {q.id: set(placeholders(q.explanation)) - texts[q.id] for q in quiz.questions}
        sheets = json.loads((out / "exercises" / "quizzes" / f"{module}.sheets.json").read_text())
        for sheet in sheets["learners"].values():
            for question, numbers in sheet["numbers"].items():
                assert set(numbers) == texts[question]
                extra |= explained[question]
    assert extra, "the fixture course's explanations use values their texts do not show"


def test_grader_release_as_a_real_process_writes_the_bundle_or_refuses_with_exit_2(
    tmp_path: Path, run_grader
):
    done = run_grader("release", tmp_path / "out")
    assert done.returncode == 0, done.stderr
    assert bundle_files(tmp_path / "out") == expected_files()
    (tmp_path / "mine").mkdir()
    (tmp_path / "mine" / "notes.txt").write_text("mine")
    refused = run_grader("release", tmp_path / "mine")
    assert refused.returncode == 2
    assert "is not an earlier release" in refused.stderr
