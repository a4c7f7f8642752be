"""The sgd module's reference gives the weights its contract describes, held to scikit-learn.

`SGDRegressor` with a constant learning rate, no penalty, no intercept and no shuffle of its
own takes exactly the contract's steps when it is fed the rows in the contract's order: its
squared loss is half the squared error, so its eta0 is twice the contract's learning rate.
Shortcuts learners and tutorials take are graded as learner files: each loses the points of
its own function, and a tutorial's correct code keeps every point.
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


# Shortcuts learners and tutorials take, graded as learner files through the grader

SGD_RIGHT = '''
def sgd_epoch(w, X, y, learning_rate, seed):
    for i in np.random.default_rng(seed).permutation(len(y)):
        w = w - learning_rate * 2 * (X[i] @ w - y[i]) * X[i]
    return w
'''
MINIBATCH_RIGHT = '''
def minibatch_epoch(w, X, y, learning_rate, batch_size, seed):
    order = np.random.default_rng(seed).permutation(len(y))
    for start in range(0, len(y), batch_size):
        b = order[start:start + batch_size]
        w = w - learning_rate * 2 / len(b) * X[b].T @ (X[b] @ w - y[b])
    return w
'''
TUTORIAL = '''
def sgd_epoch(w, X, y, learning_rate, seed):
    return minibatch_epoch(w, X, y, learning_rate, 1, seed)

def minibatch_epoch(w, X, y, learning_rate, batch_size, seed):
    theta, m = w.copy(), len(y)
    shuffled = np.random.default_rng(seed).permutation(m)
    X_s, y_s = X[shuffled], y[shuffled]
    for i in range(0, m, batch_size):
        xi, yi = X_s[i:i + batch_size], y_s[i:i + batch_size]
        theta = theta - learning_rate * (-2 / len(yi)) * xi.T.dot(yi - xi.dot(theta))
    return theta
'''
SHORTCUTS = {
    "sgd_epoch": {  # each a wrong sgd_epoch beside a right minibatch_epoch
        "numpy's legacy generator": "np.random.RandomState(seed).permutation(len(y))",
        "a sample without replacement": "np.random.default_rng(seed).choice(len(y), len(y), "
                                        "replace=False)",
        "samples drawn with replacement": "np.random.default_rng(seed).integers(len(y), "
                                          "size=len(y))",
    },
    "minibatch_epoch": {  # each a wrong minibatch_epoch beside a right sgd_epoch
        "n // batch_size batches of about equal size": '''
def minibatch_epoch(w, X, y, learning_rate, batch_size, seed):
    order = np.random.default_rng(seed).permutation(len(y))
    for b in np.array_split(order, max(1, len(y) // batch_size)):
        w = w - learning_rate * 2 / len(b) * X[b].T @ (X[b] @ w - y[b])
    return w
''',
    },
}


def learner_file(*functions: str) -> str:
    return "import numpy as np\n" + "\n".join(functions)


def shortcut_files() -> list:
    files = []
    for order, expression in SHORTCUTS["sgd_epoch"].items():
        wrong = SGD_RIGHT.replace("np.random.default_rng(seed).permutation(len(y))", expression)
        files.append(pytest.param("sgd_epoch", learner_file(wrong, MINIBATCH_RIGHT), id=order))
    for name, wrong in SHORTCUTS["minibatch_epoch"].items():
        files.append(pytest.param("minibatch_epoch", learner_file(SGD_RIGHT, wrong), id=name))
    return files


@cache
def shipped_course():  # noqa: ANN201 (grader.course's type, imported only when graded)
    from grader.course import load_course

    return load_course(ROOT)


def failed_functions(source: str) -> set[str]:
    """The functions called by the checks a learner file fails, public and hidden."""
    from grader.testing import score

    scored = score("sgd", source, course=shipped_course())
    return {name for check in scored.result.checks if not check.passed
            for name in check.functions}


@pytest.mark.parametrize(("function", "source"), shortcut_files())
def test_a_shortcut_in_one_function_loses_points_on_that_function_only(
    function: str, source: str
) -> None:
    assert failed_functions(source) == {function}


def test_a_tutorials_correct_code_written_another_way_keeps_every_point() -> None:
    assert failed_functions(learner_file(TUTORIAL)) == set()
