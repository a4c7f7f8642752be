"""Text for a terminal made safe: every control a learner could slip into an id, a value, a
message or printed output is shown as an escape (`\\x1b`, `\\r`, `\\u202e`) instead of acting.

A terminal obeys what it is sent: ESC and CSI sequences clear the screen and move the cursor,
OSC sequences set the window title, a carriage return or backspaces overwrite a line with a
fake one, and bidi overrides reverse what a line seems to say. Anything learner-controlled
goes through `visible` before it reaches a terminal; applying it twice changes nothing.
"""

from __future__ import annotations

import re

__all__ = ["visible"]

# C0 and C1 controls and DEL (Unicode category Cc) but tab and newline, the bidi controls
# (Bidi_Control), and the line and paragraph separators, which still break what is read.
_CONTROLS = r"\x00-\x08\x0b-\x1f\x7f-\x9f"
_BIDI_AND_SEPARATORS = r"\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069\u2028\u2029"
_IN_TEXT = re.compile(rf"[{_CONTROLS}{_BIDI_AND_SEPARATORS}]")
_IN_A_LINE = re.compile(rf"[{_CONTROLS}\t\n{_BIDI_AND_SEPARATORS}]")  # an id, a name
_NAMED = {"\r": "\\r", "\t": "\\t", "\n": "\\n", "\b": "\\b"}


def visible(text: str, *, one_line: bool = False) -> str:
    """`text` with its controls shown escaped; with `one_line`, newlines and tabs too (for
    an id or a name inside a sentence, where a newline would start a fake line)."""
    if text.isprintable():
        return text  # the common case, at C speed: nothing to escape
    return (_IN_A_LINE if one_line else _IN_TEXT).sub(_escaped, text)


def _escaped(found: re.Match[str]) -> str:
    char = found.group()
    if char in _NAMED:
        return _NAMED[char]
    code = ord(char)
    return f"\\x{code:02x}" if code < 0x80 else f"\\u{code:04x}"
