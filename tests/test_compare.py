"""Comparing a learner's answer with the expected one, and saying how they differ."""

from __future__ import annotations

import itertools
import warnings

import numpy as np
import pytest

from grader.checks.compare import compare, matches
from grader.inside.wire import Opaque


@pytest.mark.parametrize("got", [0.375, np.float64(0.375), np.float32(0.375), np.array(0.375),
                                 3 / 8])
def test_any_kind_of_single_number_is_accepted_for_a_number(got):
    assert compare(got, 0.375) is None


@pytest.mark.parametrize("got", [[0.375], np.array([0.375]), (0.375,)])
def test_a_one_element_list_or_array_is_not_a_number(got):
    mismatch = compare(got, 0.375)
    assert mismatch is not None and "single number" in mismatch.reason


def test_a_list_with_the_right_values_and_shape_is_accepted_for_an_array():
    assert compare([[1.0, 2.0], [3.0, 4.0]], np.array([[1.0, 2.0], [3.0, 4.0]])) is None


def test_values_within_the_course_tolerance_are_equal():
    assert compare(1.0 + 1e-7, 1.0) is None
    assert compare(1.0 + 1e-5, 1.0) is not None


def test_a_wrong_shape_is_named():
    mismatch = compare(np.zeros((3, 2)), np.zeros((2, 3)))
    assert "shape (3, 2)" in mismatch.reason and "(2, 3)" in mismatch.reason


def test_the_first_differing_position_is_named():
    mismatch = compare([1.0, 2.0, 9.0], np.array([1.0, 2.0, 3.0]))
    assert "[2]" in mismatch.reason and "got 9" in mismatch.reason
    assert "expected 3" in mismatch.reason


def test_a_sign_flip_and_a_constant_factor_are_described():
    assert "opposite sign" in compare([-1.0, -2.0], np.array([1.0, 2.0])).reason
    assert "0.5 times" in compare([0.5, 1.0], np.array([1.0, 2.0])).reason


def test_nan_is_pointed_out():
    assert "NaN" in compare(float("nan"), 1.0).reason
    assert "NaN" in compare([np.nan, 1.0], np.array([1.0, 1.0])).reason


def test_none_reminds_the_learner_to_return_something():
    assert "return statement" in compare(None, 1.0).reason


def test_an_opaque_object_never_equals_anything():
    assert "AlwaysEqual" in compare(Opaque("AlwaysEqual", "?"), 1.0).reason


def test_exact_comparison_is_for_labels():
    assert compare([3, 7], np.array([3, 7]), exact=True) is None
    assert compare([3.0000001, 7], np.array([3, 7]), exact=True) is not None


def test_tuples_are_compared_part_by_part():
    expected = (np.array([0, 1]), np.array([[1.0], [2.0]]))
    assert compare([[0, 1], [[1.0], [2.0]]], expected) is None
    assert "value 2 of the 2" in compare(([0, 1], [[1.0], [5.0]]), expected).reason


# --- the comparison is np.isclose's, whatever the shortcut taken --------------------------

EDGE_NUMBERS = [0.0, -0.0, 1.0, 1.0 + 1e-7, 1.0 + 1e-5, -1.0, 0.375, 1e-9, 5e-324, 1e308,
                -1e308, np.inf, -np.inf, np.nan, 3, np.float32(0.375), np.int64(3)]
TOLERANCES = [(1e-6, 1e-9), (0.0, 0.0), (2.0, 0.0), (0.0, 2.0), (1e-6, 1e300), (-1.0, 0.0),
              (np.inf, 0.0), (1, 0), (np.float64(1e-6), 1e-9)]
EDGE_ARRAYS = [np.array(v) for v in (
    [1.0, 2.0], [1.0 + 1e-7, 2.0], [1.0 + 1e-5, 2.0], [np.nan, 2.0], [np.inf, 2.0],
    [-np.inf, 2.0], [0.0, -0.0], [1e308, -1e308], [1, 2], [2.0, 4.0], [-1.0, -2.0])] + [
    np.array([1.0, 2.0], dtype=np.float32), np.array([1.0, 2.0]).astype(">f8")]


def _outcome(compute):
    """What a computation gives, raises and warns, to be told apart exactly."""
    with warnings.catch_warnings(record=True) as warned:
        warnings.simplefilter("always")
        try:
            value = compute()
        except Exception as error:  # noqa: BLE001
            value = f"raised {type(error).__name__}"
    return value, sorted(str(w.message) for w in warned)


