"""The decision_trees module's reference computes what scikit-learn's DecisionTreeClassifier
computes at a node: its impurity, the gain of its split, the split it chooses and a leaf's label.

The stub's contracts say "as scikit-learn" (criterion="entropy" in bits, thresholds between
sorted values with x <= t on the left, a tied leaf going to the smallest label): these tests
hold the reference to the library on seeded random nodes and on the contracts' edge cases, so
that the course teaches what the capstone's library does. scikit-learn is imported here only,
never by the reference or the checks.
"""

from __future__ import annotations

import ast
import doctest
import importlib.util
import sys
from functools import cache
from pathlib import Path
from types import ModuleType

import numpy as np
import pytest

pytestmark = pytest.mark.shipped_course

ROOT = Path(__file__).resolve().parents[1]
STUB = ROOT / "exercises" / "decision_trees.py"
CRITERIA = ("gini", "entropy")


def _imported(path: Path, name: str) -> ModuleType:
    spec = importlib.util.spec_from_file_location(name, path)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@cache
def reference() -> ModuleType:
    return _imported(ROOT / "solutions" / "decision_trees.py", "course_reference_decision_trees")


def _stump(X: np.ndarray, y: np.ndarray, criterion: str):  # noqa: ANN202 - scikit-learn's tree
    """scikit-learn's tree of depth one on the node: its root is the node, split once."""
    from sklearn.tree import DecisionTreeClassifier

    return DecisionTreeClassifier(criterion=criterion, max_depth=1, random_state=0).fit(X, y).tree_


def _random_node(rng: np.random.Generator, n: int, d: int) -> tuple[np.ndarray, np.ndarray]:
    """Features on a grid of eighths, which float32 (scikit-learn's features) holds exactly,
    so that its midpoints are the reference's to the last bit; labels of any integers."""
    X = rng.integers(-40, 40, size=(n, d)) / 8.0
    y = rng.choice(np.array([-3, 0, 4, 9]), size=n)
    return X, y


def _gains(x: np.ndarray, y: np.ndarray, criterion: str) -> list[float]:
    values = np.unique(x)
    thresholds = (values[:-1] + values[1:]) / 2
    return [reference().information_gain(y, x <= t, criterion) for t in thresholds]


def _clear_best(X: np.ndarray, y: np.ndarray, criterion: str) -> bool:
    """Whether one split of the node gains clearly more than every other: where two are
    within rounding of each other, scikit-learn's random order of features decides."""
    gains = sorted((g for column in X.T for g in _gains(column, y, criterion)), reverse=True)
    return len(gains) < 2 or gains[0] - gains[1] > 1e-9


# The impurities


@pytest.mark.parametrize("criterion", CRITERIA)
def test_the_impurity_of_random_labels_is_the_impurity_scikit_learn_gives_a_root(
    criterion: str,
) -> None:
    rng = np.random.default_rng(21)
    impurity = getattr(reference(), criterion)
    for n in (1, 2, 7, 60):
        X, y = _random_node(rng, n, 2)
        assert impurity(y) == pytest.approx(_stump(X, y, criterion).impurity[0], abs=1e-12)


def test_the_entropy_of_two_equally_frequent_labels_is_one_bit_as_in_scikit_learn() -> None:
    y = np.array([3, 7, 7, 3])
    assert reference().entropy(y) == 1.0 == _stump(np.zeros((4, 1)), y, "entropy").impurity[0]


# The gain of a split, and the split a node chooses


@pytest.mark.parametrize("criterion", CRITERIA)
def test_the_gain_of_scikit_learns_split_is_its_impurity_decrease(criterion: str) -> None:
    rng = np.random.default_rng(22)
    for _ in range(10):
        X, y = _random_node(rng, 30, 3)
        tree = _stump(X, y, criterion)
        if tree.node_count < 3:
            continue  # a pure node: scikit-learn does not split it
        left = X[:, tree.feature[0]] <= tree.threshold[0]
        n, n_left = len(y), int(np.sum(left))
        decrease = tree.impurity[0] - (n_left / n) * tree.impurity[1] - (
            (n - n_left) / n
        ) * tree.impurity[2]
        gain = reference().information_gain(y, left, criterion)
        assert gain == pytest.approx(decrease, abs=1e-12)


@pytest.mark.parametrize("criterion", CRITERIA)
def test_the_best_split_of_random_nodes_is_scikit_learns_root_split(criterion: str) -> None:
    rng = np.random.default_rng(23)
    compared = 0
    while compared < 20:
        X, y = _random_node(rng, int(rng.integers(5, 60)), int(rng.integers(1, 5)))
        if len(np.unique(y)) < 2 or not _clear_best(X, y, criterion):
            continue
        tree = _stump(X, y, criterion)
        feature, threshold, gain = reference().best_split(X, y, criterion)
        assert (feature, threshold) == (tree.feature[0], tree.threshold[0])
        compared += 1


