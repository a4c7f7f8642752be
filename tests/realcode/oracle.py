"""An oracle of the course's functions, independent of the checks: many edge cases per function,
each answer compared with the reference solution, arguments watched for in-place changes.

`verdicts(module, learner)` says, for each graded function of a learner module (imported in the
test process: the corpus is the team's own code), whether it is right on every case.
"""

from __future__ import annotations

import copy
import importlib.util
import warnings
from collections.abc import Callable, Iterator
from pathlib import Path
from types import ModuleType
from typing import Any

import numpy as np

ROOT = Path(__file__).resolve().parents[2]
FUNCTIONS = {
    "regression": ("mean_squared_error", "r2_score"),
    "classification": ("euclidean_distances", "majority_vote", "knn_predict"),
    "clustering": ("assign_clusters", "update_centroids", "kmeans_step"),
    "optimization": ("mse_gradient", "gradient_step"),
    "preprocessing": ("standardize", "min_max_scale", "impute", "one_hot_encode",
                      "train_test_split"),
    "sgd": ("sgd_epoch", "minibatch_epoch"),
    "decision_trees": ("gini", "entropy", "information_gain", "best_threshold", "best_split",
                       "leaf_prediction"),
    "logistic_regression": ("sigmoid", "log_loss", "log_loss_gradient", "predict_proba",
                            "predict", "gradient_step"),
    "evaluation": ("confusion_matrix", "accuracy", "precision_recall_f1", "jaccard_score",
                   "log_loss", "validation_curve"),
}
Case = tuple[tuple[Any, ...], float]  # the arguments and the absolute tolerance of the answer


def load(path: Path, name: str) -> ModuleType:
    spec = importlib.util.spec_from_file_location(name, path)
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def reference(module: str) -> ModuleType:
    return load(ROOT / "solutions" / f"{module}.py", f"oracle_reference_{module}")


def verdicts(module: str, learner: ModuleType) -> dict[str, bool]:
    """Each graded function of `learner`: right on every edge case of the oracle or not."""
    right = reference(module)
    return {name: all(_agrees(getattr(learner, name), getattr(right, name), args, atol)
                      for args, atol in MODULE_CASES.get(module, CASES)[name]())
            for name in FUNCTIONS[module]}


def _agrees(function: Callable[..., Any], right: Callable[..., Any], args: tuple[Any, ...],
            atol: float) -> bool:
    given = copy.deepcopy(args)
    try:
        with warnings.catch_warnings():  # NaN and empty means are judged by the answer
            warnings.simplefilter("ignore")
            got = function(*given)
    except Exception:
        return False
    if not all(_unchanged(a, b) for a, b in zip(given, args, strict=True)):
        return False  # an argument the contract protects was changed in place
    return _same(got, right(*copy.deepcopy(args)), atol, exact=False)


def _unchanged(given: Any, original: Any) -> bool:
    """An argument as it was: arrays equal NaN for NaN (the holes impute fills), texts equal."""
    if isinstance(original, np.ndarray):
        return (isinstance(given, np.ndarray) and given.dtype == original.dtype
                and bool(np.array_equal(given, original, equal_nan=original.dtype.kind in "fc")))
    return bool(given == original)


def _same(got: Any, expected: Any, atol: float, *, exact: bool) -> bool:
    if isinstance(expected, tuple):
        return (isinstance(got, tuple | list) and len(got) == len(expected)
                and all(_same(g, e, atol, exact=exact) for g, e in zip(got, expected, strict=True)))
    try:
        got_array = np.asarray(got, dtype=float)
    except (TypeError, ValueError):
        return False
    expected_array = np.asarray(expected, dtype=float)
    if got_array.shape != expected_array.shape or not np.all(np.isfinite(got_array)):
        return False
    if exact:
        return bool(np.array_equal(got_array, expected_array))
    return bool(np.allclose(got_array, expected_array, rtol=1e-6, atol=atol))


def _rng(seed: int) -> np.random.Generator:
    return np.random.default_rng(seed)


# --- classification ---------------------------------------------------------------------------

def _distance_tolerance(*arrays: np.ndarray) -> float:
    # Code that expands |a|^2 + |b|^2 - 2a.b is off by about sqrt(eps) * |a| where points meet.
    return 1e-6 * max(float(np.max(np.abs(a))) for a in arrays)


