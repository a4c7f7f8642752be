"""Instructor-only files handed in as a learner's work: found before grading, and refused.

Everything under the course's `solutions/` folder is the instructor's: reference solutions,
hidden checks, classic mistakes, quiz keys. A learner's file that *is* one of them (a hard
link, or a symbolic link to it) or a copy of one (byte for byte, with only spaces, tabs and
line endings changed, or pasted whole into a notebook's cells, among other code or not) would
earn the reference's points; a symbolic link out of the learner's folder hands in a file that
is not theirs. Such a file is refused with a message saying so, and the run tells the
instructor. The handed-out stubs are not instructor-only: a stub is never refused.

The instructor files are read and hashed once per course (a run loads its course once), so
each learner file costs an `lstat`, a dictionary look-up and a few substring searches.
"""

from __future__ import annotations

import os
import re
import stat
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING
from weakref import WeakKeyDictionary

if TYPE_CHECKING:
    from grader.course.settings import Course
    from grader.load.submission import Submission
    from grader.results import ModuleResult

__all__ = ["NOT_OWN_WORK", "InstructorFiles", "refused_as_not_own_work"]

NOT_OWN_WORK = "is not your own work"
MAX_READ = 4 * 1024 * 1024  # an instructor file larger than this is compared by inode only
# A shorter text (an empty __init__.py, a one-line file) is no evidence of copying.
MIN_TEXT = 80
_CELL_MARK = re.compile(r"^# %% cell \d+$", re.MULTILINE)  # see grader.load.notebooks

_known: WeakKeyDictionary[Course, InstructorFiles] = WeakKeyDictionary()


def _text(text: str) -> str:
    """Text as compared: without any spaces, tabs or line endings, which a copy may change."""
    return "".join(text.split())


@dataclass(frozen=True)
class InstructorFiles:
    """The course's instructor-only files, by inode and by text."""

    folder: Path  # the course's solutions/, resolved
    inodes: frozenset[tuple[int, int]]
    texts: tuple[str, ...]  # each compared text, longest first

    @classmethod
    def of(cls, course: Course) -> InstructorFiles:
        """The course's instructor files, read once per course."""
        if (known := _known.get(course)) is None:
            known = _known[course] = cls.read(course.root / "solutions", handed_out=_stubs(course))
        return known

    @classmethod
    def read(cls, solutions: Path, *, handed_out: frozenset[str] = frozenset()) -> InstructorFiles:
        """Every regular file under `solutions`; a text that a `handed_out` file (a stub, as
        compared) holds is left out, so that a stub is never taken for a copy."""
        inodes, texts = set(), set()
        for path, info in _files(solutions):
            inodes.add((info.st_dev, info.st_ino))
            if (text := _compared(path, info, handed_out)) is not None:
                texts.add(text)
        return cls(
            solutions.resolve(), frozenset(inodes), tuple(sorted(texts, key=len, reverse=True))
        )

    def refusal(self, submission: Submission, folder: Path) -> str:
        """Why `submission`, a file of the learner folder `folder`, is not the learner's own
        work, for the learner to read; empty when it may be graded."""
        path = submission.path
        if path is None:
            return ""
        if why := self.link_refusal(path, folder):
            return why
        if submission.problem or not submission.source:
            return ""
        return self._copy_refusal(submission)

    def link_refusal(self, path: Path, folder: Path) -> str:
        """Why the file at `path` is not the learner's own work by what it is, not what it
        says: an instructor file by another name (a hard link), or a symbolic link to one or
        out of the learner's `folder`; empty otherwise."""
        try:
            info = os.lstat(path)
        except OSError:
            return ""  # the reader says what is wrong with it
        if stat.S_ISLNK(info.st_mode):
            return self._link_refusal(path, folder)
        if (info.st_dev, info.st_ino) in self.inodes:
            return _refused(path, "it is one of the course's instructor-only files")
        return ""

    def _link_refusal(self, path: Path, folder: Path) -> str:
        target = Path(os.path.realpath(path))
        try:
            info = os.stat(path)
            linked = (info.st_dev, info.st_ino) in self.inodes
        except OSError:
            linked = False
        if linked or target == self.folder or self.folder in target.parents:
            return _refused(
                path, "it is a symbolic link to one of the course's instructor-only files"
            )
        if folder.resolve() not in target.parents:
            return _refused(
                path, "it is a symbolic link to a file outside your folder; hand in the file itself"
            )
        return ""  # a link inside the learner's folder: the reader refuses it as a link

    def _copy_refusal(self, submission: Submission) -> str:
        assert submission.path is not None
        source = submission.source
        if submission.notebook is not None:  # cells may split a pasted file anywhere
            source = _CELL_MARK.sub("", source)
        text = _text(source)
        if any(copied in text for copied in self.texts if len(copied) <= len(text)):
            where = "its cells hold" if submission.notebook is not None else "it is"
            return _refused(
                submission.path, f"{where} a copy of one of the course's instructor-only files"
            )
        return ""


def _refused(path: Path, why: str) -> str:
    return f"{path.name} {NOT_OWN_WORK}: {why}. Hand in a file you wrote yourself."


def refused_as_not_own_work(module: ModuleResult) -> bool:
    """Whether the module's result is the refusal of an instructor-only file."""
    return bool(module.file) and module.message.startswith(f"{module.file} {NOT_OWN_WORK}: ")


def _files(folder: Path) -> Iterator[tuple[Path, os.stat_result]]:
    for root, dirs, names in os.walk(folder):
        dirs[:] = [d for d in dirs if d != "__pycache__"]
        for name in names:
            path = Path(root) / name
            try:
                info = os.lstat(path)
            except OSError:
                continue
            if stat.S_ISREG(info.st_mode):
                yield path, info


def _compared(path: Path, info: os.stat_result, handed_out: frozenset[str]) -> str | None:
    """The file's text as compared for copies, or None when it is no evidence of one."""
    if info.st_size > MAX_READ or (text := _read_text(path)) is None or len(text) < MIN_TEXT:
        return None
    return None if any(text in stub for stub in handed_out) else text


def _read_text(path: Path) -> str | None:
    try:
        return _text(path.read_bytes().decode("utf-8-sig"))
    except (OSError, UnicodeDecodeError):
        return None


def _stubs(course: Course) -> frozenset[str]:
    texts = set()
    for module in course.modules:
        for stub in (module.stub, module.stub.with_suffix(".ipynb")):
            if stub.is_file() and (text := _read_text(stub)) is not None:
                texts.add(text)
    return frozenset(texts)
