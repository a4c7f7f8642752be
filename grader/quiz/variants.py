"""Each learner's variant of a quiz: their order of the choices and their computed numbers.

Everything is drawn from seeds made with sha256 of the quiz id, the learner id and the
question id, never with Python's hash() (salted per process): a learner sees the same variant
in every run and on every machine, and adding a question changes nobody's other questions.
The choices' order uses sha256 alone; a computed question's generator gets a numpy Generator
(PCG64) seeded the same way, so its numbers stay put as long as numpy's streams do.
"""

from __future__ import annotations

import hashlib
import json
import math
import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from types import ModuleType
from typing import Any

import numpy as np

from grader.errors import CourseProblem
from grader.quiz.model import Choice, Question, Quiz

__all__ = [
    "GeneratorProblem",
    "Generators",
    "Variant",
    "VariantQuestion",
    "draw",
    "fill",
    "make_variant",
    "placeholders",
    "show_answer",
    "show_number",
    "show_value",
    "variant_seed",
]

LABELS = "abcdefghijklmnopqrstuvwxyz"
_PLACEHOLDER = re.compile(r"\{([A-Za-z_][A-Za-z0-9_]*)\}")


@dataclass(frozen=True)
class Generators:
    """The parameter generators of a quiz, and the reference solution they compute answers with.

    A generator is `def name(rng, reference) -> dict`: it draws the question's numbers with
    `rng` (a numpy Generator), and returns them by the names the question text uses, with the
    right answer, computed with the module's reference solution, under "answer".
    """

    functions: Mapping[str, Callable[..., Any]]
    reference: ModuleType | None
    where: str  # the generators file, for messages


@dataclass(frozen=True)
class VariantQuestion:
    """One question as one learner sees it."""

    question: Question
    number: int  # from 1, in the quiz's order
    text: str  # the question's text with this learner's numbers
    order: tuple[int, ...] = ()  # choices: the authored index of the choice at each position
    params: Mapping[str, Any] = field(default_factory=dict)  # computed: the numbers drawn
    answer: float | None = None  # computed: the right answer of this variant
    explanation: str = ""  # with this learner's numbers and answer
    internal_error: str = ""  # the generator broke for this learner: the course's fault

    @property
    def id(self) -> str:
        return self.question.id

    @property
    def title(self) -> str:
        """The author's title, else the first line of the text (cut to 80 characters)."""
        if self.question.title:
            return self.question.title
        first = self.text.strip().splitlines()[0] if self.text.strip() else self.id
        return first if len(first) <= 80 else first[:79].rstrip() + "…"

    @property
    def choices(self) -> tuple[Choice, ...]:
        """The choices in this learner's order."""
        return tuple(self.question.choices[i] for i in self.order)

    @property
    def labels(self) -> str:
        return LABELS[: len(self.order)]

    def label_of(self, authored: int) -> str:
        return LABELS[self.order.index(authored)]


@dataclass(frozen=True)
class Variant:
    """A learner's whole variant of a quiz."""

    quiz: Quiz
    learner: str
    code: str  # 8 hex digits naming the variant: the answers template carries it
    questions: tuple[VariantQuestion, ...]

    def question(self, question_id: str) -> VariantQuestion:
        for question in self.questions:
            if question.id == question_id:
                return question
        raise KeyError(question_id)


def make_variant(
    quiz: Quiz,
    learner: str,
    generators: Generators | None,
    released: Mapping[str, Mapping[str, str]] | None = None,
) -> Variant:
    """`learner`'s variant; a generator that breaks leaves its question with an internal_error.
    Without generators (a learner's copy), computed questions take the numbers `released`
    holds for them (grader.quiz.released), as they were shown."""
    questions = tuple(
        _variant_question(quiz, learner, number, question, generators, released or {})
        for number, question in enumerate(quiz.questions, start=1)
    )
    return Variant(quiz, learner, _code(quiz, learner, questions), questions)


def _variant_question(
    quiz: Quiz,
    learner: str,
    number: int,
    question: Question,
    generators: Generators | None,
    released: Mapping[str, Mapping[str, str]],
) -> VariantQuestion:
    order = _order(quiz.id, learner, question)
    if question.type == "computed" and generators is None and question.id in released:
        shown = dict(released[question.id])
        return VariantQuestion(question, number, fill(question.text, shown), order, shown)
    if question.type != "computed" or generators is None:
        return VariantQuestion(
            question, number, question.text, order, explanation=question.explanation
        )
    seed = variant_seed("params", quiz.id, learner, question.id)
    try:
        params, answer = draw(question, generators, seed)
    except GeneratorProblem as problem:
        return VariantQuestion(question, number, question.text, order, internal_error=str(problem))
    shown = {name: show_value(value) for name, value in params.items()}
    return VariantQuestion(
        question,
        number,
        fill(question.text, shown),
        order,
        shown,
        answer,
        fill(question.explanation, {**shown, "answer": show_answer(answer)}),
    )