def _decimal_points(seed: int, n: int, d: int, scale: float = 4.0) -> np.ndarray:
    return np.round(_rng(seed).normal(size=(n, d)) * scale, 2)


def distance_cases() -> Iterator[Case]:
    for seed in range(40):  # coincident points with decimals, in another order
        A = _decimal_points(seed, 5, 3)
        B = A[_rng(seed).permutation(5)]
        yield (A, B), _distance_tolerance(A, B)
    for seed in range(10):
        A = _decimal_points(100 + seed, 4, 2)
        yield (A, A + 1e-9), _distance_tolerance(A)  # nearly coincident
        yield (A, -A[::-1]), _distance_tolerance(A)  # differences of both signs
    for scale in (1e-6, 1.0, 1e6):
        A, B = _rng(7).normal(size=(6, 3)) * scale, _rng(8).normal(size=(9, 3)) * scale
        yield (A, B), _distance_tolerance(A, B)
    yield (np.array([[1.5, -2.0]]), np.array([[-1.5, 2.0]])), 1e-9
    yield (np.zeros((2, 4)), np.arange(12.0).reshape(3, 4) - 5.5), 1e-9


def vote_cases() -> Iterator[Case]:
    rng = _rng(11)
    pools = ([3, 7], [-1, 1], [0, 4, 9], [-3, 34, 11, 0, -6], [9, 2, 17, 25, 1], [5, 12, 8, 3])
    for pool in pools:
        for _ in range(12):
            counts = rng.integers(1, 3, size=len(pool))
            labels = np.repeat(np.array(pool), counts)
            yield (labels[rng.permutation(len(labels))],), 0.0
    yield (np.array([4]),), 0.0


def _knn_ties(seed: int) -> tuple[np.ndarray, np.ndarray, np.ndarray, int]:
    rng = _rng(seed)
    grid = np.array([[x, y] for x in range(-2, 3) for y in range(-2, 3)], dtype=float)
    X_train = grid[rng.permutation(len(grid))] * 0.5 + 0.25  # many equal distances
    y_train = rng.choice(np.array([-2, 3, 5, 9]), size=len(X_train))
    X_query = np.array([[0.25, 0.25], [0.75, -0.25], [1.25, 1.25], [-0.75, 0.25]])
    return X_train, y_train, X_query, int(rng.integers(1, 8))


def knn_cases() -> Iterator[Case]:
    for seed in range(30):
        yield _knn_ties(seed), 0.0
    for seed in range(20):  # queries on training points with decimals
        X_train = _decimal_points(200 + seed, 8, 3)
        y_train = np.arange(10, 18)
        yield (X_train, y_train, X_train[::-1].copy(), 1), 0.0
    for seed in range(5):
        rng = _rng(300 + seed)
        X_train, X_query = rng.normal(size=(30, 3)), rng.normal(size=(8, 3))
        y_train = rng.choice(np.array([0, 4, 9]), size=30)
        yield (X_train, y_train, X_query, int(rng.integers(1, 31))), 0.0


# --- regression -------------------------------------------------------------------------------

def _pairs() -> Iterator[tuple[np.ndarray, np.ndarray]]:
    for seed in range(10):
        rng = _rng(400 + seed)
        y_true = rng.normal(10.0, 3.0, size=20)
        yield y_true, y_true + rng.normal(0.0, 1.5, size=20)
        yield y_true, y_true + 2.0  # off by a constant: perfectly correlated
        yield y_true, -y_true
    for scale in (1e-4, 1e4):
        y_true = _rng(9).normal(size=8) * scale
        yield y_true, y_true + _rng(10).normal(size=8) * scale
    yield np.array([4.0, 4.0, 4.0]), np.array([4.0, 4.0, 4.0])
    yield np.array([4.0, 4.0, 4.0]), np.array([3.0, 4.0, 5.0])
    yield np.array([1.0, 2.0]), np.array([1.5, 1.5])


def mse_cases() -> Iterator[Case]:
    for y_true, y_pred in _pairs():
        yield (y_true, y_pred), 1e-12 * max(1.0, float(np.max(y_true**2)))
    yield (np.array([2.0]), np.array([5.0])), 0.0


def r2_cases() -> Iterator[Case]:
    for y_true, y_pred in _pairs():
        yield (y_true, y_pred), 1e-9


# --- clustering -------------------------------------------------------------------------------

