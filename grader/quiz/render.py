"""Show a learner their variant of a quiz, as text or as a page, with an answers template.

One render function per format over the same Variant, each a jinja2 template in
grader/quiz/templates/ (HTML autoescaped: question texts and learner ids are never markup).
"""

from __future__ import annotations

import re
from dataclasses import replace
from functools import cache
from pathlib import Path

from jinja2 import Environment, PackageLoader, StrictUndefined
from markupsafe import Markup, escape

from grader._atomic import write_atomic
from grader.quiz import _toml
from grader.quiz.files import (
    QuizFileError,
    QuizFiles,
    QuizInputError,
    answers_filename,
    load_generators,
    load_quiz,
)
from grader.quiz.grading import instructor_variant
from grader.quiz.model import Choice, Question, Quiz
from grader.quiz.released import Sheet, learner_sheet, sheets_file
from grader.quiz.variants import Variant, VariantQuestion, make_variant

__all__ = [
    "answer_key",
    "learner_variant",
    "quiz_template",
    "render_learner_file",
    "show_quiz",
    "show_quiz_html",
    "write_quiz_handout",
]

RULES = (
    "Scoring: a single-choice question earns its points for the right choice. A "
    "select-all-that-apply question earns points × (right choices chosen − wrong choices "
    "chosen) / right choices, never less than 0. A number is right within the stated "
    "precision. A short text is compared ignoring case, spaces around and between words, "
    "and a final full stop."
)


@cache
def _environment() -> Environment:
    environment = Environment(
        loader=PackageLoader("grader.quiz", "templates"),
        autoescape=lambda name: bool(name and name.endswith(".html.j2")),
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )
    environment.filters.update(
        points=_points,
        how=_how,
        code_spans=_code_spans,
        toml=_toml.string,
        toml_value=_toml.value,
        number=_toml.number,
        listed=_listed,
        one_line=lambda text: " ".join(text.split()),
    )
    return environment


def _points(value: float) -> str:
    shown = f"{round(value, 2):g}"
    return f"{shown} point" if value == 1 else f"{shown} points"


def _how(question: VariantQuestion) -> str:
    """How to answer, in a few words."""
    labels = question.labels
    if question.question.type == "single":
        return f"choose one, {labels[0]} to {labels[-1]}"
    if question.question.type == "multiple":
        rule = "partial credit" if question.question.partial_credit else "all or nothing"
        return f"choose all that apply, {labels[0]} to {labels[-1]}; {rule}"
    return "a short text" if question.question.type == "text" else "a number"


def _code_spans(text: str) -> Markup:
    """Escape `text`, then show `backquoted` parts as code."""
    return Markup(re.sub(r"`([^`\n]+)`", r"<code>\1</code>", str(escape(text))))


def learner_variant(module: str, *, learner: str, course_root: Path) -> Variant:
    """The variant `learner` sees: from the instructor's files when they are there, else from
    the learners' copy, whose computed questions take the numbers a release recorded for the
    learner (grader.quiz.released): without them, it cannot show those questions."""
    quiz = load_quiz(module, course_root=course_root)
    if quiz.has_keys:
        variant = instructor_variant(module, learner=learner, course_root=course_root)
    else:
        generators = load_generators(module, course_root=course_root)
        variant = make_variant(quiz, learner, generators)
        if generators is None and any(q.type == "computed" for q in quiz.questions):
            sheet = _released_sheet(quiz, learner, course_root)
            variant = replace(make_variant(quiz, learner, None, sheet.numbers), code=sheet.code)
    if broken := [q for q in variant.questions if q.internal_error]:
        raise QuizFileError(
            f"question {broken[0].id!r} of the {module} quiz cannot be shown: "
            f"{broken[0].internal_error}"
        )
    return variant


