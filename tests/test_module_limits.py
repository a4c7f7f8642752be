"""Per-module limits and preloaded libraries: `[limits.<module>]` changes what one module's
files run under and nothing else, an explicit option of `grader grade` wins for every module,
and `[sandbox.<module>] preload` imports libraries in that module's zygote only."""

from __future__ import annotations

import json
import textwrap
from pathlib import Path

import pytest
from click.testing import CliRunner

from grader.cli import main
from grader.course import CourseFileError, load_course
from grader.grading import grade_class
from grader.sandbox import Limits, Sandbox
from grader.sandbox.isolation import plan_for
from grader.sandbox.outcomes import Returned
from grader.testing import score

from .gradebook_classes import course_copy

MODULES = ("patient", "hasty")

STUB = '''"""A module of one function, for the grader's tests of per-module settings."""


def nap():
    """Return 1.0."""
    raise NotImplementedError
'''

CHECKS = '''"""{kind} checks of {module}."""

from grader.checks import check


@check(points=1, hint="Return 1.0.")
def test_{kind}_nap(learner):
    """nap returns one"""
    learner.nap().should_be_close(1.0)
'''

# A learner's nap that takes a second: within 2 s, past 0.5 s.
SLOW_NAP = "import time\n\n\ndef nap():\n    time.sleep(1.0)\n    return 1.0\n"

# A learner's nap that says whether the library was there before their file ran.
SEES_PRELOAD = (
    'import sys\n\nPRELOADED = "sklearn.tree" in sys.modules\n\n\n'
    "def nap():\n    return 1.0 if PRELOADED else 0.0\n"
)


def two_module_course(folder: Path, settings: str = "") -> Path:
    """A course of two one-function modules, `patient` and `hasty`, under the usual limits,
    with `settings` added to its course.toml."""
    root = folder / "course"
    for part in ("exercises/checks", "solutions/checks"):
        (root / part).mkdir(parents=True)
    for module in MODULES:
        (root / "exercises" / f"{module}.py").write_text(STUB)
        (root / "solutions" / f"{module}.py").write_text("def nap():\n    return 1.0\n")
        (root / "exercises" / "checks" / f"test_{module}.py").write_text(
            CHECKS.format(kind="public", module=module))
        (root / "solutions" / "checks" / f"test_{module}_hidden.py").write_text(
            CHECKS.format(kind="hidden", module=module))
    (root / "exercises" / "course.toml").write_text(
        'modules = ["patient", "hasty"]\n\n[limits]\ncall_timeout = 2.0\nfile_timeout = 30.0\n'
        '\n[feedback]\nrelease = "immediately"\n\n' + textwrap.dedent(settings))
    return root


def a_class(folder: Path, source: str) -> Path:
    learner = folder / "class" / "ada"
    learner.mkdir(parents=True)
    for module in MODULES:
        (learner / f"{module}.py").write_text(source)
    return folder / "class"


def statuses(results_json: Path) -> dict[str, list[str]]:
    learner = json.loads(results_json.read_text())["learners"][0]
    return {m["module"]: [c["status"] for c in m["checks"]] for m in learner["modules"]}


# -- reading the settings --------------------------------------------------------------------

def test_a_modules_limits_table_changes_only_the_keys_it_gives(tmp_path):
    course = course_copy(tmp_path, "[limits.regression]\ncall_timeout = 20.0\nmemory_mb = 3072\n")
    assert course.module("regression").limits == Limits(
        call_timeout=20.0, file_timeout=30.0, memory_mb=3072, output_kb=1024)
    assert course.module("classification").limits == course.limits == Limits(
        call_timeout=2.0, file_timeout=30.0, memory_mb=1024, output_kb=1024)
    assert course.module("classification").preload == ()


@pytest.mark.parametrize("table, setting, said", [
    ("limits.capstone", "call_timeout = 20.0", "no such module"),
    ("limits.regression", "call_timout = 20.0", "unknown setting 'call_timout'"),
    ("limits.regression", "memory_mb = 0", "memory mb must be positive"),
    ("limits.regression", "call_timeout = -1.0", "call timeout must be positive"),
    ("limits.regression", "memory_mb = 3072.5", "memory_mb must be a whole number"),
    ("limits.regression", 'call_timeout = "20"', "call_timeout must be a number"),
    ("sandbox.capstone", 'preload = ["sklearn.tree"]', "no such module"),
    ("sandbox.regression", 'preloads = ["sklearn.tree"]', "unknown setting 'preloads'"),
    ("sandbox.regression", 'preload = "sklearn.tree"', "preload must be a list"),
    ("sandbox.regression", 'preload = ["sklearn tree"]', "preload must be a list"),
    ("sandbox", 'preload = ["sklearn.tree"]', "unknown setting 'preload'"),
])
def test_a_limits_or_sandbox_table_the_grader_cannot_use_is_refused_naming_file_and_table(
        tmp_path, table, setting, said):
    with pytest.raises(CourseFileError) as refused:
        course_copy(tmp_path, f"[{table}]\n{setting}\n")
    assert f"course.toml: [{table}]: {said}" in str(refused.value)


def test_the_courses_own_limits_table_is_still_checked_key_by_key(tmp_path):
    course_copy(tmp_path)
    config = tmp_path / "course" / "exercises" / "course.toml"
    config.write_text(config.read_text().replace("memory_mb = 1024", "memory = 1024"))
    with pytest.raises(CourseFileError, match=r"course.toml: \[limits\]: unknown setting 'memory'"):
        load_course(tmp_path / "course")


# -- the limits each module's files run under ------------------------------------------------

