"""The numbers of each learner's computed questions, as a release carries them, so that
`grader quiz show MODULE --learner ID` works in a learner's copy of the course.

A computed question's numbers come from the instructor's generators and reference solution,
which learners never receive. `grader release --roster` writes, per quiz, each roster
learner's numbers as the question's text shows them (never the answer, nor the other values
a generator returns for the explanation, which may work the answer out) and their variant's
code into `exercises/quizzes/<module>.sheets.json`, under a hash of the quiz id and the
learner id: the file that every learner downloads names nobody. The variant made from it is
the learner's own (same numbers, same order of choices, same code) as the instructor's.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path

from grader._data_files import read_data_file
from grader.quiz.files import QuizFileError, QuizFiles
from grader.quiz.variants import Variant, VariantQuestion, placeholders

__all__ = ["FORMAT", "Numbers", "Sheet", "learner_sheet", "sheets_document", "sheets_file"]

FORMAT = "grader quiz sheets 1"
MAX_BYTES = 32 * 1024 * 1024  # a course's file, but a damaged copy is read bounded

Numbers = Mapping[str, Mapping[str, str]]  # question id -> placeholder -> the text shown


@dataclass(frozen=True)
class Sheet:
    """What a release holds of one learner's variant of a quiz."""

    code: str  # the variant's code, which the answers template carries
    numbers: Numbers


def sheets_file(files: QuizFiles) -> Path:
    """Where a learner's copy keeps the numbers of `files`'s quiz."""
    return files.learner.with_name(f"{files.module}.sheets.json")


def _learner_key(quiz_id: str, learner: str) -> str:
    text = "\x1f".join(("sheet", quiz_id, learner))
    return hashlib.sha256(text.encode("utf-8", "surrogatepass")).hexdigest()


def sheets_document(module: str, quiz_id: str, variants: Iterable[Variant]) -> str:
    """The JSON text of a quiz's sheets for these learners' variants: their codes, and the
    numbers each computed question's text shows (no answers)."""
    learners = {
        _learner_key(quiz_id, v.learner): {
            "code": v.code,
            "numbers": {q.id: _shown(q) for q in v.questions if q.question.type == "computed"},
        }
        for v in variants
    }
    document = {"format": FORMAT, "module": module, "quiz": quiz_id, "learners": learners}
    return json.dumps(document, indent=1, sort_keys=True, ensure_ascii=False) + "\n"


def _shown(question: VariantQuestion) -> dict[str, str]:
    names = placeholders(question.question.text)
    return {name: value for name, value in question.params.items() if name in names}


def learner_sheet(files: QuizFiles, quiz_id: str, learner: str) -> Sheet | None:
    """`learner`'s sheet in a learner's copy; None when the copy has none for them.
    Raises QuizFileError when the file cannot be read."""
    path = sheets_file(files)
    if not path.is_file():
        return None
    try:
        document = read_data_file(
            path, format=FORMAT, what="a file of quiz sheets", max_bytes=MAX_BYTES
        )
        sheet = document["learners"].get(_learner_key(quiz_id, learner))
        return None if sheet is None else _checked(sheet)
    except (OSError, ValueError, KeyError, TypeError, AttributeError, RecursionError) as error:
        raise QuizFileError(
            f"{files.relative(path)} cannot be used ({error}): ask your instructor for a "
            "fresh copy of the course"
        ) from None


def _checked(sheet: dict[str, object]) -> Sheet:
    code, numbers = sheet["code"], sheet["numbers"]
    if (
        not isinstance(code, str)
        or not isinstance(numbers, dict)
        or not all(
            isinstance(shown, dict) and all(isinstance(v, str) for v in shown.values())
            for shown in numbers.values()
        )
    ):
        raise ValueError("a learner's sheet must be a code and texts by question and name")
    return Sheet(code, numbers)