def _released_sheet(quiz: Quiz, learner: str, course_root: Path) -> Sheet:
    """`learner`'s numbers for a quiz's computed questions, from a release's sheets."""
    files = QuizFiles(course_root, quiz.module)
    sheet = learner_sheet(files, quiz.id, learner)
    if sheet is not None:
        return sheet
    if sheets_file(files).is_file():
        raise QuizInputError(
            f"the {quiz.module} quiz has computed questions, whose numbers are each "
            f"learner's own, and this copy of the course has none for {learner!r}: check "
            "that the id is the one your instructor gave you, or ask your instructor for "
            "your quiz sheet"
        )
    raise QuizInputError(
        f"the {quiz.module} quiz has computed questions, whose numbers come "
        "from the instructor's copy of the course (solutions/quizzes/): "
        "ask your instructor for your variant, your quiz sheet"
    )


def _context(variant: Variant) -> dict[str, object]:
    blank = {q.id: "[]" if q.question.type == "multiple" else '""' for q in variant.questions}
    return {
        "variant": variant,
        "module": variant.quiz.module,
        "key": False,
        "values": blank,
        "filename": answers_filename(variant.quiz.module),
        "rules": RULES,
    }


def render_learner_file(quiz: Quiz) -> str:
    """The learners' copy of an instructor's quiz: the same questions, without the keys.

    Choices that are shuffled are listed in the order of their texts, never the author's,
    which often puts the right one first."""
    return _environment().get_template("learner_quiz.toml.j2").render(quiz=quiz)


def _listed(question: Question) -> list[Choice]:
    if not question.shuffle:
        return list(question.choices)
    return sorted(question.choices, key=lambda choice: (choice.text.casefold(), choice.text))


def _render(name: str, variant: Variant, **context: object) -> str:
    return _environment().get_template(name).render(**(_context(variant) | context))


def quiz_template(module: str, *, learner: str, course_root: Path) -> str:
    """The answers file `learner` fills in: TOML, every question blank."""
    return _render(
        "answers.toml.j2", learner_variant(module, learner=learner, course_root=course_root)
    )


def show_quiz(module: str, *, learner: str, course_root: Path) -> str:
    """`learner`'s variant as text, followed by their answers template."""
    variant = learner_variant(module, learner=learner, course_root=course_root)
    return _render("quiz.txt.j2", variant, template=_render("answers.toml.j2", variant))


def show_quiz_html(module: str, *, learner: str, course_root: Path) -> str:
    """`learner`'s variant as a self-contained HTML page, with their answers template."""
    variant = learner_variant(module, learner=learner, course_root=course_root)
    return _render("quiz.html.j2", variant, template=_render("answers.toml.j2", variant))


def write_quiz_handout(
    module: str,
    *,
    learner: str,
    course_root: Path,
    html: Path | None = None,
    answers: Path | None = None,
) -> list[Path]:
    """Write `learner`'s variant as a page to `html` and their answers template to `answers`;
    the files written. An `answers` file that exists is never replaced: it may hold answers."""
    if answers is not None and (answers.exists() or answers.is_symlink()):
        raise QuizInputError(
            f"{answers} exists: not replaced, as it may hold answers; give "
            "another file name or move it away"
        )
    written = []
    if html is not None:
        write_atomic(html, show_quiz_html(module, learner=learner, course_root=course_root))
        written.append(html)
    if answers is not None:
        write_atomic(answers, quiz_template(module, learner=learner, course_root=course_root))
        written.append(answers)
    return written


def answer_key(module: str, *, learner: str, course_root: Path) -> str:
    """An answers file with the right answers of `learner`'s variant (instructors only)."""
    variant = instructor_variant(module, learner=learner, course_root=course_root)
    return _render(
        "answers.toml.j2",
        variant,
        key=True,
        values={q.id: _right_answer(q) for q in variant.questions},
    )


def _right_answer(question: VariantQuestion) -> str:
    kind = question.question.type
    if kind == "single":
        (right,) = question.question.correct_choices
        return _toml.string(question.label_of(right))
    if kind == "multiple":
        labels = sorted(question.label_of(i) for i in question.question.correct_choices)
        return _toml.value(labels)
    if kind == "text":
        return _toml.string(question.question.accept[0])
    answer = question.answer if kind == "computed" else question.question.answer
    assert answer is not None, "an instructor's variant has every answer"
    return _toml.number(answer)
