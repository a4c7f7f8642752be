"""The similarity evaluation set of regression, classification, clustering, optimization and sgd
(tests/similarity/corpus) is what it claims: independent submissions in number, mostly right and
two of them making the same classic mistake; copies each made from one of them by the transforms
copies.toml names, answering exactly as their original; stub-only submissions (the stub as
handed out, its words edited, one function done) that keep the stub's signatures.
"""

from __future__ import annotations

import copy
import warnings
from collections.abc import Callable, Iterator
from pathlib import Path
from types import ModuleType
from typing import Any

import numpy as np
import pytest

from .realcode import oracle
from .similarity.corpus_files import CORPUS, code, copies, copy_file, files, load, pairs, verdicts

pytestmark = pytest.mark.shipped_course

MODULES = ("regression", "classification", "clustering", "optimization", "sgd")
_copies, _files, _code, _copy_file, _load = copies, files, code, copy_file, load


def _verdicts(path: Path, module: str) -> tuple[tuple[str, bool], ...]:
    return tuple(verdicts(path, module).items())


PAIRS = list(pairs(MODULES))
PAIR_IDS = [f"{module}/{name}" for module, name, _ in PAIRS]


@pytest.mark.parametrize("module", MODULES)
def test_independent_learners_are_mostly_right_and_two_make_the_same_classic_mistake(
        module: str) -> None:
    independent = _files(module, "independent")
    verdicts = [_verdicts(path, module) for path in independent]
    assert sum(all(ok for _, ok in v) for v in verdicts) > len(verdicts) / 2
    # The same mistake: the same wrong answers (within rounding: each wrote it their own way)
    # to the same function, answers no right function gives and not an unfinished one's error.
    right = oracle.reference(module)
    mistakes = [(function, answers) for path in independent
                for function, answers in _wrong_answers(module, path).items()
                if not _alike(answers, _answers(module, right, function))
                and not any(isinstance(a, NotImplementedError) for a in answers)]
    assert any(f == g and _alike(a, b)
               for i, (f, a) in enumerate(mistakes) for g, b in mistakes[i + 1:])


def _answers(module: str, learner: ModuleType, function: str) -> list[Any]:
    return [_outcome(getattr(learner, function), args).value
            for name, args in SEEDED[module]() if name == function]


def _wrong_answers(module: str, path: Path) -> dict[str, list[Any]]:
    """Each graded function the oracle finds wrong, and its answers to the seeded inputs."""
    return {function: _answers(module, _load(path), function)
            for function, ok in _verdicts(path, module) if not ok}


def _alike(a: list[Any], b: list[Any]) -> bool:
    def close(x: Any, y: Any) -> bool:
        if isinstance(x, BaseException) or isinstance(y, BaseException):
            return type(x) is type(y)
        if isinstance(x, tuple) or isinstance(y, tuple):  # kmeans_step's (labels, centroids)
            return isinstance(x, tuple) and isinstance(y, tuple) and _alike(list(x), list(y))
        x_array, y_array = np.asarray(x, dtype=float), np.asarray(y, dtype=float)
        return x_array.shape == y_array.shape and bool(
            np.allclose(x_array, y_array, rtol=1e-9, atol=1e-12, equal_nan=True))
    return len(a) == len(b) and all(close(x, y) for x, y in zip(a, b, strict=True))


# --- each copy answers as its original --------------------------------------------------------

@pytest.mark.parametrize(("module", "name", "original"), PAIRS, ids=PAIR_IDS)
def test_a_copy_gives_its_originals_answers_on_seeded_inputs(
        module: str, name: str, original: str) -> None:
    copied = _load(_copy_file(module, name))
    source = _load(CORPUS / module / "independent" / f"{original}.py")
    for function, args in SEEDED[module]():
        assert _outcome(getattr(copied, function), args) == _outcome(
            getattr(source, function), args), (function, args)


class _Answer:
    """What a call gave, compared exactly: values bit for bit (NaN equal to NaN), the arguments
    as the call left them (a copy keeps its original's in-place changes), or the error raised."""

    def __init__(self, value: Any, args: tuple[Any, ...]) -> None:
        self.value, self.args = value, args

    def __eq__(self, other: object) -> bool:
        return (isinstance(other, _Answer) and _identical(self.value, other.value)
                and _identical(self.args, other.args))

    def __repr__(self) -> str:
        return f"_Answer({self.value!r}, {self.args!r})"


