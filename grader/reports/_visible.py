"""Text for a terminal made safe: every control a learner could slip into an id, a value, a
message or printed output is shown as an escape (`\\x1b`, `\\r`, `\\u202e`) instead of acting.

A terminal obeys what it is sent: ESC and CSI sequences clear the screen and move the cursor,
OSC sequences set the window title, a carriage return or backspaces overwrite a line with a
fake one, and bidi overrides reverse what a line seems to say. Anything learner-controlled
goes through `visible` before it reaches a terminal; applying it twice changes nothing.
"""

from __future__ import annotations

import unicodedata

__all__ = ["visible"]

# Bidi controls (Unicode's Bidi_Control property) and the line and paragraph separators,
# which are not category Cc but still reorder or break what the instructor reads.
_BIDI = frozenset("\u061c\u200e\u200f\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069")
_SEPARATORS = frozenset("\u2028\u2029")
_NAMED = {"\r": "\\r", "\t": "\\t", "\n": "\\n", "\b": "\\b"}
_KEPT_IN_TEXT = frozenset("\n\t")  # harmless where text may run over several lines


def visible(text: str, *, one_line: bool = False) -> str:
    """`text` with its controls shown escaped; with `one_line`, newlines and tabs too (for
    an id or a name inside a sentence, where a newline would start a fake line)."""
    if text.isprintable():
        return text  # the common case, at C speed: nothing to escape
    kept = frozenset() if one_line else _KEPT_IN_TEXT
    return "".join(_escaped(char) if char not in kept and _acts(char) else char
                   for char in text)


def _acts(char: str) -> bool:
    return (char in _BIDI or char in _SEPARATORS or char in _NAMED
            or unicodedata.category(char) == "Cc")


def _escaped(char: str) -> str:
    if char in _NAMED:
        return _NAMED[char]
    code = ord(char)
    return f"\\x{code:02x}" if code < 0x80 else f"\\u{code:04x}"
