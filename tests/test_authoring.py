"""Tools for course authors: `grader validate` says what to fix in a module as FILE:LINE, and
`grader new module` writes a skeleton that it guides to a module that grades."""

from __future__ import annotations

import json
import re
import shutil
from collections.abc import Callable
from pathlib import Path

import pytest
from click.testing import CliRunner

from grader.authoring import ModuleExists, ModuleNameError, new_module, validate
from grader.cli import main
from grader.course import load_course
from grader.release.notebooks import notebook_text

from .conftest import COURSE, ROOT, SCENARIOS

FILLED = SCENARIOS / "new_module"  # what an author writes into `grader new module metrics`


def course_copy(tmp_path: Path) -> Path:
    """The fixture course copied, to be broken in one place."""
    root = tmp_path / "course"
    for part in ("exercises", "solutions"):
        shutil.copytree(COURSE / part, root / part, ignore=shutil.ignore_patterns("__pycache__"))
    return root


def edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text, f"{old!r} is not in {path}"
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def findings(root: Path, *modules: str) -> list[str]:
    return [str(f) for f in validate(course=load_course(root), modules=modules)]


def line_of(path: Path, text: str) -> int:
    """The line (from 1) where `text` starts in a file."""
    lines = path.read_text(encoding="utf-8").splitlines()
    return next(i for i, line in enumerate(lines, 1) if line.startswith(text))


# --- a course that holds together ------------------------------------------------------------


def test_grader_validate_finds_nothing_to_fix_in_the_fixture_course() -> None:
    done = CliRunner().invoke(main, ["validate"])
    assert done.exit_code == 0, done.output
    assert done.output == "4 modules validated: nothing to fix\n"


@pytest.mark.shipped_course
def test_grader_validate_finds_nothing_to_fix_in_the_shipped_course() -> None:
    assert [str(f) for f in validate(course=load_course(ROOT))] == []


@pytest.mark.slow
def test_grader_validate_run_as_a_user_names_the_modules_it_validated(run_grader) -> None:
    done = run_grader("validate", "regression", "clustering")
    assert (done.returncode, done.stdout) == (0, "2 modules validated: nothing to fix\n")


def test_grader_validate_of_a_module_the_course_lacks_is_the_users_mistake() -> None:
    done = CliRunner().invoke(main, ["validate", "regresion"])
    assert done.exit_code == 2
    assert "unknown module 'regresion'" in done.output


# --- what it finds, where ----------------------------------------------------------------------

# Ways to break a copy of the fixture course, each with the finding it must give.
BROKEN: dict[str, tuple[Callable[[Path], None], Callable[[Path], str]]] = {}


MSE_SUMS = "solutions/mistakes/regression/mse_sums_instead_of_averaging.py"
HIDDEN = "solutions/checks/test_regression_hidden.py"
PUBLIC = "exercises/checks/test_regression.py"

BROKEN["a classic mistake earns full points"] = (
    lambda root: edit(root / MSE_SUMS, "float(np.sum((y_true", "float(np.mean((y_true"),
    lambda root: f"{MSE_SUMS}:{line_of(root / MSE_SUMS, 'FUNCTION =')}: this classic mistake "
    "earns full points: no check tells it from the reference; add a check of "
    "mean_squared_error that it fails",
)

UNSEEDED_CHECK = '''

@check(points=1, hint="Average over all the samples.")
def test_mse_of_random_predictions(learner, reference):
    """MSE of random predictions"""
    y_true, y_pred = np.random.default_rng().normal(size=(2, 20))
    expected = reference.mean_squared_error(y_true, y_pred)
    learner.mean_squared_error(y_true, y_pred).should_be_close(expected)
'''


def _add_unseeded_check(root: Path) -> None:
    with (root / HIDDEN).open("a", encoding="utf-8") as file:
        file.write(UNSEEDED_CHECK)


BROKEN["a check draws its inputs from an unseeded generator"] = (
    _add_unseeded_check,
    lambda root: f"{HIDDEN}:{line_of(root / HIDDEN, 'def test_mse_of_random_predictions')}: "
    "test_mse_of_random_predictions is not deterministic: two runs against the reference made "
    "different calls; draw its inputs from a seeded generator (np.random.default_rng(SEED))",
)

