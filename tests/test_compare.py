"""Comparing a learner's answer with the expected one, and saying how they differ."""

from __future__ import annotations

import numpy as np
import pytest

from grader.checks.compare import compare
from grader.sandbox.wire import Opaque


@pytest.mark.parametrize("got", [0.375, np.float64(0.375), np.float32(0.375), np.array(0.375), 3 / 8])
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
    assert "[2]" in mismatch.reason and "got 9" in mismatch.reason and "expected 3" in mismatch.reason


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
