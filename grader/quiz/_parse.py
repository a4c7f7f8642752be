"""Read a quiz file into a Quiz, or say what is wrong with it, each problem with its line.

The format is in the README ("Quizzes"). The same reader reads both sides: the instructor's
file must carry an answer key for every question, and the learner's must carry none.
"""

from __future__ import annotations

import difflib
import math
import re
import tomllib
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any, TypeGuard

from grader.quiz._lines import Lines
from grader.quiz.model import QUESTION_TYPES, Choice, Question, Quiz, Side

__all__ = ["Problem", "parse_quiz"]

MAX_CHOICES = 26  # choices are labelled a to z
ID = re.compile(r"^[a-z][a-z0-9_]*$")
IDENTIFIER = re.compile(r"^[A-Za-z_][A-Za-z0-9_]*$")
RESERVED_IDS = {"answers", "learner", "variant"}  # the answers file's own keys

TOP_KEYS = {"id", "title", "intro", "questions"}
COMMON_KEYS = {"id", "type", "points", "title", "text", "explanation"}
TYPE_KEYS: dict[str, set[str]] = {
    "single": {"choices", "shuffle"},
    "multiple": {"choices", "shuffle", "partial_credit"},
    "numeric": {"answer", "abs_tol", "rel_tol"},
    "text": {"accept", "case_sensitive"},
    "computed": {"generator", "abs_tol", "rel_tol"},
}
CHOICE_KEYS = {"text", "correct", "feedback"}
# Never in a learner's file: they would give the answers away.
KEY_ONLY = {
    "answer",
    "abs_tol",
    "rel_tol",
    "accept",
    "generator",
    "explanation",
    "correct",
    "feedback",
}
REQUIRED_KEYS = {"numeric": "answer", "text": "accept", "computed": "generator"}


@dataclass(frozen=True)
class Problem:
    """One authoring mistake: where it is and what to do about it."""

    path: str
    line: int
    message: str

    def __str__(self) -> str:
        return f"{self.path}:{self.line}: {self.message}"


class _Reader:
    """Reads one file's tables, collecting problems rather than stopping at the first."""

    def __init__(self, text: str, path: str, side: Side) -> None:
        self.lines = Lines(text)
        self.path = path
        self.side = side
        self.problems: list[Problem] = []

    def problem(self, line: int, message: str) -> None:
        self.problems.append(Problem(self.path, line, message))

    def keys(
        self,
        table: dict[str, Any],
        allowed: set[str],
        where: str,
        line: Callable[[str], int],
        kind: str = "",
    ) -> None:
        """Refuse unknown keys, keys of another question type, and answer keys learners see."""
        for key in table:
            if self.side == "learner" and key in KEY_ONLY:
                self.problem(
                    line(key),
                    f"{where}: `{key}` is part of the answer key and must "
                    "not be in the learners' file (it belongs in solutions/quizzes/)",
                )
            elif key not in allowed:
                self.problem(line(key), f"{where}: {_unknown(key, allowed, kind)}")


def _unknown(key: str, allowed: set[str], kind: str) -> str:
    known = COMMON_KEYS | CHOICE_KEYS | TOP_KEYS | set().union(*TYPE_KEYS.values())
    if key in known:
        return (
            f"`{key}` does not apply to a {kind} question"
            if kind
            else f"`{key}` does not belong here"
        )
    close = difflib.get_close_matches(key, sorted(allowed), n=1)
    hint = f" (did you mean `{close[0]}`?)" if close else ""
    return f"unknown key `{key}`{hint}; the keys here are {', '.join(sorted(allowed))}"


def parse_quiz(
    text: str, *, path: str, module: str, side: Side, file: Path | None = None
) -> tuple[Quiz | None, list[Problem]]:
    """The quiz in `text` (None when it cannot be read at all) and every problem found."""
    reader = _Reader(text, path, side)
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as error:
        line, message = _decode_error(error)
        return None, [Problem(path, line, f"not valid TOML: {message}")]
    reader.keys(data, TOP_KEYS, "the quiz", lambda key: reader.lines.key(key))
    title = _string(reader, data, "title", "the quiz", None, required=True)
    intro = _string(reader, data, "intro", "the quiz", None)
    quiz_id = _string(reader, data, "id", "the quiz", None) or module
    questions = _questions(reader, data.get("questions"))
    quiz = Quiz(module, quiz_id, title, intro, tuple(questions), file or Path(path), side)
    return quiz, sorted(reader.problems, key=lambda p: p.line)


def _decode_error(error: tomllib.TOMLDecodeError) -> tuple[int, str]:
    """tomllib says "Invalid value (at line 3, column 7)": the line, and the rest of it."""
    message = str(error)
    if match := re.search(r"\s*\(at line (\d+), column (\d+)\)$", message):
        return int(match[1]), f"{message[: match.start()]} (column {match[2]})"
    return 1, message


