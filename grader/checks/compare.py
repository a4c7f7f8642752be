"""Compare what a learner's function returned with what a check expected; say how they differ."""

from __future__ import annotations

from dataclasses import dataclass
from math import isfinite, isnan
from typing import Any

import numpy as np

from grader.inside.wire import Opaque

RTOL = 1e-6
ATOL = 1e-9

__all__ = [
    "ATOL",
    "RTOL",
    "Mismatch",
    "compare",
    "described_answer",
    "matches",
    "readable",
    "show",
    "table_rows",
]


@dataclass(frozen=True)
class Mismatch:
    """Why a returned value is not the expected one, in words a learner understands."""

    reason: str


def compare(
    got: Any,
    expected: Any,
    *,
    exact: bool = False,
    rtol: float = RTOL,
    atol: float = ATOL,
    quote: bool = True,
) -> Mismatch | None:
    """None when `got` matches `expected`, else a Mismatch that explains the difference.

    With `quote` False the explanation never quotes an expected value (a hidden check whose
    input is not shown whole keeps its expected answer to itself). Whatever the learner
    returned, this never raises: an answer it cannot read is a mismatch that says so."""
    return _guarded(got, expected, exact=exact, rtol=rtol, atol=atol, quote=quote, explain=True)


def matches(
    got: Any, expected: Any, *, exact: bool = False, rtol: float = RTOL, atol: float = ATOL
) -> bool:
    """Whether compare() finds no mismatch, told without writing the explanation of one.
    For the many comparisons whose explanation nobody reads (a classic mistake's answer
    against the learner's)."""
    return (
        _guarded(got, expected, exact=exact, rtol=rtol, atol=atol, quote=True, explain=False)
        is None
    )


def _guarded(got: Any, expected: Any, **how: Any) -> Mismatch | None:
    """_compare, with any answer it cannot read turned into a mismatch. Only a learner's
    answer can be one: an expected value that is not plain numbers is the check's bug, and
    still raises (it is the grader's error, never the learner's)."""
    try:
        return _compare(got, expected, **how)
    except Exception:
        if not readable(expected, finite=False):
            raise
        return Mismatch(
            f"returned {_describe(got)}, which cannot be compared with {_kind(expected)}"
        )


_DIFFERS = Mismatch("")  # a mismatch left unexplained


def _compare(
    got: Any,
    expected: Any,
    *,
    exact: bool,
    rtol: float,
    atol: float,
    quote: bool,
    explain: bool,
) -> Mismatch | None:
    if isinstance(expected, tuple):
        return _compare_parts(
            got, expected, exact=exact, rtol=rtol, atol=atol, quote=quote, explain=explain
        )
    if isinstance(got, Opaque):
        if not explain:
            return _DIFFERS
        return Mismatch(f"returned {_describe(got)}, not {_kind(expected)}")
    if _is_scalar(expected):
        return _compare_scalar(
            got, expected, exact=exact, rtol=rtol, atol=atol, quote=quote, explain=explain
        )
    return _compare_array(
        got, np.asarray(expected), exact=exact, rtol=rtol, atol=atol, quote=quote, explain=explain
    )


def _compare_parts(
    got: Any,
    expected: tuple[Any, ...],
    *,
    exact: bool,
    rtol: float,
    atol: float,
    quote: bool,
    explain: bool,
) -> Mismatch | None:
    if not isinstance(got, list | tuple):
        if not explain:
            return _DIFFERS
        return Mismatch(f"returned {_describe(got)}, expected a tuple of {len(expected)} values")
    if len(got) != len(expected):
        return Mismatch(f"returned {len(got)} values, expected {len(expected)}")
    for index, (part, want) in enumerate(zip(got, expected, strict=True)):
        if mismatch := _compare(
            part, want, exact=exact, rtol=rtol, atol=atol, quote=quote, explain=explain
        ):
            if not explain:
                return _DIFFERS
            return Mismatch(f"value {index + 1} of the {len(expected)} returned: {mismatch.reason}")
    return None


