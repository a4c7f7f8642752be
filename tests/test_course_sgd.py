"""The sgd module's reference gives the weights its contract describes, held to scikit-learn.

`SGDRegressor` with a constant learning rate, no penalty, no intercept and no shuffle of its
own takes exactly the contract's steps when it is fed the rows in the contract's order: its
squared loss is half the squared error, so its eta0 is twice the contract's learning rate.
"""

from __future__ import annotations

import importlib.util
import warnings
from functools import cache
from pathlib import Path
from types import ModuleType

import numpy as np
import pytest

pytestmark = pytest.mark.shipped_course

ROOT = Path(__file__).resolve().parents[1]


@cache
def reference(name: str) -> ModuleType:
    """A module's reference solution, imported in the trusted test process."""
    path = ROOT / "solutions" / f"{name}.py"
    spec = importlib.util.spec_from_file_location(f"course_reference_{name}", path)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def scikit_learn_epoch(w: np.ndarray, X: np.ndarray, y: np.ndarray, learning_rate: float,
                       seed: int) -> np.ndarray:
    """One epoch of scikit-learn's plain SGD over the rows in the contract's order."""
    from sklearn.linear_model import SGDRegressor

    order = np.random.default_rng(seed).permutation(len(y))
    model = SGDRegressor(loss="squared_error", penalty=None, learning_rate="constant",
                         eta0=2 * learning_rate, fit_intercept=False, shuffle=False,
                         max_iter=1, tol=None)
    with warnings.catch_warnings():  # one epoch is too few to converge, on purpose
        warnings.simplefilter("ignore")
        model.fit(X[order], y[order], coef_init=w.copy())
    return model.coef_


def random_problem(
    rng: np.random.Generator, n: int, d: int, scale: float = 1.0
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Starting weights, samples and noisy linear targets, drawn from `rng`."""
    X = scale * rng.normal(size=(n, d))
    y = X @ rng.normal(size=d) + rng.normal(0.0, 0.5 * scale, size=n)
    return rng.normal(size=d), X, y


CASES = [(1, 2, 0, 0.1), (2, 1, 3, 0.05), (7, 3, 1, 0.1), (30, 4, 2024, 0.01), (50, 2, 9, 0.002)]


@pytest.mark.parametrize(("n", "d", "seed", "learning_rate"), CASES)
def test_the_reference_sgd_epoch_agrees_with_scikit_learns_sgd_regressor(
    n: int, d: int, seed: int, learning_rate: float
) -> None:
    w, X, y = random_problem(np.random.default_rng(n * 100 + d), n, d)
    np.testing.assert_allclose(reference("sgd").sgd_epoch(w, X, y, learning_rate, seed),
                               scikit_learn_epoch(w, X, y, learning_rate, seed), rtol=1e-10)


def test_the_reference_sgd_epoch_agrees_with_scikit_learn_on_features_of_a_thousand() -> None:
    w, X, y = random_problem(np.random.default_rng(11), 12, 2, scale=1000.0)
    np.testing.assert_allclose(reference("sgd").sgd_epoch(w, X, y, 1e-7, 4),
                               scikit_learn_epoch(w, X, y, 1e-7, 4), rtol=1e-9)


@pytest.mark.parametrize("n", [1, 5, 30])
def test_a_minibatch_epoch_of_batches_of_one_is_an_sgd_epoch(n: int) -> None:
    sgd = reference("sgd")
    w, X, y = random_problem(np.random.default_rng(n), n, 3)
    np.testing.assert_allclose(sgd.minibatch_epoch(w, X, y, 0.05, 1, 6),
                               scikit_learn_epoch(w, X, y, 0.05, 6), rtol=1e-10)


@pytest.mark.parametrize("batch_size", [5, 6, 100])
def test_a_minibatch_epoch_of_one_batch_is_one_full_gradient_step(batch_size: int) -> None:
    w, X, y = random_problem(np.random.default_rng(batch_size), 5, 3)
    np.testing.assert_allclose(reference("sgd").minibatch_epoch(w, X, y, 0.1, batch_size, 0),
                               reference("optimization").gradient_step(w, X, y, 0.1),
                               rtol=1e-12)


@pytest.mark.parametrize(("n", "batch_size"), [(7, 3), (30, 4), (30, 5), (10, 9)])
def test_each_minibatch_step_is_a_full_gradient_step_on_its_batch_the_last_one_short(
    n: int, batch_size: int
) -> None:
    """Batches cut from the contract's order, the last one shorter and averaged over its own
    samples: each step is the optimization module's gradient step on the batch's rows."""
    w, X, y = random_problem(np.random.default_rng(n + batch_size), n, 3)
    order = np.random.default_rng(8).permutation(n)
    expected = w
    for batch in np.array_split(order, range(batch_size, n, batch_size)):
        expected = reference("optimization").gradient_step(expected, X[batch], y[batch], 0.1)
    np.testing.assert_allclose(reference("sgd").minibatch_epoch(w, X, y, 0.1, batch_size, 8),
                               expected, rtol=1e-12)


def test_the_reference_leaves_the_weights_and_the_data_as_they_were() -> None:
    sgd = reference("sgd")
    w, X, y = random_problem(np.random.default_rng(12), 9, 2)
    before = (w.copy(), X.copy(), y.copy())
    sgd.sgd_epoch(w, X, y, 0.1, 0)
    sgd.minibatch_epoch(w, X, y, 0.1, 4, 0)
    for kept, now in zip(before, (w, X, y), strict=True):
        np.testing.assert_array_equal(kept, now)