def _clusters(seed: int) -> tuple[np.ndarray, np.ndarray]:
    rng = _rng(500 + seed)
    X = np.round(rng.normal(size=(12, 2)) * 2) / 2  # halves: points halfway between centroids
    centroids = np.round(rng.normal(size=(int(rng.integers(1, 5)), 2)) * 2) / 2
    return X, centroids


def assign_cases() -> Iterator[Case]:
    for seed in range(30):
        yield _clusters(seed), 0.0
    yield (np.array([[3.0, 3.0]]), np.array([[0.0, 0.0], [4.0, 4.0]])), 0.0


def update_cases() -> Iterator[Case]:
    for seed in range(30):
        X, centroids = _clusters(seed)
        labels = _rng(600 + seed).integers(0, len(centroids), size=len(X))
        yield (X, labels, centroids), 1e-9
    yield (np.array([[3.0, 4.0]]), np.array([1]), np.array([[0.0, 1.0], [9.0, 9.0]])), 1e-9
    yield (np.array([[1.0, 2.0], [3.0, 4.0]]), np.array([0, 0]),
           np.array([[0.0, 0.0], [7.0, 7.0], [-1.0, 5.0]])), 1e-9  # two empty clusters


def step_cases() -> Iterator[Case]:
    for seed in range(30):
        yield _clusters(seed), 1e-9


# --- optimization -----------------------------------------------------------------------------

def _problems() -> Iterator[tuple[np.ndarray, np.ndarray, np.ndarray]]:
    for seed in range(10):
        rng = _rng(700 + seed)
        n, d = int(rng.integers(1, 8)), int(rng.integers(1, 5))
        yield rng.normal(size=d), rng.normal(size=(n, d)), rng.normal(size=n)
    for scale in (1e-4, 1e4):
        rng = _rng(800)
        yield rng.normal(size=3), rng.normal(size=(6, 3)) * scale, rng.normal(size=6) * scale


def gradient_cases() -> Iterator[Case]:
    for w, X, y in _problems():
        yield (w, X, y), 1e-9 * max(1.0, float(np.max(np.abs(X))) ** 2)


def gradient_step_cases() -> Iterator[Case]:
    for w, X, y in _problems():
        for rate in (0.0, 0.01, 0.5):
            yield (w, X, y, rate), 1e-9 * max(1.0, float(np.max(np.abs(X))) ** 2)


# --- preprocessing ----------------------------------------------------------------------------

def _tables() -> Iterator[tuple[np.ndarray, np.ndarray]]:
    """Training and test rows of several scales, each with a constant column of decimals."""
    for seed in range(12):
        rng = _rng(900 + seed)
        n, d = int(rng.integers(1, 9)), int(rng.integers(1, 5))
        scale, offset = ((1.0, 0.0), (1e-6, 0.0), (1.0, 1e8), (1e4, -3.5))[seed % 4]
        train = offset + scale * rng.normal(size=(n, d))
        train[:, 0] = offset + 0.1
        yield train, offset + scale * rng.normal(1.0, 3.0, size=(int(rng.integers(1, 5)), d))


def _scale_tolerance(train: np.ndarray) -> float:
    # Subtracting values near 1e8 leaves about 1e-8 of each, divided by a std of about 1.
    return 1e-6 if np.max(np.abs(train)) > 1e6 else 1e-9


def standardize_cases() -> Iterator[Case]:
    for train, test in _tables():
        yield (train, test), _scale_tolerance(train)


def min_max_cases() -> Iterator[Case]:
    for train, test in _tables():
        yield (train, test), _scale_tolerance(train)


def impute_cases() -> Iterator[Case]:
    for seed in range(12):
        rng = _rng(1000 + seed)
        n, d = int(rng.integers(1, 9)), int(rng.integers(1, 5))
        train = np.round(rng.normal(size=(n, d)) * 10, 1)
        train[rng.random(size=(n, d)) < 0.35] = np.nan
        train[0] = np.where(np.isnan(train[0]), 7.5, train[0])  # every column keeps a value
        test = rng.normal(size=(int(rng.integers(1, 5)), d))
        test[rng.random(size=test.shape) < 0.5] = np.nan
        for strategy in ("mean", "median"):
            yield (train, test, strategy), 1e-9


