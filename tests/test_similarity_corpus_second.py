"""The similarity evaluation set of preprocessing, logistic_regression, decision_trees and
evaluation (tests/similarity/corpus) is what it claims: independent submissions in number, two of
them with the same classic mistake written apart, copies each made from one independent file by
the transforms copies.toml names and answering exactly as their original, and stub-only
submissions that keep the stub's signatures.
"""

from __future__ import annotations

import ast
import copy
import warnings
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import numpy as np
import pytest

from .realcode import oracle
from .similarity.corpus_files import (
    CORPUS,
    ROOT,
    code,
    copies,
    copy_file,
    files,
    load,
    pairs,
    verdicts,
)

pytestmark = pytest.mark.shipped_course

MODULES = ("preprocessing", "logistic_regression", "decision_trees", "evaluation")

# Independent learners who made the same classic mistake (solutions/mistakes/<module>/), each
# in code of their own: the function it breaks, and arguments on which the mistake shows.
SAME_MISTAKE: dict[str, tuple[tuple[str, ...], str, str, tuple[Any, ...]]] = {
    "preprocessing": (("goran", "hana"), "standardize_with_the_sample_std", "standardize",
                      (np.array([[1.0, 2.0], [3.0, 2.0], [8.0, 2.0]]), np.array([[0.0, 1.0]]))),
    "logistic_regression": (
        ("quentin", "rosa"), "predict_strictly_above_the_threshold", "predict",
        (np.zeros(2), np.array([[1.0, 2.0], [1.0, -1.0]]), 0.5)),
    "decision_trees": (("zara", "aiko"), "leaf_ties_to_the_first_seen_label", "leaf_prediction",
                       (np.array([9, 2, 2, 9, 5]),)),
    "evaluation": (("kemal", "lucia"), "log_loss_clips_at_1e_15", "log_loss",
                   (np.array([3, 7, 7]), np.array([0.0, 1.0, 0.0]))),
}


_copies, _files, _code, _copy_file, _load = copies, files, code, copy_file, load


_verdicts = verdicts


PAIRS = list(pairs(MODULES))
PAIR_IDS = [f"{module}/{name}" for module, name, _ in PAIRS]


@pytest.mark.parametrize("module", MODULES)
def test_independent_learners_are_mostly_right(module: str) -> None:
    verdicts = [_verdicts(path, module) for path in _files(module, "independent")]
    right = [v for v in verdicts if all(v.values())]
    assert len(right) > len(verdicts) / 2


@pytest.mark.parametrize("module", MODULES)
def test_two_independent_learners_make_the_same_classic_mistake_in_code_of_their_own(
        module: str) -> None:
    learners, mistake, function, args = SAME_MISTAKE[module]
    wrong = oracle.load(ROOT / "solutions" / "mistakes" / module / f"{mistake}.py",
                        f"similarity_mistake_{module}_{mistake}")
    expected = _outcome(getattr(wrong, function), args)
    assert expected != _outcome(getattr(oracle.reference(module), function), args)
    for learner in learners:
        path = CORPUS / module / "independent" / f"{learner}.py"
        assert not _verdicts(path, module)[function], learner
        assert _outcome(getattr(_load(path), function), args) == expected, learner
    # written apart: no line of the mistaken function in common that a third learner does not
    # write too (`if proba.ndim == 1:` is everybody's)
    first, second = (_own_lines(CORPUS / module / "independent" / f"{learner}.py", function)
                     for learner in learners)
    others = set().union(*(_own_lines(path, function) for path in _files(module, "independent")
                           if path.stem not in learners))
    assert not (first & second) - others, (first & second) - others


