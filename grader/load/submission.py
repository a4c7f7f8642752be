"""Load submissions: find each learner's files in a class folder and read them safely.

The submissions folder is only ever read. A file that cannot be used (a link, too large,
not text, a broken notebook) becomes a `Submission` with a problem, so that it is reported
as an error and the rest of the class is graded.

A learner may hand in a module as `<module>.py` or `<module>.ipynb`. When both are there,
one rule decides, on the files' contents only (never their times, which unzipping and
downloads reset): a file still as it was handed out is not graded when the other was
changed; when both were changed, both are graded and the higher score counts; when neither
was, the `.py` is graded. The report says which file was graded and why. A file that is not
the learner's own work (an instructor-only file, a link to one, a copy of one, a link out of
their folder: see grader.load.instructor_only) decides the module alone: it is refused.
"""

from __future__ import annotations

import os
import stat
from collections.abc import Iterator
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from grader.course.settings import Module
from grader.load.instructor_only import NOT_OWN_WORK, InstructorFiles
from grader.load.notebooks import NotebookProblem, NotebookSource, notebook_source
from grader.results import Note

__all__ = [
    "Choice",
    "LearnerFiles",
    "Submission",
    "SubmissionsError",
    "choose",
    "find_learners",
    "near_misses",
    "read_submission",
    "refuse_instructor_files",
]

SUFFIXES = (".py", ".ipynb")  # in order of preference when nothing else decides
MAX_SOURCE_BYTES = 1024 * 1024
MAX_NOTEBOOK_BYTES = 20 * 1024 * 1024  # notebooks carry outputs and images
MAX_ANSWERS_BYTES = 64 * 1024  # a quiz's answers file (TOML), one short line per question


class SubmissionsError(Exception):
    """The submissions folder itself cannot be used."""


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


@dataclass(frozen=True)
class LearnerFiles:
    """A learner's folder: their id and where each module's file would be."""

    learner: str
    folder: Path

    def submissions(self, module: Module, *,
                    instructor: InstructorFiles | None = None) -> list[Submission]:
        """The module's files this learner handed in: none, one, or a `.py` and a notebook;
        with `instructor`, a file that is not the learner's own work comes refused."""
        found = (read_submission(self.folder / f"{module.name}{suffix}", module.name)
                 for suffix in SUFFIXES)
        return [refuse_instructor_files(submission, instructor, self.folder)
                for submission in found if submission.path is not None]


def refuse_instructor_files(submission: Submission, instructor: InstructorFiles | None,
                            folder: Path) -> Submission:
    """`submission` as it is, or refused when it is (or links to, or copies) an
    instructor-only file, or links out of the learner's `folder`."""
    if instructor is None or not (why := instructor.refusal(submission, folder)):
        return submission
    return Submission(submission.module, submission.path, problem=why)


@dataclass(frozen=True)
class Choice:
    """Which of a learner's files for one module are graded, and why, in a sentence."""

    graded: tuple[Submission, ...]
    why: str = ""


def choose(candidates: list[Submission], module: Module) -> Choice:
    """Apply the rule in this module's docstring to a learner's files for `module`; a file
    that is not the learner's own work is what the module is graded by, whatever else."""
    if len(candidates) < 2:
        return Choice(tuple(candidates))
    if refused := [c for c in candidates if _not_own_work(c)]:
        return Choice((refused[0],))
    changed = [c for c in candidates if not _as_handed_out(c, module)]
    names = " and ".join(str(c.filename) for c in candidates)
    if len(changed) == 1:
        (graded,) = changed
        other = next(c for c in candidates if c is not graded)
        return Choice((graded,), f"{graded.filename} was graded: {other.filename} is still "
                                 "as it was handed out")
    if not changed:
        return Choice((candidates[0],), f"{names} are both as handed out: "
                                        f"{candidates[0].filename} was graded")
    return Choice(tuple(candidates), f"{names} were both changed: both were graded and the "
                                     "higher score counts")


def _not_own_work(submission: Submission) -> bool:
    return submission.problem.startswith(f"{submission.filename} {NOT_OWN_WORK}: ")


def _as_handed_out(submission: Submission, module: Module) -> bool:
    if submission.problem:
        return False
    handout = module.stub if submission.notebook is None else module.stub.with_suffix(".ipynb")
    return _normal(submission.source) == _handout_source(handout)


@cache
def _handout_source(path: Path) -> str | None:
    if not path.is_file():
        return None
    return _normal(read_submission(path, path.stem).source)


def _normal(source: str) -> str:
    return "\n".join(line.rstrip() for line in source.strip().splitlines())


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
    if info.st_size > (limit := _max_bytes(path)):
        return (f"{path.name} is {info.st_size // 1024} KB; a learner file may be at most "
                f"{limit // 1024} KB")
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
        return Submission(module, path, problem=(
            f"{path.name} is not UTF-8 text (byte {error.start}); save it as UTF-8"))
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


def near_misses(folder: Path, module: Module) -> list[str]:
    """Files that look meant for `module` but are named differently (`Regression.py`, ...)."""
    try:
        names = os.listdir(folder)
    except OSError:
        return []
    exact = {f"{module.name}{suffix}" for suffix in SUFFIXES}
    return sorted(n for n in names if n not in exact and not n.endswith(".quiz.toml")
                  and n.lower().startswith(module.name.lower()))
