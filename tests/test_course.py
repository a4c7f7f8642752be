"""The shipped course holds together: stubs, reference solutions, checks and classic mistakes.

A test of the shipped course (exercises/, solutions/ at ROOT), not of the grader: a course
author who changes the course runs it, and it may fail when they do.

What `grader validate` holds a module to (the reference earns every point and the stub none,
each classic mistake loses points on its own function only and is named first, checks are
deterministic, every function has public and hidden checks and three classic mistakes,
notebooks and quiz copies are in sync) is one test per module and rule here: it grades real
files through the pipeline a learner meets (sandboxed child, public and hidden checks), so
what these tests assert is what a learner gets. The other tests hold what validate does not.
"""

from __future__ import annotations

import ast
import doctest
import importlib.util
import json
import os
import subprocess
import sys
from functools import cache
from pathlib import Path
from types import ModuleType

import numpy as np
import pytest

from grader.authoring import RULES, validate
from grader.authoring._grading import mistake_constants
from grader.checks.collect import collect
from grader.course.settings import Module, find_course_root, load_course
from grader.predictions import read_table, without

from .conftest import PROJECTS

pytestmark = pytest.mark.shipped_course

ROOT = Path(__file__).resolve().parents[1]
COURSE = load_course(ROOT)
MODULES = [pytest.param(module, id=module.name) for module in COURSE.modules]
EXERCISES = [param for param in MODULES if param.id not in PROJECTS]
MISTAKES = [
    pytest.param(module, path, id=f"{module.name}/{path.stem}")
    for module in COURSE.modules
    for path in module.mistakes
]


@cache
def reference(name: str) -> ModuleType:
    """The reference solution of a module, imported here in the trusted test process."""
    path = ROOT / "solutions" / f"{name}.py"
    spec = importlib.util.spec_from_file_location(f"course_reference_{name}", path)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


# What grader validate holds every module to


@pytest.mark.parametrize("rule", list(RULES))
@pytest.mark.parametrize("module", MODULES)
def test_grader_validate_finds_nothing_to_fix(module: Module, rule: str) -> None:
    """One rule of `grader validate` (grader.authoring.RULES) on one module; a finding says
    FILE:LINE: what to fix."""
    found = validate(course=COURSE, modules=[module.name], rules=[rule])
    assert not found, "\n".join(map(str, found))


# The stubs


@pytest.mark.parametrize("module", MODULES)
def test_the_examples_in_the_stub_docstrings_hold_for_the_reference(module: Module) -> None:
    runner = doctest.DocTestRunner(optionflags=doctest.NORMALIZE_WHITESPACE)
    stub = ast.parse(module.stub.read_text(encoding="utf-8"))
    parser = doctest.DocTestParser()
    names = {"np": np, **vars(reference(module.name)), **_example_data(module)}
    examples = 0
    for node in stub.body:
        if isinstance(node, ast.FunctionDef) and (docstring := ast.get_docstring(node)):
            test = parser.get_doctest(docstring, names, node.name, str(module.stub), node.lineno)
            runner.run(test)
            examples += len(test.examples)
    assert examples >= len(module.functions), "every graded function shows a worked example"
    assert runner.failures == 0


def _example_data(module: Module) -> dict[str, object]:
    """The names a project's examples use: its public tables, as its stub says."""
    if module.name not in PROJECTS:
        return {}
    data = module.stub.parent / "data" / "weather"
    train, validation = read_table(data / "train.csv"), read_table(data / "validation.csv")
    targets = ("rainfall_tomorrow", "rain_tomorrow")
    return {
        "train": train,
        "validation_features": without(validation, targets),
        "validation_truth": {
            "rainfall_tomorrow": validation["rainfall_tomorrow"],
            "rain_tomorrow": np.array([v == "Yes" for v in validation["rain_tomorrow"]], int),
        },
    }


# The checks


@pytest.mark.parametrize("module", MODULES)
def test_public_checks_ask_only_for_the_learner_never_for_the_reference(module: Module) -> None:
    tree = ast.parse(module.public_checks.read_text(encoding="utf-8"))
    checks = [n for n in tree.body if isinstance(n, ast.FunctionDef) and n.name.startswith("test_")]
    assert checks
    assert all({a.arg for a in c.args.args} <= {"learner", "project"} for c in checks)
    names = {n.id for n in ast.walk(tree) if isinstance(n, ast.Name)}
    imported = {n.module or "" for n in ast.walk(tree) if isinstance(n, ast.ImportFrom)}
    assert "reference" not in names
    assert not any(name.startswith("solutions") for name in imported)


@pytest.mark.parametrize("module", EXERCISES)
def test_public_checks_are_a_few_checks_of_one_point_covering_every_function(
    module: Module,
) -> None:
    """Two to four checks, or one per function where a module has more: a learner reads
    them all before handing in."""
    public = collect(module.public_checks, "public")
    assert 2 <= len(public) <= max(4, len(module.functions))
    assert all(c.points == 1 for c in public)
    source = module.public_checks.read_text(encoding="utf-8")
    assert all(f"learner.{function}(" in source for function in module.functions)


@pytest.mark.parametrize("module", EXERCISES)
def test_hidden_checks_are_worth_one_or_two_points(module: Module) -> None:
    hidden = collect(module.hidden_checks, "hidden")
    assert hidden
    assert all(c.points in (1, 2) for c in hidden)


# The classic mistakes


@pytest.mark.parametrize("module", EXERCISES)
def test_every_module_has_at_least_four_classic_mistakes(module: Module) -> None:
    assert len(module.mistakes) >= 4