def one_hot_cases() -> Iterator[Case]:
    yield (["red", "blue", "red", "green"], ["green", "pink", "Red"]), 0.0
    yield ([3, -1, 10, 3, 10], [10, -1, 4, 11, -5]), 0.0
    yield (["b", "B", "a", "b"], ["A", "a", "b", "c"]), 0.0
    yield (["only"], ["only", "other"]), 0.0
    for seed in range(6):
        rng = _rng(1100 + seed)
        yield ([int(v) for v in rng.integers(-20, 20, size=12)],
               [int(v) for v in rng.integers(-25, 25, size=6)]), 0.0


def split_cases() -> Iterator[Case]:
    for seed in range(10):
        rng = _rng(1200 + seed)
        n = int(rng.integers(2, 30))
        X, y = rng.normal(size=(n, 2)), rng.integers(-5, 5, size=n)
        for test_size in (0.1, 0.25, 0.5):
            if np.ceil(test_size * n) < n:
                yield (X, y, test_size, seed), 0.0


# --- sgd --------------------------------------------------------------------------------------

def _linear_problems() -> Iterator[tuple[tuple[np.ndarray, np.ndarray, np.ndarray], float]]:
    """Weights, samples and noisy targets: single samples, features of both signs and scales."""
    for seed in range(12):
        rng = _rng(1300 + seed)
        n, d = int(rng.integers(1, 12)), int(rng.integers(1, 5))
        X = rng.normal(size=(n, d))
        yield (rng.normal(size=d), X, X @ rng.normal(size=d) + rng.normal(0.0, 0.3, size=n)), 1.0
    rng = _rng(1400)
    X = rng.normal(size=(30, 3))
    yield (rng.normal(size=3), X, X @ np.array([1.5, -2.0, 0.5])), 1.0
    X = 1000.0 * rng.normal(size=(12, 2))  # features of a thousand: tiny learning rates
    yield (np.zeros(2), X, X @ np.array([0.3, -0.7]) + rng.normal(0.0, 50.0, size=12)), 1e-6
    X = 1e-3 * rng.normal(size=(9, 2))  # features of a thousandth: large learning rates
    yield (rng.normal(size=2), X, X @ np.array([2.0, 1.0]) + 1e-4), 1e5


def _fitted() -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    X = np.array([[1.0, 0.0], [0.0, 1.0], [1.0, 1.0], [2.0, 1.0], [-1.0, 0.5]])
    return np.array([2.0, -1.0]), X, X @ np.array([2.0, -1.0])  # weights that fit every sample


def sgd_cases() -> Iterator[Case]:
    for (w, X, y), rate_scale in _linear_problems():
        for rate, seed in ((0.0, 3), (0.01, 0), (0.05, 7), (0.1, 2024), (0.1, 2**40 + 1)):
            yield (w, X, y, rate * rate_scale, seed), 1e-9 * max(1.0, float(np.max(np.abs(w))))
    yield (*_fitted(), 0.1, 5), 1e-12


def minibatch_cases() -> Iterator[Case]:
    for (w, X, y), rate_scale in _linear_problems():
        n = len(y)
        for batch_size in sorted({1, 2, 3, max(1, n - 1), n, n + 5}):  # short last batches
            for rate, seed in ((0.0, 4), (0.05, 11), (0.1, 2**40 + 1)):
                yield ((w, X, y, rate * rate_scale, batch_size, seed),
                       1e-9 * max(1.0, float(np.max(np.abs(w)))))
    yield (*_fitted(), 0.1, 2, 5), 1e-12


# --- decision_trees ---------------------------------------------------------------------------

LABEL_POOLS = ([3, 7], [-1, 1], [0, 2], [0, 1, 2], [-3, 34, 11, 0, -6], [9, 2, 17, 25, 1],
               [5, 10**6], [4])


def _labels() -> Iterator[np.ndarray]:
    """Labels of any integers, often equally frequent, in shuffled order; single samples too."""
    rng = _rng(1500)
    for pool in LABEL_POOLS:
        for _ in range(6):
            labels = np.repeat(np.array(pool), rng.integers(1, 4, size=len(pool)))
            yield labels[rng.permutation(len(labels))]
    yield np.array([4])
    yield np.array([-2])
    yield _rng(1501).choice(np.array([-3, 0, 4, 9]), size=200)


def gini_cases() -> Iterator[Case]:
    for y in _labels():
        yield (y,), 1e-12


def entropy_cases() -> Iterator[Case]:
    for y in _labels():
        yield (y,), 1e-12