def _questions(reader: _Reader, raw: Any) -> list[Question]:
    if raw is None:
        reader.problem(1, "the quiz has no questions: add a [[questions]] table")
        return []
    if not isinstance(raw, list) or not raw or not all(isinstance(q, dict) for q in raw):
        reader.problem(
            reader.lines.key("questions"),
            "`questions` must be [[questions]] tables, one per question",
        )
        return []
    questions = [
        q for index, table in enumerate(raw) if (q := _question(reader, index, table)) is not None
    ]
    _refuse_duplicate_ids(reader, questions)
    return questions


def _refuse_duplicate_ids(reader: _Reader, questions: list[Question]) -> None:
    seen: dict[str, int] = {}
    for question in questions:
        if question.id in seen:
            reader.problem(
                question.line,
                f"question `{question.id}`: the id is already used "
                f"by the question at line {seen[question.id]}",
            )
        seen.setdefault(question.id, question.line)


def _question(reader: _Reader, index: int, table: dict[str, Any]) -> Question | None:
    line = reader.lines.question(index)
    raw_id = table.get("id")
    if not isinstance(raw_id, str) or not ID.match(raw_id):
        got = "it has none" if raw_id is None else f"got {raw_id!r}"
        reader.problem(
            reader.lines.key("id", index),
            f"question {index + 1}: `id` must be a name of lowercase letters, digits "
            f"and _ that starts with a letter ({got})",
        )
        return None
    where = f"question `{raw_id}`"
    if raw_id in RESERVED_IDS:
        reader.problem(
            reader.lines.key("id", index),
            f"{where}: `{raw_id}` names a part of the answers file; give the question another id",
        )
        return None
    kind = table.get("type")
    if kind not in QUESTION_TYPES:
        got = "it has none" if kind is None else f"got {kind!r}"
        reader.problem(
            reader.lines.key("type", index),
            f"{where}: `type` must be one of {', '.join(QUESTION_TYPES)} ({got})",
        )
        return None
    reader.keys(
        table, COMMON_KEYS | TYPE_KEYS[kind], where, lambda key: reader.lines.key(key, index), kind
    )
    fields = _Fields(reader, table, index, where)
    return Question(
        id=raw_id,
        type=kind,
        points=fields.points(),
        text=fields.string("text", required=True),
        title=fields.string("title"),
        choices=_choices(reader, table, index, where, kind),
        shuffle=fields.flag("shuffle", True),
        partial_credit=fields.flag("partial_credit", True),
        answer=fields.answer(kind),
        abs_tol=fields.tolerance("abs_tol"),
        rel_tol=fields.tolerance("rel_tol"),
        accept=fields.accepted(kind),
        case_sensitive=fields.flag("case_sensitive", False),
        generator=fields.generator(kind),
        explanation=fields.string("explanation"),
        line=line,
    )


class _Fields:
    """The values of one question's keys, each checked, with its problem reported once."""

    def __init__(self, reader: _Reader, table: dict[str, Any], index: int, where: str) -> None:
        self.reader, self.table, self.index, self.where = reader, table, index, where

    def _problem(self, key: str, message: str) -> None:
        self.reader.problem(self.reader.lines.key(key, self.index), f"{self.where}: {message}")

    def string(self, key: str, *, required: bool = False) -> str:
        return _string(self.reader, self.table, key, self.where, self.index, required=required)

    def flag(self, key: str, default: bool) -> bool:
        value = self.table.get(key, default)
        if not isinstance(value, bool):
            self._problem(key, f"`{key}` must be true or false (got {value!r})")
            return default
        return value

    def points(self) -> float:
        value = self.table.get("points")
        if not _is_number(value) or not value > 0:
            got = "it has none" if value is None else f"got {value!r}"
            self._problem("points", f"`points` must be a number above 0 ({got})")
            return 1.0
        return float(value)

    def tolerance(self, key: str) -> float:
        value = self.table.get(key, 0.0)
        if not _is_number(value) or value < 0:
            self._problem(key, f"`{key}` must be a number, 0 or more (got {value!r})")
            return 0.0
        return float(value)

    def answer(self, kind: str) -> float | None:
        if kind != "numeric" or not self._required(kind):
            return None
        value = self.table.get("answer")
        if not _is_number(value):
            self._problem("answer", f"`answer` must be a number (got {value!r})")
            return None
        return float(value)

    def accepted(self, kind: str) -> tuple[str, ...]:
        if kind != "text" or not self._required(kind):
            return ()
        value = self.table.get("accept")
        if isinstance(value, str):
            value = [value]
        if (
            not isinstance(value, list)
            or not value
            or not all(isinstance(v, str) and v.strip() for v in value)
        ):
            self._problem(
                "accept",
                "`accept` must be a list of the accepted answers, "
                f'e.g. ["negative", "below zero"] (got {value!r})',
            )
            return ()
        return tuple(value)

    def generator(self, kind: str) -> str:
        if kind != "computed" or not self._required(kind):
            return ""
        value = self.table.get("generator")
        if not isinstance(value, str) or not IDENTIFIER.match(value):
            self._problem(
                "generator",
                f"`generator` must name a function of the quiz's generators file (got {value!r})",
            )
            return ""
        return value

    def _required(self, kind: str) -> bool:
        """Whether the answer key is there to read; on the learner's side it never is."""
        if self.reader.side == "learner":
            return False
        key = REQUIRED_KEYS[kind]
        if key not in self.table:
            self._problem("type", f"a {kind} question needs `{key}`")
            return False
        return True


