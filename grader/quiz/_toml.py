"""Write the few kinds of TOML values the quiz files need, readable by a person."""

from __future__ import annotations

import json
import re

__all__ = ["comment", "number", "string", "value"]

_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f]")


def string(text: str) -> str:
    """A TOML string: a multi-line literal string for text with line breaks, else a basic one.

    JSON's string escapes are all valid TOML escapes, so json.dumps writes a basic string.
    """
    if "\n" in text and "'''" not in text and not _CONTROL.search(text) and not text.endswith("'"):
        return f"'''\n{text}'''"
    return json.dumps(text, ensure_ascii=False)


def number(value: float) -> str:
    """2.0 -> '2', 0.1 -> '0.1': integers without a decimal point, floats as Python writes them."""
    return str(int(value)) if float(value).is_integer() and abs(value) < 1e15 else repr(value)


def value(item: str | float | bool | list[str]) -> str:
    if isinstance(item, bool):
        return "true" if item else "false"
    if isinstance(item, str):
        return string(item)
    if isinstance(item, list):
        return "[" + ", ".join(string(s) for s in item) + "]"
    return number(item)


def comment(text: str, prefix: str = "# ") -> list[str]:
    """Each line of `text` as a TOML comment."""
    return [f"{prefix}{line}".rstrip() for line in text.splitlines() or [""]]