def gain_cases() -> Iterator[Case]:
    rng = _rng(1600)
    for y in _labels():
        if len(y) < 2:
            continue
        for _ in range(3):  # children of unequal sizes, at least one sample each
            left = np.zeros(len(y), dtype=bool)
            left[rng.choice(len(y), size=int(rng.integers(1, len(y))), replace=False)] = True
            for criterion in ("gini", "entropy"):
                yield (y, left, criterion), 1e-12
        if len(np.unique(y)) > 1:  # the children of one label against the rest, by default
            yield (y, y == y[0]), 1e-12
    y = np.array([0, 1, 0, 1, 0, 1])
    yield (y, np.array([True, True, False, False, False, False]), "entropy"), 1e-12
    yield (np.array([2, 2, 2, 8, 8, 8, 8, 8]), np.array([True] * 3 + [False] * 5), "entropy"), 1e-12


def _gains(right: ModuleType, x: np.ndarray, y: np.ndarray, criterion: str) -> list[float]:
    values = np.unique(x)
    return [right.information_gain(y, x <= t, criterion) for t in (values[:-1] + values[1:]) / 2]


def _one_clear_best(gains: list[float]) -> bool:
    # Rounding decides between gains that are equal on paper: keep random nodes whose best split
    # beats every other by far more than rounding (ties are the hand-made cases' business).
    ordered = sorted(gains, reverse=True)
    return len(ordered) == 1 or ordered[0] - ordered[1] > 1e-9


def _random_nodes(seed: int, count: int, d: int) -> Iterator[tuple[np.ndarray, np.ndarray]]:
    rng, right = _rng(seed), reference("decision_trees")
    while count:
        n = int(rng.integers(3, 30))
        X = np.round(rng.normal(size=(n, d)) * rng.choice([1.0, 10.0]), 1)  # repeated values
        y = rng.choice(np.array(LABEL_POOLS[int(rng.integers(0, 6))]), size=n)
        columns = [X[:, j] for j in range(d) if len(np.unique(X[:, j])) > 1]
        if columns and all(_one_clear_best([g for x in columns
                                            for g in _gains(right, x, y, criterion)])
                           for criterion in ("gini", "entropy")):
            count -= 1
            yield X, y


def threshold_cases() -> Iterator[Case]:
    for X, y in _random_nodes(1700, 20, 1):
        for criterion in ("gini", "entropy"):
            yield (X[:, 0], y, criterion), 1e-12
        yield (X[:, 0], y), 1e-12
    for X, y in _random_nodes(1701, 6, 1):
        for scale in (1e8, 1e-8):  # a threshold's own size sets its tolerance (rtol)
            yield (X[:, 0] * scale, y, "gini"), 1e-12 * min(1.0, scale)
    # Ties on paper that rounding cannot break: mirror images, pure nodes, equal children.
    yield (np.array([3.5, 0.5, 2.5, 1.5]), np.array([0, 0, 1, 1])), 1e-12
    yield (np.array([-1.5, 4.0, 0.25, 9.0, 2.0]), np.array([7, 7, 7, 7, 7]), "entropy"), 1e-12
    yield (np.array([0.7, -0.2, 0.3]), np.array([5, 5, 5])), 1e-12
    yield (np.array([1.0, 2.0, 2.0, 4.0]), np.array([0, 1, 1, 0]), "entropy"), 1e-12
    yield (np.array([6.0, 1.0, 4.0, 6.0, 1.0]), np.array([-1, 3, -1, 3, 3]), "gini"), 1e-12
    yield (np.array([3.0, 3.0, -1.0, 3.0]), np.array([1, 1, 0, 0])), 1e-12
    yield (np.array([2.0, 1.0]), np.array([4, -4]), "entropy"), 1e-12


