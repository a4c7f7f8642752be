"""Grade a learner's answers file against their own variant of a module's quiz.

Everything a learner can get wrong in the file is a result, never an exception: a missing
file is `missing` (0 of the quiz's points), a file that is not TOML is `error` with the line
and column, and every other mistake (an unknown question id, a text where a number is asked,
a choice that does not exist, no answer) costs only its own question, with a message. Only a
mistake of the course (a quiz that does not load) raises QuizFileError.

The file is the learner's, read in the grader's own process, so it is bounded before and
after tomllib reads it: its size (grader.load.submission), lines longer than MAX_LINE_CHARS and keys
dotted more than MAX_KEY_DEPTH deep (tomllib takes time quadratic in a dotted key's depth:
30,000 levels on one line took 26 s), nesting past what tomllib's recursion allows, and more
than MAX_ENTRIES keys. Each is an `error`
result that says what to fix; notes about keys that are no question are capped at MAX_NOTES.
"""

from __future__ import annotations

import difflib
import os
import re
import tomllib
from pathlib import Path
from typing import Any

from grader.load import read_submission
from grader.quiz._read_answer import MISSING
from grader.quiz._scoring import score_question
from grader.quiz.files import QuizFileError, answers_filename, load_generators, load_quiz
from grader.quiz.model import Quiz
from grader.quiz.variants import Variant, make_variant
from grader.results.quizzes import QuizResult, QuizStatus

__all__ = ["grade_answers", "grade_quiz", "instructor_variant"]

META_KEYS = ("learner", "variant")
MAX_KEY_DEPTH = 16  # dots in a key or a [table] header; an answers file's keys have none
MAX_LINE_CHARS = 2_000  # an answer's line; a short text answer takes a few dozen
MAX_ENTRIES = 500  # keys above [answers] and in it; a quiz has about ten questions
MAX_NOTES = 20


def instructor_variant(module: str, *, learner: str, course_root: Path) -> Variant:
    """`learner`'s variant with its answer keys. Raises QuizError when the quiz cannot be used."""
    quiz = load_quiz(module, course_root=course_root, side="instructor")
    generators = load_generators(module, course_root=course_root)
    if generators is None and any(q.type == "computed" for q in quiz.questions):
        raise QuizFileError(
            f"solutions/quizzes/{module}.py not found: the quiz's computed "
            "questions need their generators"
        )
    return make_variant(quiz, learner, generators)


def grade_quiz(module: str, answers: Path | None, *, learner: str, course_root: Path) -> QuizResult:
    """Grade `answers` (a learner's `<module>.quiz.toml`; None or a path that does not exist
    when they handed none in) against `learner`'s own variant."""
    if answers is None or not Path(answers).exists():  # no variant to draw: nothing to grade
        quiz = load_quiz(module, course_root=course_root, side="instructor")
        return _missing(quiz, learner, Path(answers).parent if answers else None)
    variant = instructor_variant(module, learner=learner, course_root=course_root)
    submission = read_submission(Path(answers), module)
    if submission.path is None:
        return _missing(variant.quiz, learner, Path(answers).parent)
    if submission.problem:
        return _failed(variant, submission.path.name, submission.problem)
    return _graded(variant, submission.source, submission.path.name, course_root)


def grade_answers(
    module: str, text: str, *, learner: str, course_root: Path, filename: str | None = None
) -> QuizResult:
    """Grade the text of an answers file: for quiz authors, to see how answers score."""
    variant = instructor_variant(module, learner=learner, course_root=course_root)
    return _graded(variant, text, filename or answers_filename(module), course_root)


def _base(variant: Variant, file: str | None, status: QuizStatus, **extra: Any) -> QuizResult:
    return QuizResult(
        variant.quiz.module,
        file,
        status,
        max_score=variant.quiz.max_score,
        title=variant.quiz.title,
        variant=variant.code,
        **extra,
    )


