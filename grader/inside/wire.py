"""The wire format between the grader and a sandboxed child: plain data only, never a pickle.

Both sides import this module, so it depends on nothing but the standard library and numpy.
Decoding is strict: whatever the child sends is untrusted bytes, and anything that is not a
well-formed frame of plain data raises WireError instead of becoming a Python object.
"""

from __future__ import annotations

import base64
import json
import math
import re
import struct
from dataclasses import dataclass
from typing import Any

import numpy as np

MAX_FRAME = 16 * 1024 * 1024  # ample for the arrays of a course exercise
MAX_DEPTH = 32
MAX_ITEMS = 100_000  # lists, tuples and dicts in one message, all levels together
MAX_INT_BITS = 1024  # a larger int is beyond every float, and its digits cost to write and read
_HEADER = struct.Struct(">I")
_DTYPE = re.compile(r"^[<>|=][biufc](1|2|4|8|16)$")


class WireError(Exception):
    """A frame or a value that does not follow the wire format."""


@dataclass(frozen=True)
class Opaque:
    """A returned object that is not plain data: only its type name and a short text cross."""

    type_name: str
    text: str


def frame(message: dict[str, Any]) -> bytes:
    return frame_payload(json.dumps(message, separators=(",", ":"), allow_nan=True).encode())


def frame_payload(payload: bytes) -> bytes:
    """A frame around a message already written as JSON."""
    return _HEADER.pack(len(payload)) + payload


def frame_length(header: bytes) -> int:
    (length,) = _HEADER.unpack(header)
    if length > MAX_FRAME:
        raise WireError(f"frame of {length} bytes is larger than {MAX_FRAME}")
    return length


HEADER_SIZE = _HEADER.size


def parse(payload: bytes) -> dict[str, Any]:
    """A message from its JSON payload, refusing payloads that would cost the reader dearly:
    counting brackets is cheap, building millions of empty lists is not."""
    if payload.count(b"[") + payload.count(b"{") > MAX_ITEMS:
        raise WireError(f"a message of more than {MAX_ITEMS} lists, tuples or dicts")
    try:
        message = json.loads(payload)
    except (ValueError, RecursionError) as error:  # includes UnicodeDecodeError
        raise WireError(f"not a valid message: {error}") from None
    if not isinstance(message, dict):
        raise WireError("a message must be an object")
    return message


def encode(value: Any, depth: int = 0) -> Any:
    """Turn a value into JSON-ready plain data; anything else becomes an opaque description."""
    if depth >= MAX_DEPTH and not (value is None or type(value) in (bool, int, float, str)):
        # At the deepest level decode() reads, only what holds nothing deeper, an opaque
        # description included: a deeper answer still crosses, as a wrong one.
        return _opaque(value, "nested too deeply")
    if type(value) in (list, tuple, dict) and len(value) > MAX_ITEMS:
        return _opaque(value, f"{type(value).__name__} of {len(value)} items: too large to send")
    if value is None or type(value) in (bool, str):
        return value
    if type(value) is int:
        return (
            value
            if value.bit_length() <= MAX_INT_BITS
            else _opaque(value, f"an integer too large for a float ({value.bit_length()} bits)")
        )
    if type(value) is float:
        return value if math.isfinite(value) else {"float": repr(value)}
    if _other_real(value):
        return _encode_real(value)
    if type(value) is list:
        if set(map(type, value)) <= _TEXTS:  # a table's text column: as it is, in one pass
            return value
        return [encode(v, depth + 1) for v in value]
    if type(value) is tuple:
        return {"tuple": [encode(v, depth + 1) for v in value]}
    if type(value) is dict and all(type(k) is str for k in value):
        return {"dict": [[k, encode(v, depth + 1)] for k, v in value.items()]}
    if isinstance(value, np.ndarray | np.generic):
        return _encode_array(value, depth)
    return _opaque(value)


# The other real numbers of the standard library, by the module and name of their exact type
# (not imported here: the zygote need not load decimal for the rare answer that is one).
_OTHER_REALS = {
    ("fractions", "Fraction"),
    ("decimal", "Decimal"),
    ("_decimal", "Decimal"),
    ("_pydecimal", "Decimal"),
}


_TEXTS = {str, type(None)}


def _other_real(value: Any) -> bool:
    kind = type(value)
    return (getattr(kind, "__module__", None), getattr(kind, "__qualname__", None)) in _OTHER_REALS


