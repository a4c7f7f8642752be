"""The caps on what a learner controls in a result, and how a text is cut to one."""

from __future__ import annotations

__all__ = [
    "MAX_DETAIL",
    "MAX_MESSAGE",
    "MAX_NOTE",
    "MAX_NOTES",
    "MAX_OUTPUT",
    "MAX_SOURCE",
    "MAX_TRACEBACK",
    "cap_text",
]

# Far above what an honest file produces (its output is already cut at 16 KiB when printed),
# and small enough that a learner's row stays well under a megabyte.

MAX_NOTES = 50  # notes per module
MAX_NOTE = 1_000  # characters per note
MAX_MESSAGE = 1_000  # a module's message, a check's feedback, reason or hint
MAX_OUTPUT = 20_000  # what the learner's code printed
MAX_DETAIL = 4_000  # a check's call, expected and got
MAX_TRACEBACK = 4_000
MAX_SOURCE = 256 * 1024  # the learner's code kept for the report


def cap_text(text: str, limit: int) -> str:
    """`text` cut to `limit` characters, saying how many were left out; lone surrogates (bytes
    that were not UTF-8) become replacement characters, so any file can store it."""
    if not text.isascii():
        text = text.encode("utf-8", "replace").decode("utf-8")
    if len(text) <= limit:
        return text
    return f"{text[:limit]}\n… {len(text) - limit} more characters not shown"