def _missing(quiz: Quiz, learner: str, folder: Path | None) -> QuizResult:
    module = quiz.module
    name = answers_filename(module)
    similar = _near_misses(folder, module) if folder else []
    found = (
        f"; found {', '.join(similar)}: the answers file must be named exactly {name}"
        if similar
        else ""
    )
    message = (
        f"{name} not found{found}: no points for this quiz. Make yours with "
        f"`grader quiz show {module} --learner {learner}`."
    )
    return QuizResult(
        module,
        None,
        QuizStatus.MISSING,
        max_score=quiz.max_score,
        title=quiz.title,
        message=message,
    )


def _near_misses(folder: Path, module: str) -> list[str]:
    try:
        names = os.listdir(folder)
    except OSError:
        return []
    exact = answers_filename(module)
    return sorted(
        n
        for n in names
        if n != exact and n.lower().startswith(module.lower()) and "quiz" in n.lower()
    )


def _failed(variant: Variant, file: str, message: str) -> QuizResult:
    return _base(
        variant,
        file,
        QuizStatus.ERROR,
        message=f"{message.rstrip('.')}. No question of this quiz was graded: fix "
        "the file and hand it in again.",
    )


def _graded(variant: Variant, text: str, file: str, course_root: Path) -> QuizResult:
    if problem := _shape_problem(text, file):
        return _failed(variant, file, problem)
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as error:
        return _failed(variant, file, _not_toml(error, text, file))
    except RecursionError:
        return _failed(
            variant,
            file,
            f"{file} nests lists or tables too deeply to be read: "
            "give each question one plain answer (q = 2.5, "
            'q = "b", q = ["a", "c"])',
        )
    answers = data.get("answers", {})
    if not isinstance(answers, dict):
        return _failed(
            variant,
            file,
            f"{file}: `answers` must be the [answers] table, one "
            "line per question (question_id = answer)",
        )
    if (entries := len(data) + len(answers)) > MAX_ENTRIES:
        return _failed(
            variant,
            file,
            f"{file} has {entries} keys; an answers file has one "
            f"line per question (at most {MAX_ENTRIES})",
        )
    answers, notes = _answers(variant, data, answers)
    other = _other_variant(variant, data, course_root)
    hints = _misspelt(variant, data, answers)
    questions = tuple(
        score_question(
            q,
            answers.get(q.id, MISSING),
            hint=hints.get(q.id, ""),
            other_answer=other.question(q.id).answer if other else None,
        )
        for q in variant.questions
    )
    notes += _variant_notes(variant, data)
    if len(notes) > MAX_NOTES:
        notes = [*notes[: MAX_NOTES - 1], f"... and {len(notes) - MAX_NOTES + 1} more notes"]
    return _base(variant, file, QuizStatus.GRADED, questions=questions, notes=tuple(notes))


def _shape_problem(text: str, file: str) -> str:
    """Why the file's lines are too long or its keys dotted too deep to read, or "" (see the
    module's docstring; a key cannot span lines, so a line's length bounds its depth)."""
    for number, line in enumerate(text.splitlines(), 1):
        if len(line) > MAX_LINE_CHARS:
            return (
                f"{file} line {number} is {len(line)} characters long; a line may hold at "
                f"most {MAX_LINE_CHARS}: write a long answer over several lines "
                'between triple quotes (q = """...""")'
            )
        header = line.lstrip().startswith("[")
        key = line.partition("=")[0] if "=" in line else line if header else ""
        if key.count(".") > MAX_KEY_DEPTH:
            return (
                f"{file} line {number}: a key dotted more than {MAX_KEY_DEPTH} levels "
                f"deep (`{key.strip()[:40]}…`); write one line per question: "
                "question_id = answer"
            )
    return ""