def split_tree_cases() -> Iterator[Case]:
    for X, y in _random_nodes(1800, 16, 3):
        for criterion in ("gini", "entropy"):
            yield (X, y, criterion), 1e-12
    for X, y in _random_nodes(1801, 6, 2):
        yield (X, y), 1e-12
        # Columns that cut the samples alike gain exactly as much: the first of them wins.
        yield (np.column_stack([X[:, 1], X[:, 0], 3.0 * X[:, 0] + 1.0, X[:, 0]]), y), 1e-12
        # Constant columns have no threshold, first or among the others.
        constant = np.full(len(y), 0.5)
        yield (np.column_stack([constant, X[:, 0], constant, X[:, 1]]), y, "entropy"), 1e-12
    pure = np.array([[2.0, 0.5, 1.0], [2.0, -0.5, 3.0], [2.0, 0.0, 2.0]])
    yield (pure, np.array([1, 1, 1])), 1e-12
    yield (pure, np.array([-6, -6, -6]), "entropy"), 1e-12
    yield (np.array([[9.0, 1.0, 4.0], [8.0, 2.0, 3.0], [7.0, 3.0, 2.0], [6.0, 4.0, 1.0]]),
           np.array([0, 0, 1, 1])), 1e-12
    yield (np.array([[1.0], [3.0]]), np.array([2, 5]), "gini"), 1e-12


def leaf_cases() -> Iterator[Case]:
    for y in _labels():
        yield (y,), 0.0


# --- logistic_regression ----------------------------------------------------------------------

TINY = float(np.finfo(float).tiny)


def sigmoid_cases() -> Iterator[Case]:
    # Relative agreement down to the smallest normal float: sigmoid(-40) is 4.25e-18, and 0 is
    # not close to it; below 2.2e-308 (sigmoid(-710)) no float keeps its digits, and 0 will do.
    yield (np.array([0.0, 2.0, -2.0, 0.5, -0.5]),), TINY
    yield (np.array([1000.0, -1000.0, 709.5, -709.5, 710.0, -710.0, 745.5, -745.5]),), TINY
    yield (np.array([-40.0, -37.0, -50.0, -100.0, -700.0, 36.0, 40.0]),), TINY
    yield (np.array([1e-12, -1e-12, 0.0, -0.0]),), TINY
    yield (np.array([3.0]),), TINY
    for seed in range(10):
        rng = _rng(1900 + seed)
        yield (rng.normal(size=int(rng.integers(1, 20))) * (1.0, 10.0, 300.0)[seed % 3],), TINY


def _probabilities() -> Iterator[tuple[np.ndarray, np.ndarray]]:
    """Labels of 0 and 1 (one class only too) and probabilities at, near and far from 0 and 1."""
    yield np.array([1, 0, 1, 0]), np.array([0.9, 0.2, 0.6, 0.5])
    yield np.array([1, 0]), np.array([0.0, 0.0])  # a wrong certainty: -log(eps)
    yield np.array([0, 1]), np.array([0.0, 1.0])  # right certainties: 0 * log(0) must not be NaN
    yield np.array([1, 1, 0]), np.array([1.0, 0.0, 1.0])
    yield np.array([1, 0, 1]), np.array([1e-10, 1.0 - 1e-10, 0.5])  # moved by a clip at 1e-7
    yield np.array([1, 0]), np.array([1e-16, 1.0 - 1e-16])  # moved by a clip at 1e-15
    yield np.array([1, 1, 1]), np.array([0.3, 0.99, 1.0])  # one class only
    yield np.array([0, 0]), np.array([0.3, 0.0])
    yield np.array([1]), np.array([0.25])
    for seed in range(10):
        rng = _rng(2000 + seed)
        n = int(rng.integers(1, 40))
        yield rng.integers(0, 2, size=n), rng.random(size=n)


def logistic_loss_cases() -> Iterator[Case]:
    for y, p in _probabilities():
        yield (y, p), 1e-12


def _logistic_problems() -> Iterator[tuple[np.ndarray, np.ndarray, np.ndarray]]:
    """Weights, samples (n apart from d, single samples, huge scores) and labels of 0 and 1."""
    for seed in range(12):
        rng = _rng(2100 + seed)
        n, d = int(rng.integers(1, 15)), int(rng.integers(1, 5))
        X = rng.normal(size=(n, d)) * (1.0, 5.0, 100.0)[seed % 3]
        yield rng.normal(size=d), X, rng.integers(0, 2, size=n)
    X = np.array([[1.0, 2.0], [1.0, -1.0], [1.0, 0.0]])
    yield np.zeros(2), X, np.array([1, 0, 1])  # every probability 0.5
    yield np.array([0.5, 1.0]), X, np.array([1, 1, 1])
    yield np.array([0.0, 400.0]), X * 3.0, np.array([0, 1, 1])  # scores 2400, -1200 and 0


def logistic_gradient_cases() -> Iterator[Case]:
    for w, X, y in _logistic_problems():
        yield (w, X, y), 1e-12 * max(1.0, float(np.max(np.abs(X))))