def _string(
    reader: _Reader,
    table: dict[str, Any],
    key: str,
    where: str,
    index: int | None,
    *,
    required: bool = False,
) -> str:
    value = table.get(key, "")
    if not isinstance(value, str) or (required and not value.strip()):
        reader.problem(reader.lines.key(key, index), _not_a_string(where, key, value, required))
        return ""
    return value


def _not_a_string(where: str, key: str, value: Any, required: bool) -> str:
    got = "it has none" if value == "" else f"got {value!r}"
    return f"{where}: `{key}` must be {'a non-empty' if required else 'a'} string ({got})"


def _choices(
    reader: _Reader, table: dict[str, Any], index: int, where: str, kind: str
) -> tuple[Choice, ...]:
    if kind not in ("single", "multiple"):
        return ()
    raw = table.get("choices")
    line = reader.lines.key("choices", index)
    if not isinstance(raw, list) or not all(isinstance(c, dict) for c in raw):
        reader.problem(
            line,
            f"{where}: a {kind}-choice question needs [[questions.choices]] tables, one per choice",
        )
        return ()
    if not 2 <= len(raw) <= MAX_CHOICES:
        reader.problem(
            line if len(raw) == 0 else reader.lines.choice(index, 0),
            f"{where}: needs 2 to {MAX_CHOICES} choices (it has {len(raw)})",
        )
    choices = tuple(_choice(reader, c, index, n, where) for n, c in enumerate(raw))
    _check_key_of_choices(reader, choices, index, where, kind)
    return choices


def _choice(reader: _Reader, table: dict[str, Any], index: int, number: int, where: str) -> Choice:
    here = f"{where}, choice {number + 1}"
    reader.keys(table, CHOICE_KEYS, here, lambda key: reader.lines.key(key, index, number))
    text = _choice_string(reader, table, "text", here, index, number, required=True)
    feedback = _choice_string(reader, table, "feedback", here, index, number)
    correct = table.get("correct", False)
    if not isinstance(correct, bool):
        reader.problem(
            reader.lines.key("correct", index, number),
            f"{here}: `correct` must be true or false (got {correct!r})",
        )
        correct = False
    return Choice(text, correct, feedback)


def _choice_string(
    reader: _Reader,
    table: dict[str, Any],
    key: str,
    where: str,
    index: int,
    number: int,
    *,
    required: bool = False,
) -> str:
    value = table.get(key, "")
    if not isinstance(value, str) or (required and not value.strip()):
        reader.problem(
            reader.lines.key(key, index, number), _not_a_string(where, key, value, required)
        )
        return ""
    return value


def _check_key_of_choices(
    reader: _Reader, choices: tuple[Choice, ...], index: int, where: str, kind: str
) -> None:
    texts = [c.text.strip() for c in choices]
    for number, text in enumerate(texts):
        if text and texts.index(text) < number:
            reader.problem(
                reader.lines.choice(index, number),
                f"{where}: choice {number + 1} repeats choice {texts.index(text) + 1}",
            )
    if reader.side == "learner" or len(choices) < 2:
        return
    correct = sum(c.correct for c in choices)
    line = reader.lines.key("choices", index) if not choices else reader.lines.choice(index, 0)
    if kind == "single" and correct != 1:
        reader.problem(
            line,
            f"{where}: a single-choice question needs exactly one choice "
            f"with `correct = true` (it has {correct})",
        )
    if kind == "multiple" and correct == 0:
        reader.problem(
            line,
            f"{where}: a multiple-choice question needs at least one choice with `correct = true`",
        )


def _is_number(value: Any) -> TypeGuard[int | float]:
    return isinstance(value, int | float) and not isinstance(value, bool) and math.isfinite(value)
