"""The logistic_regression module's reference holds to scikit-learn where its contract says so.

A test of the shipped course (solutions/logistic_regression.py, exercises/logistic_regression.py
at ROOT): the log loss as sklearn.metrics.log_loss (probabilities clipped to [eps, 1 - eps] with
eps = np.finfo(float).eps, scikit-learn's default since 1.2), probabilities as LogisticRegression's,
labels at a threshold as FixedThresholdClassifier's (a tie gives 1), the sigmoid as SciPy's
expit (which scikit-learn uses), and gradient descent that reaches scikit-learn's fit.
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

pytestmark = pytest.mark.shipped_course

ROOT = Path(__file__).resolve().parents[1]
STUB = ROOT / "exercises" / "logistic_regression.py"


@cache
def reference() -> ModuleType:
    """The reference solution, imported here in the trusted test process."""
    path = ROOT / "solutions" / "logistic_regression.py"
    spec = importlib.util.spec_from_file_location("course_reference_logistic_regression", path)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def _labels_and_probabilities(seed: int, n: int) -> tuple[np.ndarray, np.ndarray]:
    rng = np.random.default_rng(seed)
    return rng.integers(0, 2, size=n), rng.uniform(0.0, 1.0, size=n)


# Probabilities at, beyond and just inside scikit-learn's clip, with both labels
EDGE_CASES = [
    ([1, 0], [0.0, 1.0]),
    ([1, 0], [1.0, 0.0]),
    ([1, 0, 1, 0], [1e-20, 1e-20, 1.0 - 1e-17, 1.0 - 1e-17]),
    ([1, 0], [2.3e-16, 1.0 - 2.3e-16]),
    ([1, 0], [1e-10, 1.0 - 1e-10]),
    ([1, 1, 1], [0.9, 0.5, 0.99]),  # one class only
    ([0], [0.3]),  # one sample
]


@pytest.mark.parametrize(("seed", "n"), [(0, 1), (1, 2), (2, 7), (3, 50), (4, 1000)])
def test_the_log_loss_is_scikit_learns_on_random_predictions(seed: int, n: int) -> None:
    from sklearn.metrics import log_loss

    y_true, y_prob = _labels_and_probabilities(seed, n)
    expected = log_loss(y_true, y_prob, labels=[0, 1])
    assert reference().log_loss(y_true, y_prob) == pytest.approx(expected, rel=1e-12)


@pytest.mark.parametrize(("y_true", "y_prob"), EDGE_CASES)
def test_the_log_loss_clips_as_scikit_learn_does(y_true: list[int], y_prob: list[float]) -> None:
    from sklearn.metrics import log_loss

    y_true_array, y_prob_array = np.array(y_true), np.array(y_prob)
    expected = log_loss(y_true_array, y_prob_array, labels=[0, 1])
    got = reference().log_loss(y_true_array, y_prob_array)
    assert isinstance(got, float)
    assert got == pytest.approx(expected, rel=1e-9, abs=1e-300)


def test_the_clip_is_the_machine_epsilon_the_stub_names() -> None:
    """The stub states the eps scikit-learn uses; a confident mistake costs -log(eps)."""
    from sklearn.metrics import log_loss

    eps = np.finfo(float).eps
    assert "2.220446049250313e-16" in STUB.read_text(encoding="utf-8")
    assert repr(float(eps)) == "2.220446049250313e-16"
    assert log_loss([1, 0], [0.0, 1.0], labels=[0, 1]) == pytest.approx(-np.log(eps), rel=1e-12)


def test_the_sigmoid_is_scipys_expit_at_every_scale() -> None:
    from scipy.special import expit

    z = np.concatenate(
        [
            np.random.default_rng(5).normal(scale=10.0, size=200),
            [0.0, 36.0, 37.0, -36.0, -40.0, -100.0, -700.0, -745.0, 709.0, 710.0, 1e300, -1e300],
        ]
    )
    with np.errstate(over="raise", invalid="raise"):  # no overflow, no NaN on the way
        got = reference().sigmoid(z)
    np.testing.assert_allclose(got, expit(z), rtol=1e-14, atol=1e-320)  # denormals may round


def _fitted_model(seed: int) -> tuple[object, np.ndarray, np.ndarray, np.ndarray]:
    """A LogisticRegression fitted on overlapping classes, the same weights as one vector w
    (intercept first) and X with its column of ones."""
    from sklearn.linear_model import LogisticRegression

    rng = np.random.default_rng(seed)
    features = rng.normal(size=(60, 2))
    y = (features @ [1.5, -1.0] + rng.normal(scale=1.0, size=60) > 0).astype(int)
    model = LogisticRegression(C=1e6, tol=1e-10, max_iter=10_000).fit(features, y)
    w = np.concatenate([model.intercept_, model.coef_[0]])
    X = np.column_stack([np.ones(len(features)), features])
    return model, w, X, y


def test_probabilities_are_those_of_scikit_learns_logistic_regression() -> None:
    model, w, X, _ = _fitted_model(6)
    expected = model.predict_proba(X[:, 1:])[:, 1]  # type: ignore[attr-defined]
    np.testing.assert_allclose(reference().predict_proba(w, X), expected, rtol=1e-12)


@pytest.mark.parametrize("threshold", [0.0, 0.2, 0.5, 0.7, 1.0])
def test_labels_are_those_of_scikit_learns_fixed_threshold_classifier(threshold: float) -> None:
    from sklearn.frozen import FrozenEstimator
    from sklearn.model_selection import FixedThresholdClassifier

    model, w, X, y = _fitted_model(7)
    features = np.vstack([X[:, 1:], [[0.0, 0.0]]])
    model.intercept_[:] = 0.0  # type: ignore[attr-defined]  # the last sample's score is 0: p = 0.5
    w = np.concatenate([[0.0], w[1:]])
    ones = np.column_stack([np.ones(len(features)), features])
    fixed = FixedThresholdClassifier(
        FrozenEstimator(model), threshold=threshold, response_method="predict_proba"
    ).fit(features, np.append(y, 1))
    np.testing.assert_array_equal(reference().predict(w, ones, threshold), fixed.predict(features))
    if threshold == 0.5:
        assert reference().predict(w, ones)[-1] == 1, "a probability equal to the threshold"


def test_the_gradient_is_the_derivative_of_the_log_loss() -> None:
    rng = np.random.default_rng(8)
    X, y, w = rng.normal(size=(30, 3)), rng.integers(0, 2, size=30), rng.normal(size=3)
    solution = reference()

    def loss(weights: np.ndarray) -> float:
        return float(solution.log_loss(y, solution.predict_proba(weights, X)))

    step = 1e-6
    numerical = [(loss(w + step * e) - loss(w - step * e)) / (2 * step) for e in np.eye(3)]
    np.testing.assert_allclose(solution.log_loss_gradient(w, X, y), numerical, rtol=1e-6)


def test_gradient_descent_reaches_scikit_learns_weights() -> None:
    model, expected, X, y = _fitted_model(9)
    solution = reference()
    w = np.zeros(3)
    for _ in range(3000):
        w = solution.gradient_step(w, X, y, 2.0)
    np.testing.assert_allclose(w, expected, atol=1e-4)
    np.testing.assert_array_equal(solution.gradient_step(w, X, y, 0.0), w)


def test_the_stubs_examples_hold_for_the_reference() -> None:
    runner = doctest.DocTestRunner(optionflags=doctest.NORMALIZE_WHITESPACE)
    parser = doctest.DocTestParser()
    names = {"np": np, **vars(reference())}
    examples = 0
    for node in ast.parse(STUB.read_text(encoding="utf-8")).body:
        if isinstance(node, ast.FunctionDef) and (docstring := ast.get_docstring(node)):
            test = parser.get_doctest(docstring, names, node.name, str(STUB), node.lineno)
            runner.run(test)
            examples += len(test.examples)
    assert examples >= 6
    assert runner.failures == 0