def logistic_proba_cases() -> Iterator[Case]:
    # Absolute agreement: the relative accuracy of tiny probabilities is the sigmoid's business.
    for w, X, _ in _logistic_problems():
        yield (w, X), 1e-15


def logistic_predict_cases() -> Iterator[Case]:
    for w, X, _ in _logistic_problems():
        yield (w, X), 0.0
        for threshold in (0.0, 0.1, 0.5, 0.7, 0.95, 1.0):
            yield (w, X, threshold), 0.0
    X = np.array([[1.0, 2.0], [1.0, -1.0], [1.0, 0.0]])
    yield (np.zeros(2), X), 0.0  # probabilities of exactly the threshold 0.5: label 1
    yield (np.zeros(2), X, 0.5), 0.0
    yield (np.array([0.0, 1.0]), X, float(1.0 / (1.0 + np.exp(-2.0)))), 0.0  # a tie at 0.88...
    yield (np.array([0.0, 1000.0]), X, 1.0), 0.0  # sigmoid(2000) is 1.0 exactly
    yield (np.array([0.0, 0.25]), X, 0.6), 0.0  # scores of 0.5 and 0: above 0.5, below 0.6


def logistic_step_cases() -> Iterator[Case]:
    for w, X, y in _logistic_problems():
        for rate in (0.0, 0.01, 0.6, 5.0):
            yield (w, X, y, rate), 1e-12 * max(1.0, float(np.max(np.abs(X)))) * max(1.0, rate)


# --- evaluation -------------------------------------------------------------------------------

EVALUATION_POOLS = ([0, 1], [3, 7], [-1, 1], [0, 2], [0, 1, 2], [-3, 34, 11, 0, -6],
                    [9, 2, 17, 25, 1], [5, 10**6], [4])


def _predictions() -> Iterator[tuple[np.ndarray, np.ndarray]]:
    """True and predicted labels of any integers: labels predicted only, or never predicted."""
    rng = _rng(2200)
    for pool in EVALUATION_POOLS:
        for _ in range(4):
            n = int(rng.integers(1, 25))
            y_true = rng.choice(np.array(pool), size=n)
            y_pred = np.where(rng.random(n) < 0.5, y_true, rng.choice(np.array(pool), size=n))
            yield y_true, y_pred
    yield np.array([1, 1, 1]), np.array([2, 2, 2])  # nothing right, no shared label
    yield np.array([0, 0, 0, 0, 1]), np.zeros(5, dtype=int)  # a label never predicted
    yield np.zeros(4, dtype=int), np.array([0, 3, 0, 0])  # a label only predicted
    yield np.array([5]), np.array([5])
    yield np.array([2, 0, 2, 2, 0, 1]), np.array([0, 0, 2, 2, 0, 2])


def confusion_cases() -> Iterator[Case]:
    for y_true, y_pred in _predictions():
        yield (y_true, y_pred), 0.0
        labels = np.unique(np.concatenate([y_true, y_pred])).tolist()
        yield (y_true, y_pred, labels[::-1]), 0.0  # in the order given, not sorted
        if len(labels) > 1:  # a label that occurs nowhere, and one left out
            yield (y_true, y_pred, [labels[-1], 99, labels[0]]), 0.0
    yield (np.array([1, 0, 1]), np.array([1, 1, 1]), [1, 0, 5]), 0.0
    yield (np.array([1, 0, 1]), np.array([1, 1, 1]), [7]), 0.0


def accuracy_cases() -> Iterator[Case]:
    for y_true, y_pred in _predictions():
        yield (y_true, y_pred), 1e-12


def scores_cases() -> Iterator[Case]:
    for y_true, y_pred in _predictions():
        for average in (None, "macro", "weighted"):
            yield (y_true, y_pred, average), 1e-12
        yield (y_true, y_pred), 1e-12
        for pos_label in sorted({int(y_true[0]), int(y_pred[-1]), 1, 42}):
            yield (y_true, y_pred, "binary", pos_label), 1e-12
    yield (np.array([1, 0, 1, 1]), np.array([1, 1, 0, 1]), "binary"), 1e-12


def jaccard_cases() -> Iterator[Case]:
    for y_true, y_pred in _predictions():
        yield (y_true, y_pred), 1e-12
        for pos_label in sorted({int(y_true[-1]), int(y_pred[0]), 42}):
            yield (y_true, y_pred, pos_label), 1e-12