def _own_lines(path: Path, function: str) -> set[str]:
    """The lines of a function's code, its docstring and comments aside."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    node = next(n for n in tree.body if isinstance(n, ast.FunctionDef) and n.name == function)
    body = node.body[1:] if isinstance(node.body[0], ast.Expr) else node.body
    lines = "\n".join(ast.unparse(statement) for statement in body).splitlines()
    return {line.strip() for line in lines} - {"else:", "continue"}


# --- each copy answers as its original --------------------------------------------------------

@pytest.mark.parametrize(("module", "name", "original"), PAIRS, ids=PAIR_IDS)
def test_a_copy_answers_exactly_as_its_original_on_seeded_inputs(
        module: str, name: str, original: str) -> None:
    copied = _load(_copy_file(module, name))
    source = _load(CORPUS / module / "independent" / f"{original}.py")
    for function, args in INPUTS[module]():
        assert _outcome(getattr(copied, function), args) == \
            _outcome(getattr(source, function), args), (function, args)


def _outcome(function: Callable[..., Any], args: tuple[Any, ...]) -> tuple[Any, ...]:
    """What a call does, comparable exactly: the answer, or the error raised, and the
    arguments as the call left them (a copy changes them in place when its original does)."""
    given = copy.deepcopy(args)
    with warnings.catch_warnings(), np.errstate(all="ignore"):
        warnings.simplefilter("ignore")
        try:
            answer: Any = ("returned", _exact(function(*given)))
        except Exception as error:  # the original's error, if it has one, is the copy's too
            answer = ("raised", type(error).__name__)
    return answer, tuple(_exact(a) for a in given)


def _exact(value: Any) -> Any:
    """A value as a hashable, exactly comparable form: containers kept apart, NaN equal to NaN,
    arrays by shape, kind and bytes."""
    if isinstance(value, tuple | list):
        return (type(value).__name__, tuple(_exact(v) for v in value))
    if isinstance(value, np.ndarray):
        if value.dtype.kind in "fc":
            value = np.where(np.isnan(value), np.nan, value)  # one NaN, whatever its sign bits
        return ("array", value.shape, value.dtype.kind, value.tobytes())
    if isinstance(value, float | np.floating):
        return ("float", "nan" if np.isnan(value) else float(value))
    if isinstance(value, int | np.integer | bool | np.bool_):
        return ("int", int(value))
    return (type(value).__name__, repr(value))


# --- seeded inputs of each module's functions -------------------------------------------------

def _rng(seed: int) -> np.random.Generator:
    return np.random.default_rng(seed)


def _preprocessing() -> Iterator[tuple[str, tuple[Any, ...]]]:
    for seed in range(5):
        rng = _rng(seed)
        n, d = int(rng.integers(1, 8)), int(rng.integers(1, 4))
        train, test = rng.normal(size=(n, d)) * 10, rng.normal(size=(3, d)) * 10
        train[:, 0] = 2.5  # a constant column
        yield "standardize", (train, test)
        yield "min_max_scale", (train, test)
        holes, test_holes = train.copy(), test.copy()
        holes[rng.random(size=(n, d)) < 0.3] = np.nan
        holes[0] = np.where(np.isnan(holes[0]), 1.5, holes[0])
        test_holes[rng.random(size=(3, d)) < 0.5] = np.nan
        yield "impute", (holes, test_holes, "mean")
        yield "impute", (holes, test_holes, "median")
        values = [int(v) for v in rng.integers(-3, 4, size=7)]
        yield "one_hot_encode", (values, [int(v) for v in rng.integers(-5, 6, size=4)])
        yield "one_hot_encode", ([f"c{v}" for v in values], ["c0", "c9", "C1"])
        X, y = rng.normal(size=(n + 3, 2)), rng.integers(0, 3, size=n + 3)
        yield "train_test_split", (X, y, (0.2, 0.5, 0.25, 0.1, 0.4)[seed], seed)


def _logistic_regression() -> Iterator[tuple[str, tuple[Any, ...]]]:
    yield "sigmoid", (np.array([0.0, 1000.0, -1000.0, -40.0, 36.0, 710.0, -745.5]),)
    yield "log_loss", (np.array([1, 0, 1, 0]), np.array([0.0, 1.0, 1e-17, 0.5]))
    for seed in range(5):
        rng = _rng(10 + seed)
        n, d = int(rng.integers(1, 9)), int(rng.integers(1, 4))
        w, X = rng.normal(size=d), rng.normal(size=(n, d)) * (1.0, 10.0, 300.0, 1.0, 2.0)[seed]
        y = rng.integers(0, 2, size=n)
        yield "sigmoid", (rng.normal(size=n) * 50,)
        yield "log_loss", (y, rng.random(size=n))
        yield "log_loss_gradient", (w, X, y)
        yield "predict_proba", (w, X)
        yield "predict", (w, X)
        yield "predict", (w, X, (0.0, 0.3, 0.5, 0.9, 1.0)[seed])
        yield "gradient_step", (w, X, y, (0.0, 0.1, 0.5, 1.0, 5.0)[seed])
    yield "predict", (np.zeros(2), np.array([[1.0, 2.0], [3.0, 4.0]]), 0.5)  # a tie


def _decision_trees() -> Iterator[tuple[str, tuple[Any, ...]]]:
    for seed in range(5):
        rng = _rng(20 + seed)
        pool = np.array(([0, 1], [3, 7], [-1, 4, 9], [2, 5, 8, 11], [6])[seed])
        y = rng.choice(pool, size=int(rng.integers(2, 12)))
        n = len(y)
        yield "gini", (y,)
        yield "entropy", (y,)
        yield "leaf_prediction", (y,)
        left = np.arange(n) % 2 == 0
        for criterion in ("gini", "entropy"):
            yield "information_gain", (y, left, criterion)
            x = np.round(rng.normal(size=n), 1)
            x[0], x[-1] = -5.0, 5.0  # two distinct values at least
            yield "best_threshold", (x, y, criterion)
            X = np.column_stack([np.full(n, 1.5), x, x[::-1], np.round(rng.normal(size=n))])
            yield "best_split", (X, y, criterion)
    yield "leaf_prediction", (np.array([7, 3, 3, 7, 1]),)  # a tie


def _evaluation() -> Iterator[tuple[str, tuple[Any, ...]]]:
    for seed in range(5):
        rng = _rng(30 + seed)
        pool = np.array(([0, 1], [3, 7], [0, 1, 2], [-3, 4, 11, 20], [5, 6])[seed])
        n = int(rng.integers(1, 15))
        y_true, y_pred = rng.choice(pool, size=n), rng.choice(pool, size=n)
        labels = sorted({int(v) for v in pool})
        yield "confusion_matrix", (y_true, y_pred)
        yield "confusion_matrix", (y_true, y_pred, labels[::-1] + [99])
        yield "accuracy", (y_true, y_pred)
        for average in (None, "macro", "weighted"):
            yield "precision_recall_f1", (y_true, y_pred, average)
        yield "precision_recall_f1", (y_true, y_pred, "binary", int(pool[-1]))
        yield "precision_recall_f1", (y_true, y_pred, "binary", 42)
        yield "jaccard_score", (y_true, y_pred, int(pool[0]))
        yield "jaccard_score", (y_true, y_pred, 42)
        y = np.concatenate([pool, rng.choice(pool, size=n)])
        proba = rng.random(size=(len(y), len(pool))) ** 3
        proba[0] = 0.0
        proba[0, -1] = 1.0
        yield "log_loss", (y, proba / proba.sum(axis=1, keepdims=True))
        if len(pool) == 2:
            yield "log_loss", (y, np.clip(rng.random(size=len(y)) * 1.2 - 0.1, 0.0, 1.0))
        h = int(rng.integers(1, 4))
        train, val = rng.choice(pool, size=(h, n)), rng.choice(pool, size=(h, 4))
        y_val = rng.choice(pool, size=4)
        yield "validation_curve", (y_true, train, y_val, val)
        yield "validation_curve", (y_true, train, y_val, val, "macro_f1")


INPUTS: dict[str, Callable[[], Iterator[tuple[str, tuple[Any, ...]]]]] = {
    "preprocessing": _preprocessing, "logistic_regression": _logistic_regression,
    "decision_trees": _decision_trees, "evaluation": _evaluation,
}
