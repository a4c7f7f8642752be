"""Data tables as a project's pipeline receives them: a dict of columns, one per CSV column.

A numeric column is a float array (a missing value is NaN); any other column is a list of
texts (a missing value is None). `pandas.DataFrame(table)` makes a frame of it, and the wire
to the sandbox carries it as it is. The course's files are the instructor's, but they are
still read within bounds: a table is a few thousand rows, never a download.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import Any

import numpy as np

from grader.errors import CourseProblem

__all__ = ["MAX_TABLE_BYTES", "Table", "TableError", "read_table", "rows", "without"]

Table = dict[str, Any]  # column name -> float array or list of str | None
MAX_TABLE_BYTES = 8 * 1024 * 1024
_MAX_COLUMNS = 200


class TableError(CourseProblem):
    """A course's data table cannot be read; the message names the file and the problem."""

    part = "data"


def read_table(path: Path | str) -> Table:
    """The CSV file at `path` as columns: numbers where every given value is one."""
    path = Path(path)
    try:
        with path.open("rb") as file:
            data = file.read(MAX_TABLE_BYTES + 1)
    except OSError as error:
        raise TableError(f"{path}: cannot be read: {error.strerror}") from None
    if len(data) > MAX_TABLE_BYTES:
        raise TableError(f"{path}: larger than {MAX_TABLE_BYTES // 1024 // 1024} MiB")
    try:
        lines = list(csv.reader(io.StringIO(data.decode("utf-8-sig"))))
    except (UnicodeDecodeError, csv.Error) as error:
        raise TableError(f"{path}: not a CSV file in UTF-8: {error}") from None
    if not lines or not lines[0]:
        raise TableError(f"{path}: no header line")
    header, body = lines[0], [line for line in lines[1:] if line]
    _check_shape(path, header, body)
    columns = list(zip(*body, strict=True)) if body else [()] * len(header)
    return {name: _column(values) for name, values in zip(header, columns, strict=True)}


def _check_shape(path: Path, header: Sequence[str], body: Sequence[Sequence[str]]) -> None:
    if len(header) > _MAX_COLUMNS or len(set(header)) != len(header):
        raise TableError(f"{path}: the header must name at most {_MAX_COLUMNS} distinct columns")
    for number, line in enumerate(body, start=2):
        if len(line) != len(header):
            raise TableError(f"{path}:{number}: {len(line)} values for {len(header)} columns")


def _column(values: Sequence[str]) -> Any:
    try:
        return np.array([float(v) if v.strip() else np.nan for v in values], dtype=float)
    except ValueError:
        return [v if v.strip() else None for v in values]


def rows(table: Table, index: Iterable[int]) -> Table:
    """The table's rows at `index`, in that order."""
    picked = np.asarray(list(index), dtype=int)
    return {
        name: column[picked] if isinstance(column, np.ndarray) else [column[i] for i in picked]
        for name, column in table.items()
    }


def without(table: Table, columns: Iterable[str]) -> Table:
    """The table less some columns."""
    dropped = set(columns)
    return {name: column for name, column in table.items() if name not in dropped}