def _proba_rows(rng: np.random.Generator, n: int, c: int) -> np.ndarray:
    proba = rng.random(size=(n, c)) ** 3
    return proba / proba.sum(axis=1, keepdims=True)


def evaluation_loss_cases() -> Iterator[Case]:
    rng = _rng(2300)
    for pool in EVALUATION_POOLS[:-1]:
        for _ in range(3):
            n = int(rng.integers(len(pool), 30))
            y = np.concatenate([pool, rng.choice(np.array(pool), size=n - len(pool))])
            y = y[rng.permutation(n)]
            yield (y, _proba_rows(rng, n, len(pool))), 1e-12
            if len(pool) == 2:  # the larger label's probability only
                yield (y, _proba_rows(rng, n, 2)[:, 1]), 1e-12
    y = np.array([3, 7, 7, 3])
    yield (y, np.array([[1.0, 0.0], [1.0, 0.0], [0.0, 1.0], [0.0, 1.0]])), 1e-12  # 0 and 1
    yield (y, np.array([1.0, 0.0, 1.0, 1e-16])), 1e-12
    yield (y, np.array([1e-10, 1.0 - 1e-10, 0.5, 1e-300])), 1e-12
    three = np.array([[0.2, 0.3, 0.5], [1.0, 0.0, 0.0], [0.0, 0.0, 1.0]])
    yield (np.array([2, 0, 1]), three), 1e-12


def curve_cases() -> Iterator[Case]:
    rng = _rng(2400)
    for pool in EVALUATION_POOLS:
        h, n, m = int(rng.integers(1, 6)), int(rng.integers(1, 20)), int(rng.integers(1, 12))
        y_train, y_val = rng.choice(np.array(pool), size=n), rng.choice(np.array(pool), size=m)
        train = np.where(rng.random((h, n)) < 0.7, y_train, rng.choice(np.array(pool), (h, n)))
        val = np.where(rng.random((h, m)) < 0.5, y_val, rng.choice(np.array(pool), (h, m)))
        for metric in ("accuracy", "macro_f1"):
            yield (y_train, train, y_val, val, metric), 1e-12
        yield (y_train, train, y_val, val), 1e-12
    y_train, y_val = np.array([0, 1, 1, 0]), np.array([1, 0])
    train, val = np.array([[0, 1, 1, 0], [0, 1, 1, 1]]), np.array([[0, 0], [1, 0]])
    yield (y_train, train, y_val, val), 1e-12
    yield (y_train, train, y_val, val, "macro_f1"), 1e-12
    yield (y_train, train[:1], y_val, val[:1], "macro_f1"), 1e-12  # one model: arrays of one


CASES: dict[str, Callable[[], Iterator[Case]]] = {
    "standardize": standardize_cases, "min_max_scale": min_max_cases,
    "impute": impute_cases, "one_hot_encode": one_hot_cases,
    "train_test_split": split_cases,
    "euclidean_distances": distance_cases, "majority_vote": vote_cases,
    "knn_predict": knn_cases, "mean_squared_error": mse_cases, "r2_score": r2_cases,
    "assign_clusters": assign_cases, "update_centroids": update_cases,
    "kmeans_step": step_cases, "mse_gradient": gradient_cases,
    "gradient_step": gradient_step_cases,
    "sgd_epoch": sgd_cases, "minibatch_epoch": minibatch_cases,
    "gini": gini_cases, "entropy": entropy_cases, "information_gain": gain_cases,
    "best_threshold": threshold_cases, "best_split": split_tree_cases,
    "leaf_prediction": leaf_cases,
}
# Functions of the same name in two modules: each module's own cases.
MODULE_CASES: dict[str, dict[str, Callable[[], Iterator[Case]]]] = {
    "logistic_regression": {
        "sigmoid": sigmoid_cases, "log_loss": logistic_loss_cases,
        "log_loss_gradient": logistic_gradient_cases, "predict_proba": logistic_proba_cases,
        "predict": logistic_predict_cases, "gradient_step": logistic_step_cases},
    "evaluation": {
        "confusion_matrix": confusion_cases, "accuracy": accuracy_cases,
        "precision_recall_f1": scores_cases, "jaccard_score": jaccard_cases,
        "log_loss": evaluation_loss_cases, "validation_curve": curve_cases},
}
