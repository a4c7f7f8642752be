"""The evaluation module's reference computes what scikit-learn computes, as its contracts say.

The stub promises scikit-learn's conventions (labels sorted, given labels in their order,
zero division counted as 0.0, probabilities clipped to float64's eps): a reference that
drifted from them would grade learners against the wrong numbers. scikit-learn is imported
here only, never by the reference or the checks (it would slow every learner's job).
"""

from __future__ import annotations

import ast
import doctest
import importlib.util
from functools import cache
from pathlib import Path
from types import ModuleType

import numpy as np
import pytest

sklearn_metrics = pytest.importorskip("sklearn.metrics")

pytestmark = [
    pytest.mark.shipped_course,
    # scikit-learn warns that a matrix of one label may lack others: the edge case is meant
    pytest.mark.filterwarnings("ignore:A single label was found:UserWarning"),
]

ROOT = Path(__file__).resolve().parents[1]
SEEDS = range(40)


@cache
def reference() -> ModuleType:
    path = ROOT / "solutions" / "evaluation.py"
    spec = importlib.util.spec_from_file_location("course_reference_evaluation", path)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def random_labels(seed: int) -> tuple[np.ndarray, np.ndarray]:
    """Labels of -3 to 4 of a few to many samples, right about half the time: some labels
    only true, some only predicted, some in neither."""
    rng = np.random.default_rng(seed)
    n = int(rng.integers(1, 60))
    y_true = rng.integers(-3, 5, size=n)
    y_pred = np.where(rng.random(n) < 0.5, y_true, rng.integers(-3, 5, size=n))
    return y_true, y_pred


# Edge cases: one sample, one label everywhere, a label never predicted, a label never true,
# every prediction wrong.
EDGE_CASES = [
    pytest.param(np.array([4]), np.array([4]), id="one_right_sample"),
    pytest.param(np.array([4]), np.array([-1]), id="one_wrong_sample"),
    pytest.param(np.zeros(5, dtype=int), np.zeros(5, dtype=int), id="one_label_everywhere"),
    pytest.param(np.array([0, 1, 2, 2]), np.array([0, 0, 0, 2]), id="a_label_never_predicted"),
    pytest.param(np.array([0, 0, 2, 2]), np.array([0, 1, 7, 2]), id="labels_never_true"),
    pytest.param(np.array([1, 0, 1, 0]), np.array([0, 1, 0, 1]), id="every_prediction_wrong"),
]
CASES = [*EDGE_CASES, *(pytest.param(*random_labels(seed), id=f"seed{seed}") for seed in SEEDS)]


@pytest.mark.parametrize("y_true, y_pred", CASES)
def test_the_confusion_matrix_is_scikit_learns(y_true: np.ndarray, y_pred: np.ndarray) -> None:
    expected = sklearn_metrics.confusion_matrix(y_true, y_pred)
    np.testing.assert_array_equal(reference().confusion_matrix(y_true, y_pred), expected)
    labels = [5, *sorted(set(y_true.tolist()))[::-2]]  # out of order, one label absent
    expected = sklearn_metrics.confusion_matrix(y_true, y_pred, labels=labels)
    np.testing.assert_array_equal(reference().confusion_matrix(y_true, y_pred, labels), expected)


@pytest.mark.parametrize("y_true, y_pred", CASES)
def test_accuracy_and_the_jaccard_score_are_scikit_learns(y_true, y_pred) -> None:
    assert reference().accuracy(y_true, y_pred) == pytest.approx(
        sklearn_metrics.accuracy_score(y_true, y_pred), abs=1e-12)
    for label in sorted({*y_true.tolist(), *y_pred.tolist(), 9}):  # 9: in neither array
        binary_true, binary_pred = y_true == label, y_pred == label
        expected = sklearn_metrics.jaccard_score(binary_true, binary_pred, zero_division=0)
        found = reference().jaccard_score(y_true, y_pred, pos_label=label)
        assert found == pytest.approx(expected, abs=1e-12), label


