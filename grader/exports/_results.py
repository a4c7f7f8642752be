"""The class files a grading run writes beside its reports: results.json and grades.csv."""

from __future__ import annotations

import json
from pathlib import Path

from .._atomic import write_atomic
from ..results import ClassResult
from ._table import table_csv

__all__ = ["grades_csv", "results_json", "write_grades_csv", "write_results_json"]


def results_json(result: ClassResult) -> str:
    return json.dumps(result.to_dict(), indent=2, ensure_ascii=False) + "\n"


def grades_csv(result: ClassResult) -> str:
    """One row per learner: learner, one column per module (the score that counts), total,
    the points taken off for lateness, and notes on penalties and overrides."""
    return table_csv(result, id_column="learner", columns=("total", "penalty", "notes"))


def write_results_json(result: ClassResult, path: Path) -> None:
    write_atomic(path, results_json(result))


def write_grades_csv(result: ClassResult, path: Path) -> None:
    write_atomic(path, grades_csv(result))