def _encode_real(value: Any) -> Any:
    """A Fraction or a Decimal crosses as the float nearest to it, as a numpy scalar would:
    the grader's side then reads only plain numbers."""
    try:
        number = float(value)
    except (OverflowError, ValueError):  # beyond a float's range; a signalling NaN
        return _opaque(value, "a number no float can hold (too large, or a signalling NaN)")
    return number if math.isfinite(number) else {"float": repr(number)}


def _encode_array(value: np.ndarray | np.generic, depth: int) -> Any:
    array = np.asarray(value)
    if array.dtype == object and array.size <= MAX_ITEMS:
        # Its items may be plain data after all (Fractions, Python ints): as nested lists,
        # each item crosses as what it is; never as the bytes of its objects.
        return encode(array.tolist(), depth + 1)
    if not _DTYPE.match(array.dtype.str):
        return _opaque(value, f"array of dtype {array.dtype}")
    data = base64.b64encode(np.ascontiguousarray(array).tobytes()).decode()
    return {"nd": [array.dtype.str, list(array.shape), data]}


def _opaque(value: Any, text: str | None = None) -> dict[str, Any]:
    try:
        type_name = type(value).__qualname__
        text = text if text is not None else repr(value)[:200]
    except BaseException:  # a hostile __repr__ must not stop the answer from crossing
        type_name, text = "object", "(could not be shown)"
    return {"opaque": [str(type_name)[:100], str(text)[:200]]}


def decode(data: Any, depth: int = 0) -> Any:
    """Rebuild plain data from its wire form, checking every part of it."""
    if depth > MAX_DEPTH:
        raise WireError("value nested too deeply")
    if data is None or isinstance(data, bool | int | float | str):
        return data
    if isinstance(data, list):
        if set(map(type, data)) <= _TEXTS:  # texts and Nones only: nothing to rebuild
            return data
        return [decode(v, depth + 1) for v in data]
    if isinstance(data, dict) and len(data) == 1:
        ((tag, body),) = data.items()
        decoder = _DECODERS.get(tag)
        if decoder is not None:
            try:
                return decoder(body, depth)
            except WireError:
                raise
            except (TypeError, ValueError, IndexError) as error:
                raise WireError(f"malformed {tag!r} value: {error}") from None
    raise WireError(f"unexpected value {str(data)[:80]!r}")


def _decode_float(body: Any, depth: int) -> float:
    if body not in ("nan", "inf", "-inf"):
        raise WireError(f"not a float: {body!r}")
    return float(body)


def _decode_tuple(body: Any, depth: int) -> tuple[Any, ...]:
    if not isinstance(body, list):
        raise WireError("a tuple must hold a list")
    return tuple(decode(v, depth + 1) for v in body)


def _decode_dict(body: Any, depth: int) -> dict[str, Any]:
    if not isinstance(body, list) or not all(
        isinstance(p, list) and len(p) == 2 and isinstance(p[0], str) for p in body
    ):
        raise WireError("a dict must hold [key, value] pairs with text keys")
    return {k: decode(v, depth + 1) for k, v in body}


def _decode_array(body: Any, depth: int) -> np.ndarray | np.generic:
    dtype_text, shape, data = body
    if not isinstance(dtype_text, str) or not _DTYPE.match(dtype_text):
        raise WireError(f"array dtype {str(dtype_text)[:20]!r} is not allowed")
    if not isinstance(shape, list) or not all(type(n) is int and n >= 0 for n in shape):
        raise WireError("array shape must be a list of non-negative integers")
    dtype = np.dtype(dtype_text)
    raw = base64.b64decode(data, validate=True)
    if len(raw) != math.prod(shape) * dtype.itemsize:
        raise WireError("array data does not match its shape")
    array = np.frombuffer(raw, dtype=dtype).reshape(shape).copy()
    return array[()] if array.ndim == 0 else array


def _decode_opaque(body: Any, depth: int) -> Opaque:
    type_name, text = body
    if not isinstance(type_name, str) or not isinstance(text, str):
        raise WireError("an opaque value holds two texts")
    return Opaque(type_name[:100], text[:200])


_DECODERS = {
    "float": _decode_float,
    "tuple": _decode_tuple,
    "dict": _decode_dict,
    "nd": _decode_array,
    "opaque": _decode_opaque,
}
