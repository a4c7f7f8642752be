"""Compare what a learner's function returned with what a check expected; say how they differ."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import numpy as np

from ..sandbox.wire import Opaque

RTOL = 1e-6
ATOL = 1e-9

__all__ = ["ATOL", "RTOL", "Mismatch", "compare", "show"]


@dataclass(frozen=True)
class Mismatch:
    """Why a returned value is not the expected one, in words a learner understands."""

    reason: str


def compare(
    got: Any, expected: Any, *, exact: bool = False, rtol: float = RTOL, atol: float = ATOL,
    quote: bool = True,
) -> Mismatch | None:
    """None when `got` matches `expected`, else a Mismatch that explains the difference.

    With `quote` False the explanation never quotes an expected value (a hidden check whose
    input is not shown whole keeps its expected answer to itself)."""
    if isinstance(expected, tuple):
        return _compare_parts(got, expected, exact=exact, rtol=rtol, atol=atol, quote=quote)
    if isinstance(got, Opaque):
        return Mismatch(f"returned an object of type {got.type_name}, not {_kind(expected)}")
    if _is_scalar(expected):
        return _compare_scalar(got, expected, exact=exact, rtol=rtol, atol=atol, quote=quote)
    return _compare_array(got, np.asarray(expected), exact=exact, rtol=rtol, atol=atol,
                          quote=quote)


def _compare_parts(
    got: Any, expected: tuple[Any, ...], *, exact: bool, rtol: float, atol: float, quote: bool
) -> Mismatch | None:
    if not isinstance(got, list | tuple):
        return Mismatch(f"returned {_describe(got)}, expected a tuple of {len(expected)} values")
    if len(got) != len(expected):
        return Mismatch(f"returned {len(got)} values, expected {len(expected)}")
    for index, (part, want) in enumerate(zip(got, expected, strict=True)):
        if mismatch := compare(part, want, exact=exact, rtol=rtol, atol=atol, quote=quote):
            return Mismatch(f"value {index + 1} of the {len(expected)} returned: {mismatch.reason}")
    return None


def _compare_scalar(
    got: Any, expected: Any, *, exact: bool, rtol: float, atol: float, quote: bool
) -> Mismatch | None:
    if not _is_scalar(got):
        return Mismatch(
            f"returned {_describe(got)} where a single number was expected; "
            "return the number itself (for a one-element array, use .item())"
        )
    number = _as_number(got)
    if number is None:
        return Mismatch(f"returned {_describe(got)}, which is not a number")
    want = _as_number(expected)
    if np.isnan(number) and not np.isnan(want):
        return Mismatch("returned NaN (not a number): look for a division by zero or 0/0")
    if exact:
        equal = number == want
    else:
        equal = bool(np.isclose(number, want, rtol=rtol, atol=atol, equal_nan=True))
    return None if equal else Mismatch(_scalar_difference(number, want, exact, quote))


def _compare_array(
    got: Any, expected: np.ndarray, *, exact: bool, rtol: float, atol: float, quote: bool
) -> Mismatch | None:
    array = _as_array(got)
    if array is None:
        return Mismatch(f"returned {_describe(got)}, expected an array of shape {_shape(expected)}")
    if array.shape != expected.shape:
        return Mismatch(
            f"returned an array of shape {_shape(array)}, expected shape {_shape(expected)}"
        )
    if exact:
        equal = array == expected
    else:
        equal = np.isclose(array, expected, rtol=rtol, atol=atol, equal_nan=True)
    if bool(np.all(equal)):
        return None
    return Mismatch(_array_difference(array, expected, np.asarray(~equal), exact, quote))


def _array_difference(got: np.ndarray, expected: np.ndarray, wrong: np.ndarray,
                      exact: bool, quote: bool) -> str:
    first = tuple(int(i) for i in np.argwhere(wrong)[0])
    where = f"[{', '.join(map(str, first))}]"
    value = f": got {show(got[first])}, expected {show(expected[first])}" if quote else ""
    words = [
        f"returned an array in which {int(wrong.sum())} of {wrong.size} values are wrong; "
        f"the first is at {where}{value}"
    ]
    if np.isnan(got).any() and not np.isnan(expected).any():
        words.append("the answer contains NaN")
    elif not exact and (description := _pattern(got[wrong], expected[wrong])):
        words.append(description)
    return "; ".join(words)


def _scalar_difference(got: float, expected: float, exact: bool, quote: bool) -> str:
    words = (f"returned {show(got)}, expected {show(expected)}" if quote
             else f"returned {show(got)}, which is not the expected value")
    if not exact and (description := _pattern(np.array([got]), np.array([expected]))):
        words += f" ({description})"
    return words


def _pattern(got: np.ndarray, expected: np.ndarray) -> str:
    """A short description of a systematic difference: a sign flip or a constant scale."""
    if got.size == 0 or not np.all(np.isfinite(got)) or np.any(expected == 0):
        return ""
    ratio = got / expected
    if not np.allclose(ratio, ratio.flat[0], rtol=1e-6):
        return ""
    factor = float(ratio.flat[0])
    if factor == 0:
        return ""
    if np.isclose(factor, -1.0):
        return "every wrong value has the opposite sign"
    flipped = " (sign flipped)" if factor < 0 else ""
    return f"every wrong value is {show(factor)} times the expected one{flipped}"


def _is_scalar(value: Any) -> bool:
    if isinstance(value, bool | int | float | np.number | np.bool_):
        return True
    return isinstance(value, np.ndarray) and value.ndim == 0


def _as_number(value: Any) -> float | None:
    try:
        number = complex(np.asarray(value).item())
    except (TypeError, ValueError):
        return None
    return number.real if number.imag == 0 else None


def _as_array(value: Any) -> np.ndarray | None:
    if isinstance(value, str | bytes | Opaque | dict):
        return None
    try:
        array = np.asarray(value)
    except (TypeError, ValueError):  # ragged nested lists
        return None
    if array.dtype.kind not in "biuf" or array.dtype == object:
        return None
    return array.astype(float) if array.dtype.kind == "b" else array


def _shape(array: np.ndarray) -> str:
    return str(tuple(array.shape))


def _kind(expected: Any) -> str:
    if _is_scalar(expected):
        return "a number"
    return f"an array of shape {_shape(np.asarray(expected))}"


def _describe(value: Any) -> str:
    if value is None:
        return "None (did you forget a return statement?)"
    if isinstance(value, Opaque):
        return f"an object of type {value.type_name}"
    if isinstance(value, list | tuple):
        kind = "list" if isinstance(value, list) else "tuple"
        return f"a {kind} of {len(value)} element{'s' if len(value) != 1 else ''}: {show(value)}"
    if isinstance(value, np.ndarray):
        return f"an array of shape {_shape(value)}: {show(value)}"
    if isinstance(value, str):
        return f"the text {show(value)}"
    return f"{type(value).__name__} {show(value)}"


def show(value: Any, *, limit: int = 300) -> str:
    """A short, readable rendering of a value for feedback, cut at `limit` characters."""
    if isinstance(value, Opaque):
        text = f"<{value.type_name}: {value.text}>"
    elif isinstance(value, np.ndarray):
        text = np.array2string(value, threshold=40, edgeitems=3, separator=", ",
                               formatter={"float_kind": _float}, max_line_width=10**6)
        text = " ".join(line.strip() for line in text.splitlines())  # one line, rows and all
    elif isinstance(value, float | np.floating):
        text = _float(value, digits=10)
    elif isinstance(value, np.generic):
        text = repr(value.item())
    elif isinstance(value, list | tuple) and value and not isinstance(value[0], str):
        inner = ", ".join(show(v, limit=limit) for v in value[:12])
        inner += ", ..." if len(value) > 12 else ""
        text = f"({inner})" if isinstance(value, tuple) else f"[{inner}]"
    else:
        text = repr(value)
    return text if len(text) <= limit else text[: limit - 3] + "..."


def _float(value: float, digits: int = 6) -> str:
    """A float that still reads as a float: 4.0, not 4."""
    text = f"{float(value):.{digits}g}"
    return text if any(c in text for c in ".eninf") else text + ".0"