def _compare_scalar(
    got: Any,
    expected: Any,
    *,
    exact: bool,
    rtol: float,
    atol: float,
    quote: bool,
    explain: bool,
) -> Mismatch | None:
    if not _is_scalar(got):
        if not explain:
            return _DIFFERS
        return Mismatch(
            f"returned {_describe(got)} where a single number was expected; "
            "return the number itself (for a one-element array, use .item())"
        )
    number = _as_number(got)
    if number is None:
        if not explain:
            return _DIFFERS
        if _huge(got):
            return Mismatch(f"returned {_describe(got)}, larger than any float")
        return Mismatch(f"returned {_describe(got)}, which is not a number")
    want = _as_number(expected)
    if want is None:  # a complex number or an int beyond every float: the check's bug
        raise TypeError(f"the check expects {_describe(expected)}, not a real number")
    if isnan(number) and not np.isnan(want):
        return Mismatch(f"returned NaN (not a number) where a number was expected: {_NAN_CAUSES}")
    equal = number == want if exact else _isclose(number, want, rtol, atol)
    if equal:
        return None
    if not explain:
        return _DIFFERS
    return Mismatch(_scalar_difference(number, want, exact, quote, labels=_integer(expected)))


def _isclose(x: float, y: float, rtol: float, atol: float) -> bool:
    """np.isclose(x, y, rtol=rtol, atol=atol, equal_nan=True) of two Python floats, without
    numpy's ~20 µs per call. numpy does this very arithmetic in Python floats too (it turns
    only non-Python numbers into arrays), so the answer is the same bit for bit; tolerances
    numpy warns about, and anything but floats, still go to numpy."""
    if (
        type(x) is float
        and type(y) is float
        and type(rtol) is float
        and type(atol) is float
        and isfinite(rtol)
        and isfinite(atol)
    ):
        return (
            (abs(x - y) <= atol + rtol * abs(y) and isfinite(y))
            or x == y
            or (isnan(x) and isnan(y))
        )
    return bool(np.isclose(x, y, rtol=rtol, atol=atol, equal_nan=True))


def _compare_array(
    got: Any,
    expected: np.ndarray,
    *,
    exact: bool,
    rtol: float,
    atol: float,
    quote: bool,
    explain: bool,
) -> Mismatch | None:
    array = _as_array(got)
    if array is None:
        if not explain:
            return _DIFFERS
        return Mismatch(f"returned {_describe(got)}, expected an array of shape {_shape(expected)}")
    if array.shape != expected.shape:
        if not explain:
            return _DIFFERS
        return Mismatch(
            f"returned an array of shape {_shape(array)}, expected shape {_shape(expected)}"
        )
    if exact:
        equal = array == expected
    elif _equal_is_close(array, expected, rtol, atol):
        return None
    else:
        equal = _close_values(array, expected, rtol, atol)
    if bool(np.all(equal)):
        return None
    if not explain:
        return _DIFFERS
    return Mismatch(_array_difference(array, expected, np.asarray(~equal), exact, quote))


def _equal_is_close(array: np.ndarray, expected: np.ndarray, rtol: float, atol: float) -> bool:
    """Whether every value equals the expected one exactly, which makes them close: the common
    case of a right answer, told in a few µs instead of np.isclose's ~25. Only where np.isclose
    would say so without a warning: numbers (no objects, no texts), and tolerances in [0, 1]
    (no overflow of atol + rtol * |expected|; NaNs never equal, they go to np.isclose)."""
    if expected.dtype.kind not in "biuf" or type(rtol) is not float or type(atol) is not float:
        return False
    return 0.0 <= rtol <= 1.0 and 0.0 <= atol <= 1.0 and bool((array == expected).all())