BROKEN["a check file draws its inputs from an unseeded generator when imported"] = (
    lambda root: edit(root / HIDDEN, "default_rng(20240501)", "default_rng()"),
    lambda root: f"{HIDDEN}:{line_of(root / HIDDEN, 'def test_mse_of_fifty_random_predictions')}"
    ": test_mse_of_fifty_random_predictions is not deterministic: two runs against the "
    "reference made different calls; draw its inputs from a seeded generator "
    "(np.random.default_rng(SEED))",
)


def _stub_with_a_solution(root: Path) -> None:
    stub = root / "exercises/regression.py"
    edit(stub, "    0.375\n    \"\"\"\n    raise NotImplementedError",
         "    0.375\n    \"\"\"\n    return float(np.mean((y_true - y_pred) ** 2))")
    (root / "exercises/regression.ipynb").write_text(notebook_text(stub), encoding="utf-8")


BROKEN["the stub passes a check"] = (
    _stub_with_a_solution,
    lambda root: f"{PUBLIC}:{line_of(root / PUBLIC, 'def test_mse_of_four_predictions')}: the "
    "stub passes test_mse_of_four_predictions: a check must fail on a function that raises "
    "NotImplementedError",
)

BROKEN["a function has fewer than three classic mistakes"] = (
    lambda root: edit(root / "exercises/course.toml", "mistakes_per_function = 0\n", ""),
    lambda root: f"exercises/regression.py:{line_of(root / 'exercises/regression.py', 'def r2')}"
    ": r2_score has 1 classic mistake of its own: write at least 3 in "
    "solutions/mistakes/regression/",
)

BROKEN["a notebook is stale"] = (
    lambda root: edit(root / "exercises/regression.py", "predicts a number", "predicts one number"),
    lambda root: "exercises/regression.ipynb:1: out of date with exercises/regression.py: "
    "write it from the stub with `python exercises/make_notebooks.py`",
)

BROKEN["the stub computes something"] = (
    lambda root: edit(root / "exercises/regression.py",
                      '    0.0\n    """\n    raise NotImplementedError',
                      '    0.0\n    """\n    return 0.5'),
    lambda root: f"exercises/regression.py:{line_of(root / 'exercises/regression.py', 'def r2')}"
    ": the stub fails test_r2_of_four_predictions without 'not implemented' (",
)

BROKEN["the reference fails a check"] = (
    lambda root: edit(root / "solutions/regression.py", "np.mean(errors**2)", "np.sum(errors**2)"),
    lambda root: f"{PUBLIC}:{line_of(root / PUBLIC, 'def test_mse_of_four_predictions')}: the "
    "reference solution fails test_mse_of_four_predictions: ",
)

BROKEN["a classic mistake is wrong in a function it does not name"] = (
    lambda root: edit(root / MSE_SUMS, "return float(1 - ss_res", "return float(2 - ss_res"),
    lambda root: f"{MSE_SUMS}:{line_of(root / MSE_SUMS, 'FUNCTION =')}: loses points on "
    "test_r2_of_four_predictions, a check of r2_score: a classic mistake is wrong in "
    "mean_squared_error only (copy the reference's other functions)",
)

def _drop_the_hidden_r2_checks(root: Path) -> None:
    text = (root / HIDDEN).read_text(encoding="utf-8")
    (root / HIDDEN).write_text(text.split('\n\n\n@check(points=1, hint="SS_res')[0] + "\n")


BROKEN["a classic mistake names another function than the one it gets wrong"] = (
    lambda root: edit(root / MSE_SUMS, 'FUNCTION = "mean_squared_error"', 'FUNCTION = "r2_score"'),
    lambda root: f"{MSE_SUMS}:{line_of(root / MSE_SUMS, 'FUNCTION =')}: this classic mistake "
    "fails no check of r2_score itself: add a check of it that the mistake fails",
)

BROKEN["the reference has a public function the stub lacks"] = (
    lambda root: edit(root / "solutions/regression.py", "\ndef r2_score",
                      "\ndef residuals(y_true, y_pred):\n    return y_true - y_pred\n\n\n"
                      "def r2_score"),
    lambda root: f"solutions/regression.py:{line_of(root / 'solutions/regression.py', 'def res')}"
    ": the reference defines residuals, which the stub does not: name a helper _residuals, or "
    "add residuals to the stub",
)

BROKEN["a function has no hidden check"] = (
    _drop_the_hidden_r2_checks,
    lambda root: f"exercises/regression.py:{line_of(root / 'exercises/regression.py', 'def r2')}"
    ": no hidden check calls r2_score: add one to solutions/checks/test_regression_hidden.py",
)

