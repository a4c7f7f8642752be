"""Write a graded class where instructors and their tools read it: results.json, grades.csv."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

from ._atomic import write_atomic
from .results import ClassResult

__all__ = ["grades_csv", "results_json", "write_grades_csv", "write_results_json"]


def results_json(result: ClassResult) -> str:
    return json.dumps(result.to_dict(), indent=2, ensure_ascii=False) + "\n"


def grades_csv(result: ClassResult) -> str:
    """One row per learner: learner, one column per module, total."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(["learner", *result.modules, "total"])
    for learner in result.learners:
        scores = {m.module: m.score for m in learner.modules}
        writer.writerow([_cell(learner.learner), *(_number(scores.get(m, 0.0)) for m in result.modules),
                         _number(learner.score)])
    return buffer.getvalue()


def write_results_json(result: ClassResult, path: Path) -> None:
    write_atomic(path, results_json(result))


def write_grades_csv(result: ClassResult, path: Path) -> None:
    write_atomic(path, grades_csv(result))


def _cell(text: str) -> str:
    """Keep a spreadsheet from reading a learner id as a formula (CSV injection)."""
    return f"'{text}" if text[:1] in ("=", "+", "-", "@", "\t", "\r") else text


def _number(value: float) -> str:
    return f"{value:g}"