@pytest.mark.parametrize("y_true, y_pred", CASES)
def test_precision_recall_and_f1_are_scikit_learns(y_true, y_pred) -> None:
    for average in (None, "macro", "weighted"):
        expected = sklearn_metrics.precision_recall_fscore_support(
            y_true, y_pred, average=average, zero_division=0)[:3]
        found = reference().precision_recall_f1(y_true, y_pred, average=average)
        np.testing.assert_allclose(np.array(found, dtype=float), np.array(expected, dtype=float),
                                   rtol=0, atol=1e-12, err_msg=str(average))
        if average is not None:
            assert all(type(score) is float for score in found), average
    for label in sorted({*y_true.tolist(), *y_pred.tolist(), 9}):
        # scikit-learn's binary average needs two labels at most: the label against the rest
        expected = sklearn_metrics.precision_recall_fscore_support(
            y_true == label, y_pred == label, average="binary", zero_division=0)[:3]
        found = reference().precision_recall_f1(y_true, y_pred, average="binary", pos_label=label)
        np.testing.assert_allclose(found, expected, rtol=0, atol=1e-12, err_msg=str(label))


def random_probabilities(seed: int) -> tuple[np.ndarray, np.ndarray]:
    """Three or more labels (unsorted, negative too) and rows of probabilities summing to 1,
    some with exact zeros and ones (which only the clipping keeps finite)."""
    rng = np.random.default_rng(seed)
    labels = rng.choice(np.arange(-5, 20), size=int(rng.integers(2, 6)), replace=False)
    n = int(rng.integers(len(labels), 40))
    y_true = np.concatenate([labels, rng.choice(labels, size=n - len(labels))])
    proba = rng.dirichlet(np.ones(len(labels)), size=n)
    certain = rng.random(n) < 0.2
    proba[certain] = np.eye(len(labels))[rng.integers(0, len(labels), size=certain.sum())]
    return y_true, proba


@pytest.mark.parametrize("seed", SEEDS)
def test_the_log_loss_is_scikit_learns_with_its_clipping(seed: int) -> None:
    y_true, proba = random_probabilities(seed)
    expected = sklearn_metrics.log_loss(y_true, proba)
    assert reference().log_loss(y_true, proba) == pytest.approx(expected, rel=1e-12)
    binary_true = np.where(y_true == y_true[0], 7, 3)  # 3 and 7: the probability of 7
    p_seven = np.clip(proba[:, 0], 0.0, 1.0)
    expected = sklearn_metrics.log_loss(binary_true, p_seven)
    assert reference().log_loss(binary_true, p_seven) == pytest.approx(expected, rel=1e-12)


def test_a_certain_wrong_probability_costs_minus_the_log_of_eps_as_in_scikit_learn() -> None:
    y_true, proba = np.array([0, 1]), np.array([[0.0, 1.0], [1.0, 0.0]])
    expected = sklearn_metrics.log_loss(y_true, proba)
    assert expected == pytest.approx(-np.log(np.finfo(np.float64).eps))
    assert reference().log_loss(y_true, proba) == pytest.approx(expected, rel=1e-12)


@pytest.mark.parametrize("seed", SEEDS[:10])
def test_the_validation_curve_scores_each_model_as_scikit_learn(seed: int) -> None:
    rng = np.random.default_rng(seed)
    y_train, y_val = rng.integers(0, 4, size=30), rng.integers(0, 4, size=12)
    train = np.array([np.where(rng.random(30) < share, y_train, rng.integers(0, 4, size=30))
                      for share in (0.2, 0.5, 0.8, 1.0)])
    val = np.array([np.where(rng.random(12) < share, y_val, rng.integers(0, 4, size=12))
                    for share in (0.3, 0.6, 0.5, 0.4)])
    scorers = {
        "accuracy": sklearn_metrics.accuracy_score,
        "macro_f1": lambda y, p: sklearn_metrics.f1_score(y, p, average="macro", zero_division=0),
    }
    for metric, scorer in scorers.items():
        train_scores, val_scores = reference().validation_curve(y_train, train, y_val, val,
                                                                metric=metric)
        np.testing.assert_allclose(train_scores, [scorer(y_train, row) for row in train])
        np.testing.assert_allclose(val_scores, [scorer(y_val, row) for row in val])


def test_the_stubs_worked_examples_hold_for_the_reference() -> None:
    stub = ROOT / "exercises" / "evaluation.py"
    names = {"np": np, **{name: getattr(reference(), name) for name in dir(reference())
                          if not name.startswith("_")}}
    runner = doctest.DocTestRunner(optionflags=doctest.NORMALIZE_WHITESPACE)
    parser = doctest.DocTestParser()
    for node in ast.parse(stub.read_text(encoding="utf-8")).body:
        if isinstance(node, ast.FunctionDef):
            docstring = ast.get_docstring(node) or ""
            runner.run(parser.get_doctest(docstring, dict(names), node.name, str(stub),
                                          node.lineno))
    assert runner.summarize(verbose=False).failed == 0
    assert runner.summarize(verbose=False).attempted >= 6