@pytest.mark.parametrize("where", [{"jobs": 1}, {"scheduler": "local:1"}],
                         ids=["local pool", "Dask cluster"])
def test_a_module_with_a_half_second_call_timeout_times_out_where_another_with_two_does_not(
        tmp_path, where):
    course = load_course(two_module_course(tmp_path, "[limits.hasty]\ncall_timeout = 0.5\n"))
    graded = grade_class(a_class(tmp_path, SLOW_NAP), out=tmp_path / "out", course=course,
                         **where)
    found = statuses(graded.out / "results.json")
    assert found["patient"] == ["passed", "passed"]
    assert set(found["hasty"]) == {"timeout"}


@pytest.mark.parametrize("where", [["--jobs", "1"], ["--scheduler", "local:1"]],
                         ids=["local pool", "Dask cluster"])
def test_an_explicit_timeout_option_wins_over_every_modules_own_limits(
        tmp_path, monkeypatch, where):
    root = two_module_course(tmp_path, "[limits.hasty]\ncall_timeout = 0.5\n")
    monkeypatch.setenv("GRADER_COURSE", str(root))
    ran = CliRunner().invoke(main, ["grade", str(a_class(tmp_path, SLOW_NAP)), "--out",
                                    str(tmp_path / "out"), *where, "--timeout", "3"])
    assert ran.exit_code == 0, ran.output
    found = statuses(tmp_path / "out" / "results.json")
    assert found == {"patient": ["passed", "passed"], "hasty": ["passed", "passed"]}


def test_a_modules_own_limits_are_those_grader_check_and_the_testing_helper_use(tmp_path):
    course = load_course(two_module_course(tmp_path, "[limits.hasty]\ncall_timeout = 0.5\n"))
    assert score("patient", SLOW_NAP, course=course, hidden=False).failed() == []
    assert score("hasty", SLOW_NAP, course=course, hidden=False).check(
        "test_public_nap").status == "timeout"


def test_changing_one_modules_limits_or_preloads_grades_that_module_again_and_no_other(
        tmp_path):
    submissions = a_class(tmp_path, SLOW_NAP)
    first = load_course(two_module_course(tmp_path / "a"))
    grade_class(submissions, out=tmp_path / "out", course=first, jobs=1)
    config = first.root / "exercises" / "course.toml"
    config.write_text(config.read_text() + "[limits.hasty]\ncall_timeout = 0.5\n")
    again = grade_class(submissions, out=tmp_path / "out", course=load_course(first.root), jobs=1)
    assert (again.graded, again.reused) == (1, 1)
    config.write_text(config.read_text() + '[sandbox.patient]\npreload = ["sklearn.tree"]\n')
    again = grade_class(submissions, out=tmp_path / "out", course=load_course(first.root), jobs=1)
    assert (again.graded, again.reused) == (1, 1)


# -- libraries preloaded per module ----------------------------------------------------------

def test_a_module_that_preloads_finds_its_library_imported_before_its_file_runs_and_no_other(
        tmp_path):
    course = load_course(two_module_course(
        tmp_path, '[sandbox.patient]\npreload = ["sklearn.tree"]\n'))
    graded = grade_class(a_class(tmp_path, SEES_PRELOAD), out=tmp_path / "out", course=course,
                         jobs=1)
    found = statuses(graded.out / "results.json")
    assert found == {"patient": ["passed", "passed"], "hasty": ["failed", "failed"]}


def test_a_preloaded_name_that_does_not_import_is_told_once_and_the_files_are_still_graded(
        tmp_path, capfd):
    course = load_course(two_module_course(
        tmp_path, '[sandbox.patient]\npreload = ["sklearn.tree", "no_such_library_at_all"]\n'))
    assert score("patient", SEES_PRELOAD, course=course, hidden=False).failed() == []
    # another slot's zygote, as a run with several of them starts, finds the same
    preload = course.module("patient").preload
    with Sandbox(course.limits, plan_for([], slot=1), preload=preload) as sandbox:
        sandbox.start()
    told = capfd.readouterr().err
    assert told.count("course problem") == 1
    assert "preload 'no_such_library_at_all' could not be imported (ModuleNotFoundError" in told


CAPSTONE = """
import numpy as np
from sklearn.linear_model import LinearRegression, LogisticRegression
from sklearn.neighbors import KNeighborsClassifier
from sklearn.tree import DecisionTreeClassifier

def train():
    rng = np.random.default_rng(0)
    x = rng.normal(size=(1750, 25))
    labels = (x[:, 0] + x[:, 1] > 0).astype(int)
    target = x @ rng.normal(size=25)
    scores = [float(LinearRegression().fit(x, target).score(x, target))]
    for model in (KNeighborsClassifier(5), DecisionTreeClassifier(max_depth=4),
                  LogisticRegression(max_iter=500)):
        scores.append(float((model.fit(x, labels).predict(x) == labels).mean()))
    return scores
"""


@pytest.mark.parametrize("preload", [(), ("sklearn.linear_model", "sklearn.neighbors",
                                          "sklearn.tree")])
def test_scikit_learns_four_models_fit_and_predict_in_a_job_under_the_default_memory(preload):
    limits = Limits(call_timeout=20.0, file_timeout=60.0, memory_mb=1024)
    with Sandbox(limits, preload=preload) as sandbox:
        sandbox.load(CAPSTONE, "capstone.py", "capstone", 30.0)
        trained = sandbox.call("train", (), {}, 20.0)
    assert isinstance(trained, Returned), trained
    assert trained.value[0] == pytest.approx(1.0) and min(trained.value[1:]) > 0.85
