"""The field names of the result types, looked up once per type rather than per call."""

from __future__ import annotations

from dataclasses import fields

__all__ = ["names"]

_FIELDS: dict[tuple[type, bool], tuple[str, ...]] = {}


def names(cls: type, *, texts: bool = False) -> tuple[str, ...]:
    """A result type's field names (only its text fields' with `texts`), in order, looked up
    once: dataclasses.fields() builds them anew on every call, and to_dict runs for every
    check of every file."""
    found = _FIELDS.get((cls, texts))
    if found is None:
        found = tuple(f.name for f in fields(cls) if not texts or f.type == "str")
        _FIELDS[(cls, texts)] = found
    return found