@pytest.mark.parametrize("criterion", CRITERIA)
def test_the_best_threshold_on_one_feature_is_scikit_learns_on_that_feature(criterion: str) -> None:
    rng = np.random.default_rng(24)
    for _ in range(20):
        X, y = _random_node(rng, 25, 1)
        if len(np.unique(y)) < 2 or len(np.unique(X)) < 2:
            continue
        threshold, _ = reference().best_threshold(X[:, 0], y, criterion)
        assert threshold == _stump(X, y, criterion).threshold[0]


def test_of_thresholds_with_equal_gains_both_take_the_smallest() -> None:
    """Mirrored splits gain exactly as much: the contract's tie rule is scikit-learn's scan,
    which keeps a new threshold only when it gains strictly more."""
    x, y = np.array([3.5, 0.5, 2.5, 1.5]), np.array([0, 0, 1, 1])
    for criterion in CRITERIA:
        threshold, _ = reference().best_threshold(x, y, criterion)
        assert threshold == 1.0 == _stump(x[:, None], y, criterion).threshold[0]


def test_a_constant_feature_is_skipped_as_scikit_learn_skips_it() -> None:
    X = np.array([[1.0, 0.3], [1.0, -0.4], [1.0, 0.1], [1.0, 0.9]])
    y = np.array([3, 1, 1, 3])
    tree = _stump(X, y, "gini")
    assert reference().best_split(X, y) == (1, 0.2, 0.5)
    assert (tree.feature[0], tree.threshold[0]) == (1, pytest.approx(0.2, rel=1e-7))


# A leaf's label


@pytest.mark.parametrize(
    "labels",
    [[7, 3, 3, 7], [-1, 1, -1], [-3, 34, 11, 0, -6, 11, 34, -6, 0, -3], [4], [5, 9, 2, 9, 5, 2]],
)
def test_a_leaf_predicts_the_label_scikit_learns_leaf_predicts(labels: list[int]) -> None:
    """A tree on a constant feature is one leaf: ties go to the smallest label in both."""
    from sklearn.tree import DecisionTreeClassifier

    y = np.array(labels)
    X = np.zeros((len(y), 1))
    expected = DecisionTreeClassifier().fit(X, y).predict(X[:1])[0]
    assert reference().leaf_prediction(y) == expected


# The stub's worked examples and the checks' inputs


def test_the_examples_in_the_stubs_docstrings_hold_for_the_reference() -> None:
    runner = doctest.DocTestRunner(optionflags=doctest.NORMALIZE_WHITESPACE)
    parser = doctest.DocTestParser()
    names = {"np": np, **vars(reference())}
    examples = 0
    for node in ast.parse(STUB.read_text(encoding="utf-8")).body:
        if isinstance(node, ast.FunctionDef) and (docstring := ast.get_docstring(node)):
            test = parser.get_doctest(docstring, names, node.name, str(STUB), node.lineno)
            runner.run(test)
            examples += len(test.examples)
    assert examples > 0
    assert runner.failures == 0


def test_the_hidden_checks_random_nodes_have_one_clear_best_split() -> None:
    """Where two splits gain the same to within rounding, a correct learner's order of
    additions could pick the other one: the random inputs of the hidden checks leave no
    such near-tie, so that only the contract's tie rule is tested, on the tie checks."""
    path = ROOT / "solutions" / "checks" / "test_decision_trees_hidden.py"
    sys.modules.pop("course_hidden_decision_trees", None)
    hidden = _imported(path, "course_hidden_decision_trees")
    for criterion in CRITERIA:
        assert _clear_best(hidden.RANDOM_X[:, None], hidden.RANDOM_Y, criterion)
        for scale in (1e8, 1e-8):
            assert _clear_best(hidden.RANDOM_X[:, None] * scale, hidden.RANDOM_Y, criterion)
        assert _clear_best(hidden.RANDOM_FEATURES, hidden.RANDOM_CLASSES, criterion)
        assert _clear_best(hidden.CRITERIA_DISAGREE_X, hidden.CRITERIA_DISAGREE_Y, criterion)


def test_the_hidden_checks_random_nodes_are_small_but_keep_what_the_mistakes_need() -> None:
    """A learner's best_threshold scans the nodes in Python, so they hold twelve samples; what
    made the larger nodes catch the classic mistakes is kept: three labels, each three times
    or more (negative ones in the node of four features), values repeated, and that node's
    best split on its last feature by either criterion, at a threshold of its own for each."""
    path = ROOT / "solutions" / "checks" / "test_decision_trees_hidden.py"
    sys.modules.pop("course_hidden_decision_trees", None)
    hidden = _imported(path, "course_hidden_decision_trees")
    nodes = [(hidden.RANDOM_X[:, None], hidden.RANDOM_Y),
             (hidden.RANDOM_FEATURES, hidden.RANDOM_CLASSES)]
    for X, y in nodes:
        assert len(y) == 12
        labels, counts = np.unique(y, return_counts=True)
        assert len(labels) == 3 and counts.min() >= 3
        assert any(len(np.unique(column)) < len(column) for column in X.T)
    assert hidden.RANDOM_CLASSES.min() < 0
    splits = [reference().best_split(hidden.RANDOM_FEATURES, hidden.RANDOM_CLASSES, criterion)
              for criterion in CRITERIA]
    assert [feature for feature, _, _ in splits] == [3, 3]
    assert splits[0][1] != splits[1][1]
