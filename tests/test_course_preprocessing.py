"""The preprocessing module's reference agrees with scikit-learn, as its contracts say.

A test of the shipped course (solutions/preprocessing.py, exercises/preprocessing.py), not of
the grader: the contracts of standardize, min_max_scale, impute and one_hot_encode say "as
scikit-learn's ...", and train_test_split sizes its test set as scikit-learn does, so the
reference is held to the library on seeded random inputs and on the edge cases the contracts
name. scikit-learn is imported here only, never by the reference or the checks.
"""

from __future__ import annotations

import ast
import doctest
import importlib.util
from pathlib import Path
from types import ModuleType

import numpy as np
import pytest

pytestmark = pytest.mark.shipped_course

ROOT = Path(__file__).resolve().parents[1]
STUB = ROOT / "exercises" / "preprocessing.py"


def _reference() -> ModuleType:
    path = ROOT / "solutions" / "preprocessing.py"
    spec = importlib.util.spec_from_file_location("course_reference_preprocessing", path)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


reference = _reference()


def _random_tables(seed: int) -> list[tuple[np.ndarray, np.ndarray]]:
    """Training and test tables of several shapes and scales, each with a constant column."""
    rng = np.random.default_rng(seed)
    tables = []
    for n, d, scale, offset in [(30, 4, 1.0, 0.0), (7, 3, 1e-6, 5.0), (50, 2, 1e3, -1e4),
                                (20, 3, 1.0, 1e8)]:
        train = offset + scale * rng.normal(size=(n, d))
        train[:, 0] = offset + 0.1  # a constant column whose computed std is not always 0
        test = offset + scale * rng.normal(1.0, 3.0, size=(9, d))
        tables.append((train, test))
    tables.append((np.array([[2.0, -3.0]]), np.array([[4.0, -3.0], [0.0, 1.0]])))  # one row
    return tables


def test_the_examples_in_the_stub_hold_for_the_reference() -> None:
    runner = doctest.DocTestRunner(optionflags=doctest.NORMALIZE_WHITESPACE)
    parser = doctest.DocTestParser()
    names = {"np": np, **vars(reference)}
    functions = [n for n in ast.parse(STUB.read_text()).body if isinstance(n, ast.FunctionDef)]
    for node in functions:
        docstring = ast.get_docstring(node) or ""
        runner.run(parser.get_doctest(docstring, names, node.name, str(STUB), node.lineno))
    assert runner.tries >= len(functions) and runner.failures == 0


@pytest.mark.parametrize("seed", [0, 1, 2])
def test_standardize_agrees_with_standard_scaler_constant_columns_included(seed: int) -> None:
    from sklearn.preprocessing import StandardScaler

    for train, test in _random_tables(seed):
        scaler = StandardScaler().fit(train)
        z_train, z_test = reference.standardize(train, test)
        np.testing.assert_allclose(z_train, scaler.transform(train), rtol=1e-6, atol=1e-6)
        np.testing.assert_allclose(z_test, scaler.transform(test), rtol=1e-6, atol=1e-6)


@pytest.mark.parametrize("seed", [0, 1, 2])
def test_min_max_scale_agrees_with_min_max_scaler_test_rows_unclipped(seed: int) -> None:
    from sklearn.preprocessing import MinMaxScaler

    for train, test in _random_tables(seed):
        scaler = MinMaxScaler().fit(train)
        s_train, s_test = reference.min_max_scale(train, test)
        np.testing.assert_allclose(s_train, scaler.transform(train), rtol=1e-6, atol=1e-9)
        np.testing.assert_allclose(s_test, scaler.transform(test), rtol=1e-6, atol=1e-9)


@pytest.mark.parametrize("strategy", ["mean", "median"])
@pytest.mark.parametrize("seed", [0, 1, 2])
def test_impute_agrees_with_simple_imputer_on_the_cells_that_are_missing(
    seed: int, strategy: str
) -> None:
    from sklearn.impute import SimpleImputer

    rng = np.random.default_rng(seed)
    train = rng.normal(size=(25, 5))
    train[rng.random(size=train.shape) < 0.3] = np.nan
    train[0] = 1.0  # every column keeps a value
    train[:, 4] = rng.normal(size=25)  # a column without missing values, left as it is
    test = rng.normal(size=(8, 5))
    test[rng.random(size=test.shape) < 0.4] = np.nan
    kept = (train.copy(), test.copy())
    imputer = SimpleImputer(strategy=strategy).fit(train)
    f_train, f_test = reference.impute(train, test, strategy)
    np.testing.assert_allclose(f_train, imputer.transform(train), rtol=1e-12)
    np.testing.assert_allclose(f_test, imputer.transform(test), rtol=1e-12)
    assert np.array_equal(kept[0], train, equal_nan=True), "the training rows are not changed"
    assert np.array_equal(kept[1], test, equal_nan=True), "the test rows are not changed"


@pytest.mark.parametrize(
    ("train", "test"),
    [
        (["red", "blue", "red", "green"], ["green", "pink"]),
        ([3, -1, 10, 3], [10, -1, 4, 11, -5]),
        (["b", "B", "a", "b"], ["A", "a", "b"]),  # capitals sort before small letters
        (["only"], ["only", "other"]),
    ],
)
def test_one_hot_encode_agrees_with_one_hot_encoder_ignoring_unseen_categories(
    train: list, test: list
) -> None:
    from sklearn.preprocessing import OneHotEncoder

    encoder = OneHotEncoder(handle_unknown="ignore", sparse_output=False)
    encoder.fit(np.array(train).reshape(-1, 1))
    e_train, e_test = reference.one_hot_encode(train, test)
    np.testing.assert_array_equal(e_train, encoder.transform(np.array(train).reshape(-1, 1)))
    np.testing.assert_array_equal(e_test, encoder.transform(np.array(test).reshape(-1, 1)))


def test_train_test_split_sizes_its_test_set_as_scikit_learn_does() -> None:
    from sklearn.model_selection import train_test_split

    for n in range(2, 41):
        X, y = np.arange(2.0 * n).reshape(n, 2), np.arange(n)
        for test_size in (0.1, 0.2, 0.25, 0.3, 1 / 3, 0.5, 0.75):
            if np.ceil(test_size * n) >= n:
                continue  # scikit-learn refuses an empty training set
            ours = reference.train_test_split(X, y, test_size, 5)
            theirs = train_test_split(X, y, test_size=test_size, random_state=5)
            assert [len(part) for part in ours] == [len(part) for part in theirs], (n, test_size)
            assert np.array_equal(ours[0][:, 0] / 2, ours[2]), "each row keeps its target"
            assert np.array_equal(ours[1][:, 0] / 2, ours[3]), "each row keeps its target"
            assert sorted(np.concatenate([ours[2], ours[3]])) == list(range(n))
