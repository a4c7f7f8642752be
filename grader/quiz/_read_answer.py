"""Read one answer of a learner's answers file as its question's type asks, or say why not.

What is accepted, beyond the obvious, so that a learner loses no point to form:
  a choice      "b", "B", "(b)", "b)" and ["b"];
  choices       ["a", "c"], "a, c", "a c";
  a number      2.5, 3, and a number in quotes, "2.5";
  a short text  any string; a number is taken as its text.
An empty string, an empty list or no line at all is "not answered".
"""

from __future__ import annotations

import math
import re
import unicodedata
from dataclasses import dataclass
from typing import Any

from grader.quiz.variants import show_number

__all__ = [
    "MISSING",
    "Invalid",
    "Unanswered",
    "as_written",
    "normalise",
    "read_multiple",
    "read_number",
    "read_single",
    "read_text",
]

MISSING: Any = object()  # the answers file has no line for the question
_SEPARATORS = re.compile(r"[\s,;]+")


@dataclass(frozen=True)
class Unanswered:
    """No answer was given."""


@dataclass(frozen=True)
class Invalid:
    """An answer that cannot be read as its question asks: the message says what to write."""

    message: str


def _blank(raw: Any) -> bool:
    if isinstance(raw, list):
        return all(isinstance(item, str) and not item.strip() for item in raw)
    return raw is MISSING or (isinstance(raw, str) and not raw.strip())


def _range(labels: str) -> str:
    return f"{labels[0]} to {labels[-1]}"


def _label(text: str) -> str:
    return text.strip().strip("().").strip().lower()


def read_single(raw: Any, labels: str) -> int | Invalid | Unanswered:
    """The position (0 for "a") of the one choice answered."""
    if _blank(raw):
        return Unanswered()
    if isinstance(raw, list):
        if len(raw) != 1:
            return Invalid(f"choose one letter ({_range(labels)}), not several")
        raw = raw[0]
    if not isinstance(raw, str):
        return Invalid(
            f'give the letter of your choice in quotes, e.g. "{labels[0]}" (got {as_written(raw)})'
        )
    label = _label(raw)
    if label not in labels or len(label) != 1:
        return Invalid(f'"{raw.strip()}" is not one of the choices: they are {_range(labels)}')
    return labels.index(label)


def read_multiple(
    raw: Any, labels: str
) -> tuple[frozenset[int], tuple[str, ...]] | Invalid | Unanswered:
    """The positions of the choices answered, and the answered letters that are no choice."""
    if _blank(raw):
        return Unanswered()
    items = _SEPARATORS.split(raw.strip()) if isinstance(raw, str) else raw
    if not isinstance(items, list) or not all(isinstance(item, str) for item in items):
        return Invalid(
            f'give the letters of your choices in quotes, e.g. ["{labels[0]}", '
            f'"{labels[-1]}"] (got {as_written(raw)})'
        )
    answered = [_label(item) for item in items if _label(item)]
    unknown = tuple(dict.fromkeys(a for a in answered if a not in labels or len(a) != 1))
    known = frozenset(labels.index(a) for a in answered if a not in unknown)
    if not known:
        return Invalid(
            f"{_quoted(unknown)} {'is' if len(unknown) == 1 else 'are'} not among "
            f"the choices: they are {_range(labels)}"
        )
    return known, unknown


def _quoted(items: tuple[str, ...]) -> str:
    return ", ".join(f'"{item}"' for item in items)


def read_number(raw: Any) -> float | Invalid | Unanswered:
    if _blank(raw):
        return Unanswered()
    if isinstance(raw, bool) or not isinstance(raw, int | float | str):
        return Invalid(f"one number is asked for, e.g. 2.5 (got {as_written(raw)})")
    if isinstance(raw, str):
        return _number_in(raw.strip())
    if not math.isfinite(raw):
        return Invalid(f"{as_written(raw)} is not a finite number")
    return float(raw)


def _number_in(text: str) -> float | Invalid:
    try:
        value = float(text)
    except ValueError:
        return Invalid(_why_not_a_number(text))
    if not math.isfinite(value):
        return Invalid(f'"{text}" is not a finite number')
    return value


def _why_not_a_number(text: str) -> str:
    if re.fullmatch(r"[+-]?\d+,\d+", text):
        return f'"{text}": write numbers with a decimal point, {text.replace(",", ".")}'
    if re.fullmatch(r"\s*[+-]?\d+\s*/\s*\d+\s*", text):
        return f'"{text}": give the value as a decimal number, not a fraction'
    return f'a number is asked for, and "{text}" is not one: write e.g. 2.5, without quotes'


def read_text(raw: Any) -> str | Invalid | Unanswered:
    if _blank(raw):
        return Unanswered()
    if isinstance(raw, int | float) and not isinstance(raw, bool):
        return show_number(float(raw))
    if not isinstance(raw, str):
        return Invalid(
            f'a short text in quotes is asked for, e.g. "negative" (got {as_written(raw)})'
        )
    return raw


def normalise(text: str, *, case_sensitive: bool = False) -> str:
    """The text compared with the accepted answers: Unicode-normalised (NFKC), without
    spaces around it, each run of spaces one space, without a final full stop, and
    case-folded unless the question is case-sensitive."""
    text = " ".join(unicodedata.normalize("NFKC", text).split()).removesuffix(".").strip()
    return text if case_sensitive else text.casefold()


def as_written(raw: Any, limit: int = 200) -> str:
    """A learner's answer as a report shows it."""
    if raw is MISSING:
        return ""
    if isinstance(raw, bool):
        text = "true" if raw else "false"
    elif isinstance(raw, int | float):
        text = show_number(float(raw)) if math.isfinite(raw) else str(raw)
    elif isinstance(raw, list):
        text = "[" + ", ".join(as_written(item, limit) for item in raw) + "]"
    elif isinstance(raw, dict):
        text = "{" + ", ".join(f"{k} = {as_written(v, limit)}" for k, v in raw.items()) + "}"
    else:
        text = str(raw)
    return text if len(text) <= limit else text[: limit - 1] + "…"
