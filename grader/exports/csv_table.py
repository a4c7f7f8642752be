"""A CSV for upload to a course platform: an id column named as the platform wants it, one
column per module and per quiz with the score that counts, total (their sum), percent, and
notes on penalties and overrides (leave them out for platforms that take every column as an
assignment)."""

from __future__ import annotations

from grader.exports._table import table_csv
from grader.results import ClassResult

__all__ = ["platform_csv"]


def platform_csv(result: ClassResult, *, id_column: str = "learner", notes: bool = True) -> str:
    columns = ("total", "max_score", "percent", *(("notes",) if notes else ()))
    return table_csv(result, id_column=id_column, columns=columns)
