"""Load submissions: find each learner's files in a class folder and read them safely.

The submissions folder is only ever read. A file that cannot be used (a link, too large,
not text) becomes a `Submission` with a problem, so that it is reported as an error and
the rest of the class is graded.
"""

from __future__ import annotations

import os
import stat
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from .course import Module

__all__ = ["LearnerFiles", "Submission", "SubmissionsError", "find_learners", "near_misses", "read_submission"]

MAX_SOURCE_BYTES = 1024 * 1024


class SubmissionsError(Exception):
    """The submissions folder itself cannot be used."""


@dataclass(frozen=True)
class Submission:
    """One learner's file for one module, read and ready to grade (or why it is not)."""

    module: str
    path: Path | None
    source: str = ""
    problem: str = ""  # why the file cannot be graded; empty when it can

    @property
    def filename(self) -> str | None:
        return self.path.name if self.path else None


@dataclass(frozen=True)
class LearnerFiles:
    """A learner's folder: their id and where each module's file would be."""

    learner: str
    folder: Path

    def submission(self, module: Module) -> Submission:
        return read_submission(self.folder / module.filename, module.name)


def find_learners(submissions: Path) -> list[LearnerFiles]:
    """One entry per learner folder (the folder name is the learner id), sorted by id."""
    if not submissions.exists():
        raise SubmissionsError(f"{submissions}: no such folder")
    if not submissions.is_dir():
        raise SubmissionsError(f"{submissions} is a file: give the folder that holds one "
                               "folder per learner")
    return sorted(_learner_folders(submissions), key=lambda lf: lf.learner)


def _learner_folders(submissions: Path) -> Iterator[LearnerFiles]:
    for entry in os.scandir(submissions):
        if entry.name.startswith(".") or not entry.is_dir(follow_symlinks=False):
            continue
        yield LearnerFiles(entry.name, Path(entry.path))


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
    if info.st_size > MAX_SOURCE_BYTES:
        return (f"{path.name} is {info.st_size // 1024} KB; a learner file may be at most "
                f"{MAX_SOURCE_BYTES // 1024} KB")
    return ""


def _decode(module: str, path: Path) -> Submission:
    try:
        data = _read_no_follow(path)
    except OSError as error:
        return Submission(module, path, problem=f"{path.name} cannot be read: {error.strerror}")
    try:
        source = data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        return Submission(module, path, problem=(
            f"{path.name} is not UTF-8 text (byte {error.start}); save it as UTF-8"))
    if "\x00" in source:
        return Submission(module, path, problem=f"{path.name} contains NUL bytes; is it text?")
    return Submission(module, path, source=source)


def _read_no_follow(path: Path) -> bytes:
    fd = os.open(path, os.O_RDONLY | os.O_NOFOLLOW | os.O_NONBLOCK)
    with os.fdopen(fd, "rb") as handle:
        return handle.read(MAX_SOURCE_BYTES + 1)


def near_misses(folder: Path, module: Module) -> list[str]:
    """Files that look meant for `module` but are named differently (`Regression.py`, ...)."""
    try:
        names = os.listdir(folder)
    except OSError:
        return []
    return sorted(n for n in names
                  if n != module.filename and n.lower().startswith(module.name.lower()))
