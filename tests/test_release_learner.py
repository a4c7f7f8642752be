"""A learner's side of a release: with only the bundle (no solutions/ anywhere), `grader check`
names the same classic mistakes with the same hints as the full course, and `grader quiz show`
shows a roster learner their own variant."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

from grader.checks.precomputed import load_precomputed
from grader.course import Course, load_course
from grader.load.roster import Roster, RosterEntry
from grader.quiz import QuizInputError, quiz_template, show_quiz
from grader.release import release_course
from grader.results import ModuleResult
from grader.selfcheck import check_file

from .conftest import COURSE, ROOT

MISTAKES = sorted((COURSE / "solutions" / "mistakes").glob("*/*.py"))
ROSTER = Roster((RosterEntry("ada"), RosterEntry("Ben Smith")))


@pytest.fixture(scope="module")
def released(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The fixture course released with a roster, then unzipped where a learner would: the
    zip alone, far from the course."""
    out = tmp_path_factory.mktemp("release") / "out"
    bundle = release_course(course=load_course(COURSE), out=out, roster=ROSTER)
    learner = tmp_path_factory.mktemp("learner") / "course"
    with zipfile.ZipFile(bundle.zip) as archive:
        archive.extractall(learner)
    return learner


def named(result: ModuleResult) -> list[tuple[str, list[tuple[str, str, str]]]]:
    """Each failed check with the classic mistakes it names: id, name and hint."""
    return [
        (c.id, [(m.id, m.name, m.hint) for m in c.detail.misconceptions])
        for c in result.checks
        if not c.passed
    ]


@pytest.mark.parametrize("mistake", MISTAKES, ids=lambda p: f"{p.parent.name}/{p.stem}")
def test_a_classic_mistake_is_named_alike_from_a_release_and_from_the_full_course(
    mistake: Path, released: Path, tmp_path: Path
):
    module = mistake.parent.name
    learner_file = tmp_path / f"{module}.py"
    learner_file.write_text(mistake.read_text())
    full = check_file(learner_file, course=load_course(COURSE))
    bundle = check_file(learner_file, course=load_course(released))
    assert named(bundle) == named(full)
    assert [c.status for c in bundle.checks] == [c.status for c in full.checks]


def test_a_release_diagnoses_without_any_mistakes_code(released: Path):
    course: Course = load_course(released)
    assert not (released / "solutions").exists()
    for module in course.modules:
        assert module.mistakes == ()
        assert load_precomputed(module.precomputed_mistakes, module.name)  # read instead


def test_a_damaged_table_of_mistakes_is_the_courses_problem_with_what_to_do(tmp_path: Path):
    table = tmp_path / "mistakes_regression.json"
    table.write_text(json.dumps({"format": "something else"}))
    from grader.checks.collect import CollectError

    with pytest.raises(CollectError, match="release the course again"):
        load_precomputed(table, "regression")


def test_a_roster_learner_sees_their_own_variant_from_the_release(released: Path):
    for learner in ("ada", "Ben Smith"):
        for module in ("regression", "optimization"):
            assert show_quiz(module, learner=learner, course_root=released) == show_quiz(
                module, learner=learner, course_root=COURSE
            )


def test_a_learner_not_in_the_release_is_told_to_ask_for_their_quiz_sheet(released: Path):
    with pytest.raises(QuizInputError, match="none for 'zed'.*ask your instructor for your quiz"):
        show_quiz("regression", learner="zed", course_root=released)


