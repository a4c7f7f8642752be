"""Read a notebook file: its bytes, then JSON, then a valid notebook of format 4, each step
bounded, since the file is the learner's and this is the grader's own process: at most
MAX_CELLS cells, MAX_CODE_CHARS characters of code, JSON nested at most MAX_JSON_DEPTH deep.
Whatever is wrong with it is an `Unreadable` whose message says so, for the learner."""

from __future__ import annotations

import json
import re
import warnings
from pathlib import PurePath
from typing import Any

__all__ = [
    "MAX_CELLS",
    "MAX_CODE_CHARS",
    "MAX_JSON_DEPTH",
    "Unreadable",
    "read_notebook",
    "run_order",
]

MAX_CELLS = 2_000  # of every kind; a long course notebook has a few hundred
MAX_CODE_CHARS = 256 * 1024  # the code cells' sources together; a course notebook holds 20 KB
MAX_JSON_DEPTH = 64  # a notebook as Jupyter saves it is nested about 8 deep, widgets 15


class Unreadable(Exception):
    """The notebook cannot be graded; the message says why, for the learner."""


def read_notebook(data: bytes, filename: str) -> tuple[Any, list[str]]:
    text = _decode(data, filename)
    raw = _parse_json(text, filename)
    _check_depth(text, filename)
    version = _version(raw, filename)
    _check_size(_raw_cells(raw), filename)
    text = json.dumps(_without_outputs(raw, version))
    import nbformat  # here, not at the top: it costs ~0.1 s, which only notebooks should pay

    # nbformat.reads(text, as_version=4) in its three steps (read, convert, validate), because
    # it logs a validation error to stderr before the grader can report it; and quietly,
    # because nbformat warns about cell ids it repairs, which is nothing to grade.
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        notebook = _upgraded(nbformat, text, version, filename)
        try:
            nbformat.validate(notebook)
        except nbformat.ValidationError as error:
            raise Unreadable(_invalid(error, filename)) from None
    _check_language(notebook, filename)
    if version < 4:
        return notebook, [
            f"the notebook was saved by an old IPython Notebook (format {version}) "
            "and was converted to today's format 4 to be graded"
        ]
    return notebook, []


def _decode(data: bytes, filename: str) -> str:
    if not data.strip():
        raise Unreadable(f"{filename} is empty: open it in Jupyter, save it and submit it again")
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        raise Unreadable(
            f"{filename} is not UTF-8 text (byte {error.start}), as every notebook "
            "Jupyter saves is: save it again from Jupyter"
        ) from None


def _parse_json(text: str, filename: str) -> Any:
    try:
        return json.loads(text)
    except json.JSONDecodeError as error:
        raise Unreadable(_not_json(text, error, filename)) from None
    except RecursionError:
        raise Unreadable(_too_deep(filename)) from None
    except ValueError as error:
        raise Unreadable(f"{filename} cannot be read as a notebook: {error}") from None


def _too_deep(filename: str) -> str:
    return (
        f"{filename} is nested more than {MAX_JSON_DEPTH} levels deep, which no notebook "
        "Jupyter saves is: save it again from Jupyter"
    )


# Strings and everything else but brackets: what is left of valid JSON is its nesting alone.
_NOT_BRACKETS = re.compile(r'"[^"\\]*(?:\\.[^"\\]*)*"|[^\[\]{}"]+')
_INNERMOST = re.compile(r"\[\]|\{\}")


def _check_depth(text: str, filename: str) -> None:
    """Deep nesting costs nbformat's validation recursion and time: refuse it first. Each
    pass takes away the innermost level everywhere, at the speed of a regular expression."""
    brackets = _NOT_BRACKETS.sub("", text)
    for _ in range(MAX_JSON_DEPTH):
        if not brackets:
            return
        brackets = _INNERMOST.sub("", brackets)
    if brackets:
        raise Unreadable(_too_deep(filename))


def _raw_cells(raw: dict[str, Any]) -> list[Any]:
    """The notebook's cells as JSON, before nbformat reads them: format 4's `cells`, or the
    cells of an older format's worksheets; whatever is malformed, nbformat reports."""
    if isinstance(raw.get("cells"), list):
        return list(raw["cells"])
    sheets = raw.get("worksheets")
    return (
        [
            cell
            for sheet in sheets
            if isinstance(sheet, dict) and isinstance(sheet.get("cells"), list)
            for cell in sheet["cells"]
        ]
        if isinstance(sheets, list)
        else []
    )


def _check_size(cells: list[Any], filename: str) -> None:
    if len(cells) > MAX_CELLS:
        raise Unreadable(
            f"{filename} has {len(cells)} cells; a notebook may have at most "
            f"{MAX_CELLS}: delete the cells your solution does not need"
        )
    code = sum(_code_length(cell) for cell in cells)
    if code > MAX_CODE_CHARS:
        raise Unreadable(
            f"{filename} holds {code // 1024} KB of code; its code cells may "
            f"hold at most {MAX_CODE_CHARS // 1024} KB: keep only your solution's "
            "code, and no data pasted into cells"
        )