@pytest.mark.parametrize(("module", "path"), MISTAKES)
def test_a_mistake_file_names_its_mistake_a_hint_and_the_wrong_function(
    module: Module, path: Path
) -> None:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    docstring = ast.get_docstring(tree) or ""
    assert docstring and "\n" not in docstring
    constants = mistake_constants(path)
    assert all(isinstance(constants.get(name), str) and constants[name]
               for name in ("MISTAKE", "HINT", "FUNCTION"))
    assert constants["FUNCTION"] in module.functions
    defined = {n.name for n in tree.body if isinstance(n, ast.FunctionDef)}
    assert set(module.functions) <= defined, "a mistake is a complete learner file"


# The reference solutions agree with scikit-learn


def test_the_reference_regression_metrics_agree_with_scikit_learn_on_random_targets() -> None:
    from sklearn import metrics

    regression = reference("regression")
    rng = np.random.default_rng(0)
    for n in (2, 5, 50):
        y_true, y_pred = rng.normal(size=n), rng.normal(size=n)
        assert regression.mean_squared_error(y_true, y_pred) == pytest.approx(
            metrics.mean_squared_error(y_true, y_pred), rel=1e-12)
        assert regression.r2_score(y_true, y_pred) == pytest.approx(
            metrics.r2_score(y_true, y_pred, force_finite=True), rel=1e-12)


def test_the_reference_r2_agrees_with_scikit_learn_on_constant_targets() -> None:
    from sklearn import metrics

    regression = reference("regression")
    y_true = np.full(4, 2.5)
    for y_pred in (y_true.copy(), np.array([2.5, 2.5, 3.0, 2.5])):
        expected = metrics.r2_score(y_true, y_pred, force_finite=True)
        assert regression.r2_score(y_true, y_pred) == expected


def test_the_reference_distances_agree_with_scikit_learn() -> None:
    from sklearn.metrics.pairwise import euclidean_distances

    rng = np.random.default_rng(1)
    A, B = rng.normal(size=(7, 3)), rng.normal(size=(4, 3))
    np.testing.assert_allclose(reference("classification").euclidean_distances(A, B),
                               euclidean_distances(A, B), rtol=1e-9)


def test_the_reference_knn_agrees_with_scikit_learns_brute_force_classifier() -> None:
    from sklearn.neighbors import KNeighborsClassifier

    rng = np.random.default_rng(2)
    X_train, X_query = rng.normal(size=(40, 3)), rng.normal(size=(15, 3))
    y_train = rng.choice(np.array([-3, 2, 7]), size=40)
    for k in (1, 4, 7, 40):
        classifier = KNeighborsClassifier(n_neighbors=k, algorithm="brute").fit(X_train, y_train)
        np.testing.assert_array_equal(
            reference("classification").knn_predict(X_train, y_train, X_query, k),
            classifier.predict(X_query))


def test_the_reference_vote_breaks_ties_to_the_smallest_label_as_scikit_learn_does() -> None:
    from sklearn.neighbors import KNeighborsClassifier

    labels = np.array([7, 3, 3, 7, -1, -1])
    X = np.arange(6.0).reshape(-1, 1)
    classifier = KNeighborsClassifier(n_neighbors=6, algorithm="brute").fit(X, labels)
    assert reference("classification").majority_vote(labels) == classifier.predict([[0.0]])[0]


def test_the_reference_assignment_agrees_with_scikit_learns_pairwise_distances_argmin() -> None:
    from sklearn.metrics import pairwise_distances_argmin

    rng = np.random.default_rng(3)
    X, centroids = rng.normal(size=(50, 4)), rng.normal(size=(6, 4))
    np.testing.assert_array_equal(reference("clustering").assign_clusters(X, centroids),
                                  pairwise_distances_argmin(X, centroids))


def test_the_reference_gradient_matches_finite_differences_of_the_loss() -> None:
    rng = np.random.default_rng(4)
    X, y, w = rng.normal(size=(9, 3)), rng.normal(size=9), rng.normal(size=3)

    def loss(weights: np.ndarray) -> float:
        return float(np.mean((X @ weights - y) ** 2))

    step = 1e-6
    numeric = [(loss(w + step * e) - loss(w - step * e)) / (2 * step) for e in np.eye(3)]
    np.testing.assert_allclose(reference("optimization").mse_gradient(w, X, y), numeric,
                               rtol=1e-6)


# The sample class, graded as the README's first command grades it


@pytest.mark.slow
def test_the_readmes_command_grades_the_sample_class_and_its_model_learners_earn_every_point(
    tmp_path: Path,
) -> None:
    """`grader grade examples/class` from the checkout, on the shipped course (no
    GRADER_COURSE): fails when a change to the course leaves the sample class behind."""
    env = {k: v for k, v in os.environ.items() if k != "GRADER_COURSE"}
    done = subprocess.run(
        [sys.executable, "-m", "grader", "grade", "examples/class", "--out", str(tmp_path / "out")],
        cwd=ROOT, env={**env, "PYTHONPATH": str(ROOT)}, capture_output=True, text=True,
        timeout=600)
    assert done.returncode == 0, done.stderr
    learners = json.loads((tmp_path / "out" / "results.json").read_text())["learners"]
    assert [lr["learner"] for lr in learners] == sorted(
        p.name for p in (ROOT / "examples" / "class").iterdir())
    for learner in (lr for lr in learners if lr["learner"] in ("ada", "gus")):
        for module in learner["modules"]:
            assert module["score"] == module["max_score"] > 0, (
                f"the shipped course changed: {learner['learner']}'s sample "
                f"{module['module']} no longer earns every point")


def test_outside_any_course_folder_the_grader_finds_the_checkout_it_was_installed_from(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
):
    monkeypatch.delenv("GRADER_COURSE")
    assert find_course_root(tmp_path) == ROOT
