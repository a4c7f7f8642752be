"""Find the line of a question, a choice or a key in a quiz file's text.

tomllib gives no positions for values, so an authoring mistake is located by scanning the
text: the n-th `[[questions]]` table, the m-th `[[questions.choices]]` table inside it, and
the `key = ...` line inside that. When a key cannot be found (an inline table, a dotted
key), the nearest enclosing table's line is given instead.
"""

from __future__ import annotations

import re

__all__ = ["Lines"]

_QUESTION = re.compile(r"^\s*\[\[\s*questions\s*\]\]")
_CHOICE = re.compile(r"^\s*\[\[\s*questions\s*\.\s*choices\s*\]\]")
_TABLE = re.compile(r"^\s*\[")


class Lines:
    """Line numbers (from 1) of the parts of one quiz file."""

    def __init__(self, text: str) -> None:
        self._lines = text.splitlines()
        self._questions = self._headers(_QUESTION, 0, len(self._lines))

    def question(self, index: int) -> int:
        """The line of the `[[questions]]` header of question `index` (from 0)."""
        if index < len(self._questions):
            return self._questions[index]
        return self.key("questions")

    def question_index(self, line: int) -> int | None:
        """Which question (from 0) starts at `line`."""
        return self._questions.index(line) if line in self._questions else None

    def key(self, key: str, question: int | None = None, choice: int | None = None) -> int:
        """The line of `key = ...`: at the top level, in a question, or in one of its choices."""
        start, end = self._span(question, choice)
        pattern = re.compile(rf"^\s*(?:{re.escape(key)}|\"{re.escape(key)}\")\s*=")
        for number in range(start, end):
            line = self._lines[number]
            if number > start and _TABLE.match(line) and choice is None:
                break  # a question's own keys come before its choices' tables
            if pattern.match(line):
                return number + 1
        return start + 1 if question is not None else 1

    def choice(self, question: int, choice: int) -> int:
        return self._span(question, choice)[0] + 1

    def _span(self, question: int | None, choice: int | None) -> tuple[int, int]:
        """The 0-based [start, end) lines of the top level, a question, or one of its choices."""
        if question is None:
            first = next(
                (n for n, line in enumerate(self._lines) if _TABLE.match(line)), len(self._lines)
            )
            return 0, first
        if question >= len(self._questions):
            return 0, len(self._lines)
        start = self._questions[question] - 1
        following = self._questions[question + 1 : question + 2]
        end = following[0] - 1 if following else len(self._lines)
        if choice is None:
            return start, end
        choices = self._headers(_CHOICE, start, end)
        if choice >= len(choices):
            return start, end
        choice_end = choices[choice + 1] - 1 if choice + 1 < len(choices) else end
        return choices[choice] - 1, choice_end

    def _headers(self, pattern: re.Pattern[str], start: int, end: int) -> list[int]:
        return [n + 1 for n in range(start, end) if pattern.match(self._lines[n])]