def _code_length(cell: Any) -> int:
    if not isinstance(cell, dict) or cell.get("cell_type") != "code":
        return 0
    source = cell.get("source", cell.get("input"))  # format 4, or older formats
    if isinstance(source, list):
        return sum(len(part) for part in source if isinstance(part, str))
    return len(source) if isinstance(source, str) else 0


def _without_outputs(raw: dict[str, Any], version: int) -> dict[str, Any]:
    """The notebook without what grading ignores and only costs time to validate: outputs,
    attachments, and metadata other than the kernel's language (a million keys in a cell's
    metadata took 10 s)."""
    for cell in _raw_cells(raw):
        if isinstance(cell, dict):
            cell.update({key: [] for key in ("outputs",) if key in cell})
            cell.pop("attachments", None)
            if isinstance(cell.get("metadata"), dict):
                cell["metadata"] = {}
    metadata = raw.get("metadata")
    if version >= 4 and isinstance(metadata, dict):
        raw["metadata"] = {
            key: metadata[key] for key in ("kernelspec", "language_info") if key in metadata
        }
    return raw


def _not_json(text: str, error: json.JSONDecodeError, filename: str) -> str:
    if error.pos >= len(text.rstrip()) or error.msg.startswith("Unterminated string"):
        return (
            f"{filename} is cut off: its JSON stops at line {error.lineno} before the "
            "notebook ends; the file was not saved or copied completely"
        )
    if re.match(r"\s*(import |from |def |class |#|\"\"\")", text):
        return (
            f"{filename} is not a notebook: it looks like Python code; name it "
            f"{PurePath(filename).stem}.py"
        )
    return (
        f"{filename} is not a notebook: it is not valid JSON (line {error.lineno}, "
        f"column {error.colno}: {error.msg})"
    )


def _version(raw: Any, filename: str) -> int:
    if not isinstance(raw, dict) or "nbformat" not in raw:
        raise Unreadable(
            f'{filename} is JSON but not a Jupyter notebook: it has no "nbformat" field'
        )
    version = raw["nbformat"]
    if not isinstance(version, int) or isinstance(version, bool) or version < 1:
        raise Unreadable(
            f"{filename} has an unknown notebook format {version!r}: save it again from Jupyter"
        )
    if version > 4:
        raise Unreadable(
            f"{filename} is in notebook format {version}, newer than the format 4 "
            "the grader reads: save it from Jupyter in format 4"
        )
    return version


def _upgraded(nbformat: Any, text: str, version: int, filename: str) -> Any:
    try:
        return nbformat.convert(nbformat.reader.reads(text), 4)
    except Exception as error:  # noqa: BLE001 - an old or broken notebook may fail anyhow
        if version < 4:
            raise Unreadable(
                f"{filename} was saved by a very old Jupyter (notebook format "
                f"{version}); open and save it again in Jupyter 4+"
            ) from None
        if isinstance(error, nbformat.ValidationError):
            raise Unreadable(_invalid(error, filename)) from None
        raise Unreadable(
            f"{filename} is not a valid notebook: its structure cannot be read"
        ) from None


def _invalid(error: Exception, filename: str) -> str:
    """A schema violation, briefly: where in the notebook, and what."""
    message = str(getattr(error, "message", None) or error).splitlines()[0]
    if message.endswith("is not valid under any of the given schemas"):
        message = "matches none of the forms the notebook format allows"
    elif message.startswith("The notebook is invalid and is missing an expected key: "):
        message = f"no {message.rsplit(': ', 1)[1]!r} field"
    if where := _json_place(list(getattr(error, "absolute_path", None) or ())):
        message = f"{where}: {message}"
    return f"{filename} is not a valid notebook: {message}"[:300]


def _json_place(path: list[Any]) -> str:
    if len(path) >= 2 and path[0] == "cells" and isinstance(path[1], int):
        rest = ".".join(str(p) for p in path[2:])
        return f"cell {path[1] + 1}" + (f", {rest}" if rest else "")
    return ".".join(str(p) for p in path)


def _check_language(notebook: Any, filename: str) -> None:
    metadata = notebook.get("metadata", {})
    language = (
        (metadata.get("kernelspec") or {}).get("language")
        or (metadata.get("language_info") or {}).get("name")
        or "python"
    )
    if isinstance(language, str) and not language.lower().startswith(("python", "ipython")):
        raise Unreadable(
            f"{filename} is a notebook in {language}, not Python: this course's "
            "exercises are written in Python"
        )


def run_order(notebook: Any) -> list[str]:
    """A note when the learner last ran the code cells in another order than they appear."""
    counted = [
        (number, cell.get("execution_count"))
        for number, cell in enumerate(notebook.cells, 1)
        if cell.cell_type == "code" and isinstance(cell.get("execution_count"), int)
    ]
    for (above, count), (below, later) in zip(counted, counted[1:], strict=False):
        if later < count:
            return [
                f"the cells were last run out of order in Jupyter (cell {above} shows "
                f"In [{count}], cell {below} below it In [{later}]); the grader runs the "
                "code cells top to bottom, as Restart Kernel and Run All Cells does"
            ]
    return []