def _close_values(array: np.ndarray, expected: np.ndarray, rtol: float, atol: float) -> np.ndarray:
    """np.isclose(array, expected, rtol=rtol, atol=atol, equal_nan=True): for float64 expected
    values and finite float tolerances, the very ufuncs np.isclose applies to these operands
    (it converts nothing then, and warns of nothing), without its ~15 µs of argument handling."""
    if (
        expected.dtype != _FLOAT64
        or type(rtol) is not float
        or type(atol) is not float
        or not isfinite(rtol)
        or not isfinite(atol)
    ):
        return np.isclose(array, expected, rtol=rtol, atol=atol, equal_nan=True)
    with np.errstate(invalid="ignore"):
        close = np.less_equal(abs(array - expected), atol + rtol * abs(expected)) & np.isfinite(
            expected
        ) | (array == expected)
        close |= np.isnan(array) & np.isnan(expected)
    return close


_FLOAT64 = np.dtype(np.float64)


def _array_difference(
    got: np.ndarray, expected: np.ndarray, wrong: np.ndarray, exact: bool, quote: bool
) -> str:
    first = tuple(int(i) for i in np.argwhere(wrong)[0])
    where = f"[{', '.join(map(str, first))}]"
    labels = expected.dtype.kind in "iu"
    value = (
        f": got {_number(got[first], labels)}, expected {_number(expected[first], labels)}"
        if quote
        else ""
    )
    words = [
        f"returned an array in which {int(wrong.sum())} of {wrong.size} values are wrong; "
        f"the first is at {where}{value}"
    ]
    if _nan_where_finite(got, expected):
        words.append(
            f"the answer contains NaN where the expected values are numbers: {_NAN_CAUSES}"
        )
    elif not exact and (description := _pattern(got[wrong], expected[wrong])):
        words.append(description)
    return "; ".join(words)


# Where a NaN comes from in this course's code: 0/0, and the square root of a sum that
# rounding took just below zero (|a|² + |b|² - 2a·b for coincident points).
_NAN_CAUSES = "look for 0/0, or a square root of a value rounding made slightly negative"


def _nan_where_finite(got: np.ndarray, expected: np.ndarray) -> bool:
    try:
        return bool((np.isnan(got) & np.isfinite(expected)).any())
    except TypeError:  # not numbers: no NaN to speak of
        return False


def _scalar_difference(
    got: float, expected: float, exact: bool, quote: bool, *, labels: bool = False
) -> str:
    shown = _number(got, labels)
    words = (
        f"returned {shown}, expected {_number(expected, labels)}"
        if quote
        else f"returned {shown}, which is not the expected value"
    )
    if not exact and (description := _pattern(np.array([got]), np.array([expected]))):
        words += f" ({description})"
    return words


def _integer(value: Any) -> bool:
    return isinstance(value, int | np.integer) and not isinstance(value, bool | np.bool_)


def _number(value: Any, labels: bool) -> str:
    """A number as feedback shows it; where the expected answer is an integer (a label, a
    count), a whole float as that integer: "returned 7, expected 3", not "7.0" beside "3.0"."""
    if labels and isinstance(value, float | np.floating) and float(value).is_integer():
        return str(int(value))
    return show(value)


def _pattern(got: np.ndarray, expected: np.ndarray) -> str:
    """A short description of a systematic difference a learner can act on: a sign flip, or
    a scale by a whole factor (2, 50) or its inverse (0.5). Any other ratio of single values
    (1.0287...) is left out: a ratio always exists, and saying it is noise."""
    if got.size == 0 or not np.all(np.isfinite(got)) or np.any(expected == 0):
        return ""
    ratio = got / expected
    if not _all_close_to_first(ratio):
        return ""
    factor = float(ratio.flat[0])
    if factor == 0:
        return ""
    if _isclose(factor, -1.0, 1e-05, 1e-08):  # np.isclose's own tolerances
        return "every wrong value has the opposite sign"
    if not _whole_or_inverse(abs(factor)):
        return ""
    flipped = " (sign flipped)" if factor < 0 else ""
    return f"every wrong value is {show(factor)} times the expected one{flipped}"


MAX_FACTOR = 10**6  # a larger whole factor is no scale a learner's code put there


