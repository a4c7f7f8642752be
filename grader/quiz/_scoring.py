"""Score one answer of one question of a learner's variant, with the feedback that teaches.

The rules (the README's "Quizzes" section says them to learners):
  single choice    all the points for the right choice, none otherwise.
  multiple choice  points × max(0, (right choices chosen − wrong choices chosen) / right
                   choices): choosing everything earns nothing, and a blank earns nothing;
                   with `partial_credit = false`, all the points for exactly the right
                   choices and none otherwise.
  numeric          right when |answer − key| ≤ max(abs_tol, rel_tol × |key|); with no
                   tolerance, exact up to rounding (a relative 1e-9).
  text             right when the normalised answer equals a normalised accepted answer.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import replace
from typing import Any

from grader.quiz._read_answer import (
    Invalid,
    Unanswered,
    as_written,
    normalise,
    read_multiple,
    read_number,
    read_single,
    read_text,
)
from grader.quiz.variants import VariantQuestion, show_answer, show_number
from grader.results.quizzes import QuestionResult, QuestionStatus

__all__ = ["score_question"]

NOT_ANSWERED = "Not answered."
COURSE_FAULT = (
    "This question could not be graded, a problem of the course and not of your "
    "answer; your instructor can see why."
)


def score_question(
    question: VariantQuestion, raw: Any, *, other_answer: float | None = None, hint: str = ""
) -> QuestionResult:
    """`raw` is the learner's answer (MISSING when there is none); `other_answer` the answer of
    the variant the answers file was made for, when it was made for someone else's; `hint` a
    sentence about an answer given under a misspelt id."""
    if question.internal_error:
        return _result(
            question,
            QuestionStatus.ERROR,
            0.0,
            [COURSE_FAULT],
            raw,
            internal_error=question.internal_error,
        )
    result = _SCORERS[question.question.type](question, raw, other_answer)
    if hint and result.status is QuestionStatus.UNANSWERED:
        return _with_lead(result, hint)
    return result


def _result(
    question: VariantQuestion,
    status: QuestionStatus,
    fraction: float,
    lines: list[str],
    raw: Any,
    expected: str = "",
    internal_error: str = "",
) -> QuestionResult:
    points = question.question.points
    if question.explanation and not internal_error:
        lines = [*lines, question.explanation.strip()]
    return QuestionResult(
        question.id,
        question.title,
        status,
        round(points * fraction, 6),
        points,
        "\n".join(line for line in lines if line),
        as_written(raw),
        expected,
        internal_error,
    )


def _with_lead(result: QuestionResult, lead: str) -> QuestionResult:
    return replace(result, feedback=f"{lead}\n{result.feedback}")


def _choice_line(question: VariantQuestion, authored: int, mark: str = "") -> str:
    choice = question.question.choices[authored]
    line = f"{mark}({question.label_of(authored)}) {choice.text.strip()}"
    return f"{line} — {choice.feedback.strip()}" if choice.feedback.strip() else line


def _single(question: VariantQuestion, raw: Any, _other: float | None) -> QuestionResult:
    (right,) = question.question.correct_choices
    expected = question.label_of(right)
    answer_line = f"The answer is {_choice_line(question, right)}"
    position = read_single(raw, question.labels)
    if isinstance(position, Unanswered):
        return _result(
            question, QuestionStatus.UNANSWERED, 0, [NOT_ANSWERED, answer_line], raw, expected
        )
    if isinstance(position, Invalid):
        return _result(
            question,
            QuestionStatus.INVALID,
            0,
            [f"Your answer cannot be read: {position.message}.", answer_line],
            raw,
            expected,
        )
    chosen = question.order[position]
    if chosen == right:
        return _result(
            question,
            QuestionStatus.CORRECT,
            1,
            [f"Right: {_choice_line(question, chosen)}"],
            raw,
            expected,
        )
    return _result(
        question,
        QuestionStatus.INCORRECT,
        0,
        [f"You chose {_choice_line(question, chosen)}", answer_line],
        raw,
        expected,
    )


def _multiple(question: VariantQuestion, raw: Any, _other: float | None) -> QuestionResult:
    right = question.question.correct_choices
    expected = ", ".join(sorted(question.label_of(i) for i in right))
    answered = read_multiple(raw, question.labels)
    if isinstance(answered, Unanswered | Invalid):
        lead = (
            NOT_ANSWERED
            if isinstance(answered, Unanswered)
            else f"Your answer cannot be read: {answered.message}."
        )
        status = (
            QuestionStatus.UNANSWERED
            if isinstance(answered, Unanswered)
            else QuestionStatus.INVALID
        )
        lines = [
            lead,
            f"The right choices are {expected}:",
            *(_choice_line(question, i, "  ") for i in _in_order(question, right)),
        ]
        return _result(question, status, 0, lines, raw, expected)
    positions, unknown = answered
    chosen = frozenset(question.order[p] for p in positions)
    fraction = _fraction(question, chosen, right)
    status = (
        QuestionStatus.CORRECT
        if chosen == right
        else QuestionStatus.PARTIAL
        if fraction > 0
        else QuestionStatus.INCORRECT
    )
    lines = [_tally(question, chosen, right, fraction)]
    if unknown:
        lines.append(
            f"Ignored: {', '.join(unknown)} (no such choice; the choices are "
            f"{question.labels[0]} to {question.labels[-1]})."
        )
    lines += [
        _choice_line(question, i, _mark(i, chosen, right))
        for i in _in_order(question, chosen | right)
    ]
    return _result(question, status, fraction, lines, raw, expected)


def _fraction(question: VariantQuestion, chosen: frozenset[int], right: frozenset[int]) -> float:
    if not question.question.partial_credit:
        return 1.0 if chosen == right else 0.0
    wrong = len(chosen - right)
    return max(0.0, (len(chosen & right) - wrong) / len(right))


def _tally(
    question: VariantQuestion, chosen: frozenset[int], right: frozenset[int], fraction: float
) -> str:
    hits, wrong = len(chosen & right), len(chosen - right)
    said = (
        f"You chose {hits} of the {len(right)} right choice{'s' * (len(right) != 1)} and "
        f"{wrong} wrong one{'s' * (wrong != 1)}"
    )
    if not question.question.partial_credit:
        return f"{said}: this question gives its points only for exactly the right choices."
    return (
        f"{said}: ({hits} − {wrong}) / {len(right)} of the points"
        f"{', and never less than nothing' if hits < wrong else ''} = "
        f"{round(100 * fraction):g}%."
    )


def _mark(authored: int, chosen: frozenset[int], right: frozenset[int]) -> str:
    if authored in chosen:
        return "✔ " if authored in right else "✘ "
    return "missed "


def _in_order(question: VariantQuestion, authored: frozenset[int]) -> list[int]:
    """Authored choice indexes in the order this learner sees them."""
    return [i for i in question.order if i in authored]


def _numeric(question: VariantQuestion, raw: Any, other_answer: float | None) -> QuestionResult:
    key = question.answer if question.question.type == "computed" else question.question.answer
    assert key is not None, "a graded numeric question always has its key"
    tolerance = max(question.question.abs_tol, question.question.rel_tol * abs(key))
    shown_tolerance = tolerance >= 1e-4 * max(1.0, abs(key))  # smaller ones read as exact
    expected = show_answer(key) + (f" ± {show_number(tolerance)}" if shown_tolerance else "")
    whose = " for your numbers" if question.question.type == "computed" else ""
    answer_line = f"The answer{whose} is {expected}."
    value = read_number(raw)
    if isinstance(value, Unanswered):
        return _result(
            question, QuestionStatus.UNANSWERED, 0, [NOT_ANSWERED, answer_line], raw, expected
        )
    if isinstance(value, Invalid):
        return _result(
            question,
            QuestionStatus.INVALID,
            0,
            [f"Your answer cannot be read: {value.message}.", answer_line],
            raw,
            expected,
        )
    if _close(value, key, question):
        return _result(
            question, QuestionStatus.CORRECT, 1, [f"Right: {show_number(value)}."], raw, expected
        )
    lines = [f"You answered {show_number(value)}; {answer_line[0].lower()}{answer_line[1:]}"]
    if other_answer is not None and _close(value, other_answer, question):
        lines.append(
            "That is the right answer for the numbers of the variant this answers "
            "file was made for, not for yours: work with the numbers of your own "
            "variant."
        )
    return _result(question, QuestionStatus.INCORRECT, 0, lines, raw, expected)


def _close(value: float, key: float, question: VariantQuestion) -> bool:
    return math.isclose(
        value,
        key,
        rel_tol=max(question.question.rel_tol, 1e-9),
        abs_tol=max(question.question.abs_tol, 1e-12),
    )


def _text(question: VariantQuestion, raw: Any, _other: float | None) -> QuestionResult:
    accepted = question.question.accept
    sensitive = question.question.case_sensitive
    expected = accepted[0]
    answer_line = "Accepted: " + " or ".join(f'"{a}"' for a in accepted) + "."
    text = read_text(raw)
    if isinstance(text, Unanswered):
        return _result(
            question, QuestionStatus.UNANSWERED, 0, [NOT_ANSWERED, answer_line], raw, expected
        )
    if isinstance(text, Invalid):
        return _result(
            question,
            QuestionStatus.INVALID,
            0,
            [f"Your answer cannot be read: {text.message}.", answer_line],
            raw,
            expected,
        )
    given = normalise(text, case_sensitive=sensitive)
    if given in {normalise(a, case_sensitive=sensitive) for a in accepted}:
        return _result(
            question, QuestionStatus.CORRECT, 1, [f'Right: "{text.strip()}"'], raw, expected
        )
    return _result(
        question,
        QuestionStatus.INCORRECT,
        0,
        [f'You answered "{text.strip()}"', answer_line],
        raw,
        expected,
    )


_SCORERS: dict[str, Callable[..., QuestionResult]] = {
    "single": _single,
    "multiple": _multiple,
    "numeric": _numeric,
    "computed": _numeric,
    "text": _text,
}