BROKEN["a learners' quiz copy is stale"] = (
    lambda root: edit(root / "solutions/quizzes/regression.toml", "Regression metrics",
                      "Regression"),
    lambda root: "exercises/quizzes/regression.toml:1: out of date with the instructor's quiz "
    "in solutions/quizzes/: write it again with `grader quiz build`",
)


@pytest.mark.parametrize("case", list(BROKEN))
def test_grader_validate_names_the_file_and_line_of_what_to_fix(case: str, tmp_path) -> None:
    break_it, finding = BROKEN[case]
    root = course_copy(tmp_path)
    assert findings(root, "regression") == []
    break_it(root)
    found = findings(root, "regression")
    assert any(f.startswith(finding(root)) for f in found), "\n".join(found)


def test_grader_validate_lists_the_findings_and_fails(tmp_path, monkeypatch) -> None:
    root = course_copy(tmp_path)
    _stub_with_a_solution(root)
    monkeypatch.setenv("GRADER_COURSE", str(root))
    done = CliRunner().invoke(main, ["validate"])
    assert done.exit_code == 1
    lines = done.stdout.splitlines()
    assert lines and all(re.fullmatch(r"[\w/.]+:\d+: .+", line) for line in lines), lines
    assert f"{len(lines)} to fix in 4 modules" in done.stderr


def test_a_classic_mistake_named_second_is_a_finding(tmp_path) -> None:
    # A copy of a mistake, under a name sorted first: both give the same answers, and the
    # copy is named first on every check the original fails.
    root = course_copy(tmp_path)
    folder = root / "solutions/mistakes/regression"
    shutil.copy(folder / "mse_sums_instead_of_averaging.py", folder / "a_copy_of_mse_sums.py")
    line = line_of(root / MSE_SUMS, "FUNCTION =")
    assert f"{MSE_SUMS}:{line}: not named first on test_mse_of_four_predictions, which it fails " \
           "(named: a_copy_of_mse_sums, mse_sums_instead_of_averaging): give its answer a " \
           "check no other mistake gives" in findings(root, "regression")


def test_a_course_setting_for_mistakes_per_function_must_be_a_small_whole_number(
    tmp_path,
) -> None:
    root = course_copy(tmp_path)
    edit(root / "exercises/course.toml", "mistakes_per_function = 0", "mistakes_per_function = -1")
    done = CliRunner().invoke(main, ["validate"], env={"GRADER_COURSE": str(root)})
    assert done.exit_code == 3
    assert "[validate] mistakes_per_function must be a whole number" in done.output


def test_a_module_set_apart_in_the_course_settings_needs_its_own_number_of_classic_mistakes(
    tmp_path,
) -> None:
    """A project whose mistakes behaviour probes name, not mistake files, asks for none."""
    root = course_copy(tmp_path)
    edit(root / "exercises/course.toml", "mistakes_per_function = 0\n",
         "mistakes_per_function = 9\n\n[validate.regression]\nmistakes_per_function = 0\n")
    wanting = [f for f in findings(root, "regression", "clustering") if "classic mistake" in f]
    assert wanting and all(f.startswith("exercises/clustering.py:") for f in wanting)
    edit(root / "exercises/course.toml", "[validate.regression]\nmistakes_per_function = 0",
         "[validate.regression]\nmistakes_per_function = true")
    done = CliRunner().invoke(main, ["validate"], env={"GRADER_COURSE": str(root)})
    assert done.exit_code == 3
    assert "[validate.regression] mistakes_per_function must be a whole number" in done.output


# --- grader new module -------------------------------------------------------------------------


@pytest.fixture
def course_for_a_new_module(tmp_path, monkeypatch) -> Path:
    """A copy of the fixture course that asks three classic mistakes of each new function."""
    root = course_copy(tmp_path)
    edit(root / "exercises/course.toml", "mistakes_per_function = 0\n", "")
    monkeypatch.setenv("GRADER_COURSE", str(root))
    return root


def test_a_new_module_is_listed_in_the_course_settings_with_their_comments_kept(
    course_for_a_new_module: Path,
) -> None:
    root = course_for_a_new_module
    before = (root / "exercises/course.toml").read_text()
    done = CliRunner().invoke(main, ["new", "module", "metrics", "--title", "More metrics"])
    assert done.exit_code == 0, done.output
    after = (root / "exercises/course.toml").read_text()
    assert after == before.replace('"optimization"]', '"optimization", "metrics"]')
    assert load_course(root).module_names[-1] == "metrics"
    assert "wrote exercises/metrics.py" in done.output and "grader validate metrics" in done.output