def _whole_or_inverse(factor: float) -> bool:
    """Whether `factor` or 1/`factor` is a whole number from 2 to MAX_FACTOR (within 1e-6)."""
    return isfinite(factor) and any(
        2 <= round(x) <= MAX_FACTOR and _isclose(x, float(round(x)), 1e-6, 0.0)
        for x in (factor, 1.0 / factor)
    )


def _all_close_to_first(ratio: np.ndarray) -> bool:
    """np.allclose(ratio, ratio.flat[0], rtol=1e-6), told at once when every float64 value is
    the first (then np.allclose finds nothing to warn of either)."""
    if ratio.dtype == _FLOAT64 and bool((ratio == ratio.flat[0]).all()):
        return True
    return bool(np.allclose(ratio, ratio.flat[0], rtol=1e-6))


def _is_scalar(value: Any) -> bool:
    if isinstance(value, bool | int | float | np.number | np.bool_):
        return True
    return isinstance(value, np.ndarray) and value.ndim == 0


def _as_number(value: Any) -> float | None:
    try:
        number = complex(np.asarray(value).item())
    except (TypeError, ValueError, OverflowError):  # OverflowError: an int beyond every float
        return None
    return number.real if number.imag == 0 else None


def _huge(value: Any) -> bool:
    return type(value) is int and value.bit_length() > 1024


def readable(value: Any, *, finite: bool = True) -> bool:
    """Whether a value is plain numbers that any check can compute with: a real number a float
    holds, finite, or an array, list or tuple of them (lists of lists of one length each).
    Anything else (None, a text, an object, NaN, an int beyond every float, a ragged list) a
    check may well choke on, and when it does, the learner who returned it is told."""
    if isinstance(value, tuple):
        return all(readable(part, finite=finite) for part in value)
    if isinstance(value, bool | np.bool_):
        return True
    if _is_scalar(value):
        number = _as_number(value)
        return number is not None and (isfinite(number) or not finite)
    array = _as_array(value) if isinstance(value, list | np.ndarray) else None
    return array is not None and (not finite or bool(np.isfinite(array).all()))


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


def described_answer(value: Any) -> str:
    """A learner's answer in words, for a sentence that starts "returned ..."."""
    return _describe(value)


def _describe(value: Any) -> str:
    if value is None:
        return "None (did you forget a return statement?)"
    if isinstance(value, Opaque):
        if value.type_name == "int":  # the sandbox's stand-in for an int beyond every float
            return value.text
        return f"an object of type {value.type_name}"
    if _huge(value):
        return f"an integer of {value.bit_length()} bits"
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
        text = np.array2string(
            value,
            threshold=40,
            edgeitems=3,
            separator=", ",
            formatter={"float_kind": _float},
            max_line_width=10**6,
        )
        text = " ".join(line.strip() for line in text.splitlines())  # one line, rows and all
    elif (rows := table_rows(value)) is not None:
        text = _table(value, rows)
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


def table_rows(value: Any) -> int | None:
    """The number of rows of a table (a dict of columns of one length, more than a few values
    each, as a project's pipeline receives its data); None for anything else."""
    if not isinstance(value, dict) or not value:
        return None
    lengths = {len(c) if isinstance(c, np.ndarray | list) else -1 for c in value.values()}
    if len(lengths) != 1 or (rows := lengths.pop()) <= 6:
        return None
    return rows


def _table(value: dict[Any, Any], rows: int) -> str:
    """A table by its size and its columns' names, never its values: the call line of a
    pipeline's check reads
    `fit_and_predict(train=<table of 1606 rows × 25 columns: date, city, …>, …)`."""
    names = [str(name)[:30] for name in list(value)[:4]]
    more = ", …" if len(value) > 4 else ""
    return f"<table of {rows} rows × {len(value)} columns: {', '.join(names)}{more}>"


def _float(value: float | np.floating[Any], digits: int = 6) -> str:
    """A float that still reads as a float: 4.0, not 4."""
    text = f"{float(value):.{digits}g}"
    return text if any(c in text for c in ".eninf") else text + ".0"
