"""The wire format: plain data crosses, and nothing a hostile child sends becomes code."""

from __future__ import annotations

import ast
import json
from pathlib import Path

import numpy as np
import pytest

from grader.inside import wire


@pytest.mark.parametrize("value", [
    None, True, 3, -2.5, float("inf"), "text", [1, [2, 3]], (1, 2.0), {"a": [1]},
    np.float64(0.375), np.int64(7), np.array([[1.0, 2.0], [3.0, 4.0]]),
    np.array([3, 7, -1]), np.zeros((0, 2)),
])
def test_plain_data_survives_the_round_trip(value):
    back = wire.decode(json.loads(json.dumps(wire.encode(value))))
    if isinstance(value, np.ndarray | np.generic):
        assert np.array_equal(back, value) and np.asarray(back).dtype == np.asarray(value).dtype
    else:
        assert back == value and type(back) is type(value)


def test_nan_crosses_as_nan():
    assert np.isnan(wire.decode(wire.encode(float("nan"))))


def test_an_object_that_is_not_plain_data_becomes_an_opaque_description():
    class Sneaky:
        def __eq__(self, other):
            return True

    opaque = wire.decode(wire.encode(Sneaky()))
    assert isinstance(opaque, wire.Opaque) and opaque.type_name.endswith("Sneaky")
    assert opaque != 1.0


def test_a_hostile_repr_does_not_stop_the_answer_from_crossing():
    class Hostile:
        def __repr__(self):
            raise RuntimeError("no")

    assert wire.decode(wire.encode(Hostile())) == wire.Opaque("object", "(could not be shown)")


@pytest.mark.parametrize("data", [
    {"nd": ["|O8", [1], ""]},  # object arrays could unpickle
    {"nd": ["<f8", [3], "AAAAAAAAAAA="]},  # data shorter than the shape says
    {"nd": ["<f8", [-1], ""]},
    {"pickle": "gASVAAAA"},
    {"tuple": "x"},
    {"a": 1, "b": 2},
])
def test_malformed_or_dangerous_values_are_refused(data):
    with pytest.raises(wire.WireError):
        wire.decode(data)


def test_a_frame_larger_than_the_limit_is_refused():
    with pytest.raises(wire.WireError):
        wire.frame_length((wire.MAX_FRAME + 1).to_bytes(4, "big"))


def test_the_wire_module_imports_nothing_but_the_standard_library_and_numpy():
    tree = ast.parse(Path(wire.__file__).read_text())
    imported = {alias.name.split(".")[0] for node in ast.walk(tree)
                if isinstance(node, ast.Import) for alias in node.names}
    imported |= {node.module.split(".")[0] for node in ast.walk(tree)
                 if isinstance(node, ast.ImportFrom) and node.module}
    assert "grader" not in imported and not any(n.startswith(".") for n in imported)


def test_a_table_s_text_column_crosses_as_its_texts_and_gaps():
    column = ["Beijing", None, "San Diego", ""]
    message = wire.parse(wire.frame({"v": wire.encode({"city": column})})[wire.HEADER_SIZE:])
    assert wire.decode(message["v"]) == {"city": column}


def test_a_list_of_texts_hiding_a_tagged_value_is_still_checked_item_by_item():
    with pytest.raises(wire.WireError):
        wire.decode(["Chicago", {"nd": ["<f8", [1], "not base64!"]}])