def variant_seed(purpose: str, quiz_id: str, learner: str, question_id: str) -> int:
    """A 128-bit seed from sha256 of what it is for ("params", "order") and whose it is."""
    text = "\x1f".join((purpose, quiz_id, learner, question_id))
    return int.from_bytes(hashlib.sha256(text.encode("utf-8")).digest()[:16], "big")


def _order(quiz_id: str, learner: str, question: Question) -> tuple[int, ...]:
    """The choices' order: by a hash of each choice's text, so that it does not depend on the
    order they are listed in (the learners' copy lists them differently from the author)."""
    indexes = range(len(question.choices))
    if not question.shuffle:
        return tuple(indexes)
    seed = variant_seed("order", quiz_id, learner, question.id)

    def rank(index: int) -> bytes:
        return hashlib.sha256(f"{seed}/{question.choices[index].text}".encode()).digest()

    return tuple(sorted(indexes, key=rank))


def _code(quiz: Quiz, learner: str, questions: tuple[VariantQuestion, ...]) -> str:
    parts = [
        quiz.id,
        learner,
        [[q.id, [c.text for c in q.choices], dict(q.params)] for q in questions],
    ]
    canonical = json.dumps(parts, sort_keys=True, ensure_ascii=False)
    return hashlib.sha256(canonical.encode("utf-8")).hexdigest()[:8]


class GeneratorProblem(CourseProblem):
    """A computed question's generator is missing, raised, or returned something unusable."""

    part = "quiz"


def draw(question: Question, generators: Generators, seed: int) -> tuple[dict[str, Any], float]:
    """Run the question's generator with a Generator seeded by `seed`: its numbers and answer."""
    function = generators.functions.get(question.generator)
    if function is None:
        raise GeneratorProblem(f"{generators.where} has no function {question.generator}()")
    try:
        result = function(np.random.default_rng(seed), generators.reference)
    except Exception as error:  # noqa: BLE001 - any failure of the author's code is reported
        raise GeneratorProblem(
            f"{question.generator}() raised {type(error).__name__}: {error}"
        ) from error
    return _checked(question, result)


def _checked(question: Question, result: Any) -> tuple[dict[str, Any], float]:
    name = f"{question.generator}()"
    if not isinstance(result, dict) or "answer" not in result:
        got = "a dict without it" if isinstance(result, dict) else f"a {type(result).__name__}"
        raise GeneratorProblem(
            f"{name} must return a dict of the question's numbers with the "
            f"right answer under 'answer' (it returned {got})"
        )
    answer = result["answer"]
    if (
        isinstance(answer, bool)
        or not isinstance(answer, int | float | np.number)
        or not math.isfinite(float(answer))
    ):
        raise GeneratorProblem(f"{name}: 'answer' must be a finite number (got {answer!r})")
    params = {k: v for k, v in result.items() if k != "answer"}
    for key, value in params.items():
        try:
            show_value(value)
        except TypeError as error:
            raise GeneratorProblem(f"{name}: {key!r}: {error}") from None
    if missing := sorted(set(placeholders(question.text)) - set(params)):
        raise GeneratorProblem(f"{name} returns no {missing[0]!r}, which the question text uses")
    return params, float(answer)


def placeholders(text: str) -> list[str]:
    """The names of the `{name}` placeholders of a text."""
    return _PLACEHOLDER.findall(text)


def fill(text: str, shown: Mapping[str, str]) -> str:
    """`text` with each `{name}` that `shown` has replaced; other braces stay as they are."""
    return _PLACEHOLDER.sub(lambda m: shown.get(m[1], m[0]), text)


def show_value(value: Any) -> str:
    """A drawn value as a learner reads it: [3, -1.5, 2], [[0, 1], [2, 3]], 0.25, 'text'."""
    if isinstance(value, str):
        return value
    if isinstance(value, np.ndarray | list | tuple):
        return "[" + ", ".join(show_value(v) for v in value) + "]"
    if isinstance(value, bool | np.bool_):
        return "true" if value else "false"
    if isinstance(value, int | np.integer):
        return str(int(value))
    if isinstance(value, float | np.floating):
        return show_number(float(value))
    raise TypeError(
        f"a value of type {type(value).__name__} cannot be shown to a learner: "
        "use numbers, strings, lists or numpy arrays"
    )


def show_answer(value: float) -> str:
    """A right answer as feedback gives it: six significant digits at most."""
    return show_number(value) if value.is_integer() else format(value, ".6g")


def show_number(value: float) -> str:
    """2.0 -> '2', 0.1 -> '0.1', 1/3 -> '0.333333': short, and exactly the number when it can be."""
    if value.is_integer() and abs(value) < 1e15:
        return str(int(value))
    short = format(value, ".6g")
    return short if float(short) == value else repr(value)