def test_a_new_modules_skeleton_validates_but_for_the_classic_mistakes_left_to_write(
    course_for_a_new_module: Path,
) -> None:
    root = course_for_a_new_module
    written = new_module(course_root=root, name="metrics", title="More metrics")
    assert {p.relative_to(root).as_posix() for p in written} == {
        "exercises/metrics.py", "exercises/metrics.ipynb", "exercises/checks/test_metrics.py",
        "exercises/quizzes/metrics.toml", "exercises/course.toml", "solutions/metrics.py",
        "solutions/checks/test_metrics_hidden.py", "solutions/quizzes/metrics.toml",
        "solutions/mistakes/metrics/mae_without_the_absolute_value.py",
    }
    line = line_of(root / "exercises/metrics.py", "def mean_absolute_error")
    assert findings(root, "metrics") == [
        f"exercises/metrics.py:{line}: mean_absolute_error has 1 classic mistake of its own: "
        "write at least 3 in solutions/mistakes/metrics/"
    ]
    stub = (root / "exercises/metrics.py").read_text()
    assert stub.startswith('"""More metrics: what this module teaches')


@pytest.mark.parametrize("name", ["regression", "Metrics", "2metrics", "test_metrics", "class",
                                  "metrics-2", "a" * 41, "../metrics"])
def test_a_new_module_refuses_a_taken_name_or_one_no_module_can_have(
    course_for_a_new_module: Path, name: str
) -> None:
    root = course_for_a_new_module
    before = {p: p.read_bytes() for p in root.rglob("*") if p.is_file()}
    with pytest.raises((ModuleExists, ModuleNameError)):
        new_module(course_root=root, name=name)
    assert {p: p.read_bytes() for p in root.rglob("*") if p.is_file()} == before
    assert CliRunner().invoke(main, ["new", "module", name]).exit_code == 2


def test_a_new_module_refuses_to_write_over_files_of_a_module_not_yet_listed(
    course_for_a_new_module: Path,
) -> None:
    root = course_for_a_new_module
    for work in ("solutions/metrics.py", "exercises/metrics.ipynb"):
        (root / work).write_text("# an author's work\n")
        with pytest.raises(ModuleExists, match=f"{work} exists already"):
            new_module(course_root=root, name="metrics")
        assert (root / work).read_text() == "# an author's work\n"
        (root / work).unlink()
    assert "metrics" not in load_course(root).module_names


@pytest.mark.slow
def test_a_new_module_filled_in_validates_and_grades_a_learner_who_wrote_it_differently(
    course_for_a_new_module: Path, run_grader, tmp_path
) -> None:
    root = course_for_a_new_module
    assert run_grader("new", "module", "metrics", "--title", "More metrics").returncode == 0
    for source in (FILLED / "exercises").rglob("*.py"):
        shutil.copy(source, root / source.relative_to(FILLED))
    for source in (FILLED / "solutions").rglob("*.py"):
        shutil.copy(source, root / source.relative_to(FILLED))
    stub = root / "exercises/metrics.py"
    assert findings(root, "metrics") == [
        "exercises/metrics.ipynb:1: out of date with exercises/metrics.py: write it from the "
        "stub with `python exercises/make_notebooks.py`"
    ]
    (root / "exercises/metrics.ipynb").write_text(notebook_text(stub), encoding="utf-8")
    done = run_grader("validate", "metrics")
    assert (done.returncode, done.stdout) == (0, "1 module validated: nothing to fix\n"), (
        done.stdout + done.stderr)

    out = tmp_path / "out"
    graded = run_grader("grade", FILLED / "class", "--out", out)
    assert graded.returncode == 0, graded.stderr
    ada = json.loads((out / "results.json").read_text())["learners"][0]
    metrics = next(m for m in ada["modules"] if m["module"] == "metrics")
    assert metrics["score"] == metrics["max_score"] == 8


def test_a_check_file_that_cannot_be_imported_is_the_course_authors_problem(tmp_path) -> None:
    root = course_copy(tmp_path)
    edit(root / HIDDEN, "import numpy as np", "import numpy as np\nimport no_such_module")
    done = CliRunner().invoke(main, ["validate", "regression"], env={"GRADER_COURSE": str(root)})
    assert done.exit_code == 3
    assert "test_regression_hidden.py" in done.output and "no_such_module" in done.output
