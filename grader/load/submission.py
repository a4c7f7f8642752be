"""Read one learner's file for a module safely: without following links, without trusting
its size or bytes, a notebook turned into the code it holds.

The submissions folder is only ever read. A file that cannot be used (a link, too large,
not text, a broken notebook) becomes a `Submission` with a problem, so that it is reported
as an error and the rest of the class is graded.
"""

from __future__ import annotations

import os
import stat
from dataclasses import dataclass
from pathlib import Path

from grader.load.notebooks import NotebookProblem, NotebookSource, notebook_source
from grader.results import Note

__all__ = ["MAX_NOTEBOOK_BYTES", "MAX_SOURCE_BYTES", "SUFFIXES", "Submission", "read_submission"]

SUFFIXES = (".py", ".ipynb")  # in order of preference when nothing else decides
MAX_SOURCE_BYTES = 1024 * 1024
MAX_NOTEBOOK_BYTES = 20 * 1024 * 1024  # notebooks carry outputs and images
MAX_ANSWERS_BYTES = 64 * 1024  # a quiz's answers file (TOML), one short line per question


@dataclass(frozen=True)
class Submission:
    """One learner's file for one module, read and ready to grade (or why it is not)."""

    module: str
    path: Path | None
    source: str = ""
    problem: str = ""  # why the file cannot be graded; empty when it can
    notebook: NotebookSource | None = None  # how a notebook's cells map to `source`

    @property
    def filename(self) -> str | None:
        return self.path.name if self.path else None

    @property
    def notes(self) -> tuple[Note, ...]:
        return self.notebook.notes if self.notebook else ()


def read_submission(path: Path, module: str) -> Submission:
    """Read one learner file without following links and without trusting its size or bytes."""
    try:
        info = os.lstat(path)
    except FileNotFoundError:
        return Submission(module, None)
    except OSError as error:
        return Submission(module, path, problem=f"{path.name} cannot be read: {error.strerror}")
    problem = _problem(path, info)
    if problem:
        return Submission(module, path, problem=problem)
    return _decode(module, path)


def _problem(path: Path, info: os.stat_result) -> str:
    if stat.S_ISLNK(info.st_mode):
        return f"{path.name} is a symbolic link; submit the file itself"
    if not stat.S_ISREG(info.st_mode):
        return f"{path.name} is not a regular file"
    if info.st_size > (limit := _max_bytes(path)):
        return (
            f"{path.name} is {info.st_size // 1024} KB; a learner file may be at most "
            f"{limit // 1024} KB"
        )
    return ""


def _max_bytes(path: Path) -> int:
    limits = {".ipynb": MAX_NOTEBOOK_BYTES, ".toml": MAX_ANSWERS_BYTES}
    return limits.get(path.suffix, MAX_SOURCE_BYTES)


def _decode(module: str, path: Path) -> Submission:
    try:
        data = _read_no_follow(path)
    except OSError as error:
        return Submission(module, path, problem=f"{path.name} cannot be read: {error.strerror}")
    if path.suffix == ".ipynb":
        return _notebook(module, path, data)
    try:
        source = data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        return Submission(
            module,
            path,
            problem=(f"{path.name} is not UTF-8 text (byte {error.start}); save it as UTF-8"),
        )
    if "\x00" in source:
        return Submission(module, path, problem=f"{path.name} contains NUL bytes; is it text?")
    return Submission(module, path, source=source)


def _notebook(module: str, path: Path, data: bytes) -> Submission:
    converted = notebook_source(data, path.name)
    if isinstance(converted, NotebookProblem):
        return Submission(module, path, problem=converted.message)
    return Submission(module, path, source=converted.source, notebook=converted)


def _read_no_follow(path: Path) -> bytes:
    fd = os.open(path, os.O_RDONLY | os.O_NOFOLLOW | os.O_NONBLOCK)
    with os.fdopen(fd, "rb") as handle:
        return handle.read(_max_bytes(path) + 1)