def _identical(a: Any, b: Any) -> bool:
    if isinstance(a, tuple | list) or isinstance(b, tuple | list):
        return (isinstance(a, tuple | list) and isinstance(b, tuple | list) and len(a) == len(b)
                and all(_identical(x, y) for x, y in zip(a, b, strict=True)))
    if isinstance(a, BaseException) or isinstance(b, BaseException):
        return type(a) is type(b)
    try:
        x, y = np.asarray(a, dtype=float), np.asarray(b, dtype=float)
    except (TypeError, ValueError):
        return bool(a == b)
    return x.shape == y.shape and bool(np.array_equal(x, y, equal_nan=True))


def _outcome(function: Callable[..., Any], args: tuple[Any, ...]) -> _Answer:
    given = copy.deepcopy(args)
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            value = function(*given)
    except Exception as error:  # a copy raises as its original does
        value = error
    return _Answer(value, given)


def _rng(seed: int) -> np.random.Generator:
    return np.random.default_rng(seed)


def _regression() -> Iterator[tuple[str, tuple[Any, ...]]]:
    for seed in range(3):
        y_true = _rng(seed).normal(5.0, 2.0, size=7)
        y_pred = y_true + _rng(seed + 10).normal(size=7)
        yield "mean_squared_error", (y_true, y_pred)
        yield "r2_score", (y_true, y_pred)
    constant = np.array([4.0, 4.0, 4.0])
    for y_pred in (constant.copy(), np.array([3.0, 4.0, 5.0])):
        yield "mean_squared_error", (constant, y_pred)
        yield "r2_score", (constant, y_pred)


def _classification() -> Iterator[tuple[str, tuple[Any, ...]]]:
    for seed in range(3):
        A = np.round(_rng(seed).normal(size=(4, 3)) * 4, 2)
        B = np.vstack([A[::-1], _rng(seed + 10).normal(size=(2, 3))])
        yield "euclidean_distances", (A, B)
    for labels in ([7, 3, 7], [7, 3, 3, 7], [-1, 1, 1, -1], [5, 9, 2, 9, 2, 5], [4]):
        yield "majority_vote", (np.array(labels),)
    grid = np.array([[x, y] for x in range(-2, 3) for y in range(-2, 3)], dtype=float)
    for seed in range(4):
        rng = _rng(seed)
        X_train = grid[rng.permutation(len(grid))] * 0.5 + 0.25  # neighbours at equal distances
        y_train = rng.choice(np.array([-2, 3, 5, 9]), size=len(X_train))
        X_query = np.array([[0.25, 0.25], [0.75, -0.25], [1.25, 1.25]])
        for k in (1, 2, 4, 7):
            yield "knn_predict", (X_train, y_train, X_query, k)


def _clustering() -> Iterator[tuple[str, tuple[Any, ...]]]:
    for seed in range(4):
        rng = _rng(seed)
        X = np.round(rng.normal(size=(10, 2)) * 2) / 2  # halves: points halfway between two
        centroids = np.round(rng.normal(size=(3, 2)) * 2) / 2
        yield "assign_clusters", (X, centroids)
        yield "update_centroids", (X, rng.integers(0, 2, size=10), centroids)  # one empty
        yield "kmeans_step", (X, centroids)


def _optimization() -> Iterator[tuple[str, tuple[Any, ...]]]:
    for seed in range(4):
        rng = _rng(seed)
        n, d = 3 + seed, 1 + seed % 3
        w, X, y = rng.normal(size=d), rng.normal(size=(n, d)), rng.normal(size=n)
        yield "mse_gradient", (w, X, y)
        for rate in (0.0, 0.1):
            yield "gradient_step", (w, X, y, rate)


def _sgd() -> Iterator[tuple[str, tuple[Any, ...]]]:
    for seed in range(3):
        rng = _rng(seed)
        n, d = 5 + seed, 2 + seed % 2
        w, X, y = rng.normal(size=d), rng.normal(size=(n, d)), rng.normal(size=n)
        for rate in (0.0, 0.05):
            yield "sgd_epoch", (w, X, y, rate, seed)
            for batch_size in (1, 2, 3, n + 1):
                yield "minibatch_epoch", (w, X, y, rate, batch_size, seed)


SEEDED: dict[str, Callable[[], Iterator[tuple[str, tuple[Any, ...]]]]] = {
    "regression": _regression, "classification": _classification,
    "clustering": _clustering, "optimization": _optimization, "sgd": _sgd,
}