def learner_run(*args: str, cwd: Path, course: Path | None = None) -> subprocess.CompletedProcess:
    """`grader ARGS` as a learner runs it: GRADER_COURSE only when they set it."""
    env = {k: v for k, v in os.environ.items() if k != "GRADER_COURSE"}
    env["PYTHONPATH"] = str(ROOT)
    if course is not None:
        env["GRADER_COURSE"] = str(course)
    return subprocess.run(
        [sys.executable, "-m", "grader", *args],
        cwd=cwd,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_grader_check_in_the_released_exercises_names_the_mistake_and_its_hint(
    released: Path, tmp_path: Path
):
    exercises = released / "exercises"
    stub = (COURSE / "exercises" / "regression.py").read_text()
    mistake = COURSE / "solutions" / "mistakes" / "regression" / "mse_sums_instead_of_averaging.py"
    (exercises / "regression.py").write_text(mistake.read_text())  # the learner's work
    try:
        ran = learner_run("check", "regression.py", cwd=exercises)
    finally:
        (exercises / "regression.py").write_text(stub)
    assert ran.returncode == 1, ran.stderr
    assert "MSE is the sum, not the mean, of the squared errors" in ran.stdout
    assert "of the module's" not in ran.stdout  # no hidden checks at hand to count

    elsewhere = tmp_path / "regression.py"
    elsewhere.write_text(mistake.read_text())
    ran = learner_run("check", str(elsewhere), cwd=tmp_path, course=released)
    assert ran.returncode == 1, ran.stderr
    assert "MSE is the sum, not the mean, of the squared errors" in ran.stdout


def test_grader_quiz_show_from_the_release_writes_the_learners_answers_file(
    released: Path, tmp_path: Path
):
    ran = learner_run(
        "quiz", "show", "regression", "--learner", "ada", "--answers", str(tmp_path / "a.toml"),
        cwd=released / "exercises",
    )
    assert ran.returncode == 0, ran.stderr
    written = (tmp_path / "a.toml").read_text()
    assert written == quiz_template("regression", learner="ada", course_root=COURSE)
    refused = learner_run("quiz", "show", "regression", "--learner", "zed", cwd=released)
    assert refused.returncode == 2
    assert "ask your instructor for your quiz sheet" in refused.stderr


ANSWER_DEPENDENT_CHECK = '''

@check(points=1)
def test_mse_of_its_own_answer(learner):
    """MSE of predictions made of the first answer"""
    first = learner.mean_squared_error(np.array([1.0, 3.0]), np.array([2.0, 5.0])).value
    learner.mean_squared_error(np.zeros(2), np.full(2, float(first))).should_be_close(first**2)
'''

RAISING_MISTAKE = '''"""Mistake: the MSE refuses inputs that are not three long."""

import numpy as np

MISTAKE = "MSE refuses inputs that are not three long"
HINT = "compare len(y_true) with len(y_pred), not with 3"
FUNCTION = "mean_squared_error"


def mean_squared_error(y_true, y_pred):
    if len(y_true) != 3:
        raise ValueError("y_true and y_pred must have the same length")
    return float(np.mean((y_true - y_pred) ** 2))


def r2_score(y_true, y_pred):
    return float(1 - np.sum((y_true - y_pred) ** 2) / np.sum((y_true - y_true.mean()) ** 2))
'''


def course_copy(tmp_path: Path) -> Path:
    root = tmp_path / "course"
    for part in ("exercises", "solutions"):
        shutil.copytree(COURSE / part, root / part, ignore=shutil.ignore_patterns("__pycache__"))
    return root


def named_both_ways(root: Path, learner_file: Path, tmp_path: Path) -> tuple[list, list]:
    out = tmp_path / "out"
    release_course(course=load_course(root), out=out)
    full = check_file(learner_file, course=load_course(root))
    return named(check_file(learner_file, course=load_course(out))), named(full)


def test_calls_a_check_makes_only_of_a_wrong_answer_are_diagnosed_from_a_release(tmp_path: Path):
    root = course_copy(tmp_path)
    public = root / "exercises" / "checks" / "test_regression.py"
    public.write_text(public.read_text() + ANSWER_DEPENDENT_CHECK)
    learner_file = tmp_path / "regression.py"
    mistakes = root / "solutions" / "mistakes" / "regression"
    learner_file.write_text((mistakes / "mse_sums_instead_of_averaging.py").read_text())
    from_release, from_course = named_both_ways(root, learner_file, tmp_path)
    assert from_release == from_course
    own = dict(from_release)["test_mse_of_its_own_answer"]
    assert [m[0] for m in own] == ["mse_sums_instead_of_averaging"]


def test_a_mistake_that_raises_is_named_from_a_release_by_the_same_error(tmp_path: Path):
    root = course_copy(tmp_path)
    mistake = root / "solutions" / "mistakes" / "regression" / "mse_refuses_other_lengths.py"
    mistake.write_text(RAISING_MISTAKE)
    learner_file = tmp_path / "regression.py"
    learner_file.write_text(RAISING_MISTAKE)
    from_release, from_course = named_both_ways(root, learner_file, tmp_path)
    assert from_release == from_course
    assert [m[0] for m in dict(from_release)["test_mse_of_four_predictions"]] == [
        "mse_refuses_other_lengths"
    ]


@pytest.mark.shipped_course
def test_every_classic_mistake_of_the_shipped_course_is_named_alike_from_its_release(
    tmp_path: Path,
):
    out = tmp_path / "out"
    release_course(course=load_course(ROOT), out=out)
    full, bundle = load_course(ROOT), load_course(out)
    differ = []
    for module in full.modules:
        for mistake in module.mistakes:
            learner_file = tmp_path / module.filename
            learner_file.write_text(mistake.read_text())
            from_course = named(check_file(learner_file, course=full))
            if named(check_file(learner_file, course=bundle)) != from_course:
                differ.append(f"{module.name}/{mistake.stem}")
    assert not differ