def _not_toml(error: tomllib.TOMLDecodeError, text: str, file: str) -> str:
    message = str(error)
    match = re.search(r"\s*\(at line (\d+), column (\d+)\)$", message)
    if not match:
        return f"{file} is not valid TOML: {message}"
    line = int(match[1])
    lines = text.splitlines()
    shown = lines[line - 1].strip() if line <= len(lines) else ""
    what = message[: match.start()].rstrip(".")
    where = f"line {line}, column {match[2]}" + (f" (`{shown[:60]}`)" if shown else "")
    return f"{file} is not valid TOML at {where}: {what[:1].lower()}{what[1:]}. " + _toml_hint(what)


def _toml_hint(what: str) -> str:
    if "overwrite" in what.lower():
        return "A question is answered twice: keep one line per question"
    return 'Choices and texts go in quotes (q = "b", q = ["a", "c"]), numbers without (q = 2.5)'


def _answers(
    variant: Variant, data: dict[str, Any], table: dict[str, Any]
) -> tuple[dict[str, Any], list[str]]:
    """The answers by question id (under [answers], or at the top level), and notes about
    the keys that are no question."""
    ids = [q.id for q in variant.questions]
    answers = {k: v for k, v in data.items() if k in ids}
    notes = [
        f"{k} is answered both above [answers] and in it: the answer in [answers] counts"
        for k in answers
        if k in table
    ]
    answers.update(table)
    for key in [k for k in table if k not in ids]:
        del answers[key]
        notes.append(
            f"[answers] has `{key}`, which is no question of this quiz: "
            f"ignored{_did_you_mean(key, ids)}"
        )
    unknown_top = [k for k in data if k not in ids and k not in (*META_KEYS, "answers")]
    notes += [
        f"`{k}` is no question of this quiz: ignored{_did_you_mean(k, ids)}" for k in unknown_top
    ]
    return answers, notes


def _did_you_mean(key: str, ids: list[str]) -> str:
    close = difflib.get_close_matches(key, ids, n=1, cutoff=0.7)
    return f" (did you mean `{close[0]}`?)" if close else ""


def _misspelt(variant: Variant, data: dict[str, Any], answers: dict[str, Any]) -> dict[str, str]:
    """For an unanswered question, the misspelt key its answer was probably given under."""
    ids = [q.id for q in variant.questions]
    given = [
        k
        for k in (*data, *data.get("answers", {}))
        if k not in ids and k not in (*META_KEYS, "answers")
    ]
    hints: dict[str, str] = {}
    for key in given:
        for close in difflib.get_close_matches(key, ids, n=1, cutoff=0.7):
            if close not in answers:
                hints[close] = (
                    f"(An answer was given under `{key}`, which is not this "
                    f"question's id `{close}`: it was not counted.)"
                )
    return hints


def _claimed(data: dict[str, Any]) -> tuple[str | None, str | None]:
    learner, code = data.get("learner"), data.get("variant")
    return (learner if isinstance(learner, str) else None, code if isinstance(code, str) else None)


def _other_variant(variant: Variant, data: dict[str, Any], course_root: Path) -> Variant | None:
    """The variant the answers file says it was made for, when it is another learner's."""
    learner, _ = _claimed(data)
    if not learner or learner == variant.learner:
        return None
    return instructor_variant(variant.quiz.module, learner=learner, course_root=course_root)


def _variant_notes(variant: Variant, data: dict[str, Any]) -> list[str]:
    learner, code = _claimed(data)
    module = variant.quiz.module
    remake = f"make your own with `grader quiz show {module} --learner {variant.learner}`"
    if learner and learner != variant.learner:
        return [
            f"This answers file was made for {learner}'s variant, not for yours: your "
            "computed questions and the order of your choices are your own, and were "
            f"graded as such ({remake})."
        ]
    if code and code != variant.code:
        return [
            f"This answers file was made for variant {code}, and yours is {variant.code}: "
            "the quiz changed since, or the file is someone else's. It was graded "
            f"against your variant ({remake})."
        ]
    return []