@pytest.mark.parametrize(("rtol", "atol"), TOLERANCES)
def test_two_numbers_are_equal_exactly_when_np_isclose_says_so_and_warn_as_it_does(rtol, atol):
    for got, expected in itertools.product(EDGE_NUMBERS, EDGE_NUMBERS):
        if np.isnan(got) and not np.isnan(expected):
            continue  # told apart as NaN before any tolerance
        numpys = _outcome(lambda g=got, e=expected: bool(np.isclose(
            float(g), float(e), rtol=rtol, atol=atol, equal_nan=True)))
        told = _outcome(lambda g=got, e=expected: matches(g, e, rtol=rtol, atol=atol))
        explained = _outcome(lambda g=got, e=expected: compare(g, e, rtol=rtol, atol=atol))[0]
        assert told == numpys and (explained is None) == numpys[0], (got, expected)


@pytest.mark.parametrize(("rtol", "atol"), TOLERANCES)
def test_two_arrays_are_equal_exactly_when_np_isclose_says_so_and_warn_as_it_does(rtol, atol):
    for got, expected in itertools.product(EDGE_ARRAYS, EDGE_ARRAYS):
        numpys = _outcome(lambda g=got, e=expected: bool(np.all(np.isclose(
            g, e, rtol=rtol, atol=atol, equal_nan=True))))
        told = _outcome(lambda g=got, e=expected: matches(g, e, rtol=rtol, atol=atol))
        explained = _outcome(lambda g=got, e=expected: compare(g, e, rtol=rtol, atol=atol))[0]
        assert told == numpys and (explained is None) == numpys[0], (got, expected)


def test_a_constant_factor_is_found_in_any_float_dtype():
    assert "2.0 times" in compare([2.0, 4.0], np.array([1.0, 2.0])).reason
    assert "2.0 times" in compare(np.array([2.0, 4.0], dtype=np.float32),
                                  np.array([1.0, 2.0], dtype=np.float32)).reason
    assert "opposite sign" in compare(-0.5, 0.5).reason
    assert "times" not in compare([2.0, 4.1], np.array([1.0, 2.0])).reason


@pytest.mark.parametrize("exact", [False, True])
def test_matches_says_what_compare_says_without_explaining(exact):
    values = [*EDGE_NUMBERS, *EDGE_ARRAYS, None, "text", Opaque("Model", "?"), [1.0, "a"],
              (np.array([0, 1]), np.array([1.0])), [[1.0], [2.0, 3.0]]]
    for got, expected in itertools.product(values, values):
        told = _outcome(lambda g=got, e=expected: matches(g, e, exact=exact))[0]
        explained = _outcome(lambda g=got, e=expected: compare(g, e, exact=exact) is None)[0]
        # compare() may fail while explaining a mismatch, which matches() does not do
        assert told == explained or (str(explained).startswith("raised") and told is False), (
            got, expected)


def test_a_scale_by_a_whole_factor_or_its_inverse_is_told_and_any_other_ratio_is_not():
    assert "every wrong value is 2.0 times the expected one" in compare(4.0, 2.0).reason
    assert "50.0 times" in compare([50.0, 100.0], np.array([1.0, 2.0])).reason
    assert "0.25 times" in compare(0.5, 2.0).reason
    for got, expected in ((1.028774239, 1.0), (7.0, 5.0), (1.0, 0.375), (1e300, 1e-300)):
        assert "times the expected" not in compare(got, expected).reason, (got, expected)


def test_integer_labels_returned_as_floats_are_shown_as_integers():
    assert compare(7.0, 3).reason == "returned 7, expected 3"
    assert compare(np.int64(7), np.int64(3), exact=True).reason == "returned 7, expected 3"
    mismatch = compare(np.array([1.0, 7.0]), np.array([1, 3]), exact=True)
    assert "got 7, expected 3" in mismatch.reason
    assert compare(7.5, 3).reason.startswith("returned 7.5, expected 3")  # not a whole number
    assert compare(7.0, 3.0).reason.startswith("returned 7.0, expected 3.0")  # floats expected


def test_a_nan_where_a_number_is_expected_points_at_both_ways_code_makes_one():
    for reason in (compare(np.nan, 0.0).reason,
                   compare(np.array([0.0, np.nan]), np.array([0.0, 0.0])).reason):
        assert "NaN" in reason and "0/0" in reason and "square root" in reason, reason
    assert "NaN" not in compare(np.array([1.0, np.nan]), np.array([0.0, np.nan])).reason
