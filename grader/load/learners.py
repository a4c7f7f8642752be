"""A class folder's learners: find each learner's folder, the files they handed in for a
module, and which of them is graded.

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
import re
from collections.abc import Iterator
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from grader.course.settings import Module
from grader.errors import BadInput
from grader.load.instructor_only import NOT_OWN_WORK, InstructorFiles
from grader.load.submission import SUFFIXES, Submission, read_submission

__all__ = [
    "Choice",
    "LearnerFiles",
    "SubmissionsError",
    "choose",
    "find_learners",
    "near_misses",
    "refuse_instructor_files",
]


class SubmissionsError(BadInput):
    """The submissions folder itself cannot be used."""


@dataclass(frozen=True)
class LearnerFiles:
    """A learner's folder: their id and where each module's file would be."""

    learner: str
    folder: Path

    def submissions(
        self, module: Module, *, instructor: InstructorFiles | None = None
    ) -> list[Submission]:
        """The module's files this learner handed in: none, one, or a `.py` and a notebook;
        with `instructor`, a file that is not the learner's own work comes refused."""
        found = (
            read_submission(self.folder / f"{module.name}{suffix}", module.name)
            for suffix in SUFFIXES
        )
        return [
            refuse_instructor_files(submission, instructor, self.folder)
            for submission in found
            if submission.path is not None
        ]


def refuse_instructor_files(
    submission: Submission, instructor: InstructorFiles | None, folder: Path
) -> Submission:
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
        return Choice(
            (graded,),
            f"{graded.filename} was graded: {other.filename} is still as it was handed out",
        )
    if not changed:
        return Choice(
            (candidates[0],), f"{names} are both as handed out: {candidates[0].filename} was graded"
        )
    return Choice(
        tuple(candidates),
        f"{names} were both changed: both were graded and the higher score counts",
    )


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
        hint = (
            f" (a platform's zip: run `grader collect {submissions} --out CLASS` first)"
            if submissions.suffix.lower() == ".zip"
            else ""
        )
        raise SubmissionsError(
            f"{submissions} is a file: give the folder that holds one folder per learner{hint}"
        )
    learners = sorted(_learner_folders(submissions), key=lambda lf: lf.learner)
    if not learners and (loose := _loose_files(submissions)):
        count, names = loose
        raise SubmissionsError(
            f"{submissions} holds {count} but no learner folders: this looks like "
            f"{_download_of(names)}: run `grader collect {submissions} --out CLASS` first, "
            "then grade CLASS (one folder per learner, named by the learner's id)"
        )
    return learners


def _loose_files(submissions: Path) -> tuple[str, list[str]] | None:
    """How many files lie in `submissions` itself, in words, and their names: a download of
    loose files, where learner folders were expected; None for none. Counted up to a bound."""
    names: list[str] = []
    for entry in os.scandir(submissions):
        if entry.name.startswith(".") or not entry.is_file(follow_symlinks=False):
            continue
        names.append(entry.name)
        if len(names) == MAX_LOOSE_COUNTED:
            return f"{len(names)} files or more", names
    return (f"{len(names)} file{'s' if len(names) > 1 else ''}", names) if names else None


# How the platforms name the loose files of their downloads (grader.collect reads them all;
# these only name the platform in a message, so that the user knows what they hold).
DOWNLOADS = (
    (re.compile(r"_attempt_\d{4}(-\d\d){5}"), "a Blackboard download"),
    (re.compile(r"_assignsubmission_"), "a Moodle download"),
    (re.compile(r"^submission_metadata\.yml$"), "a Gradescope export"),
    (re.compile(r"^[^_]+(_LATE)?_\d+_(\d+_|text\.html)"), "a Canvas download"),
    (re.compile(r"\.zip$", re.IGNORECASE), "a course platform's zip"),
)


def _download_of(names: list[str]) -> str:
    for pattern, words in DOWNLOADS:
        if any(pattern.search(name) for name in names):
            return words
    return "a course platform's download of loose files"


MAX_SUBFOLDERS = 20  # of a learner's folder, looked into for a module's file one folder down
MAX_LOOSE_COUNTED = 1000  # files counted in a class folder that holds no learner folders

# Folders an archive tool leaves beside the learners' (macOS's resource forks): never a learner.
PLATFORM_LITTER = frozenset({"__MACOSX"})


def _learner_folders(submissions: Path) -> Iterator[LearnerFiles]:
    for entry in os.scandir(submissions):
        if entry.name.startswith(".") or entry.name in PLATFORM_LITTER:
            continue
        if not entry.is_dir(follow_symlinks=False):
            continue
        yield LearnerFiles(entry.name, Path(entry.path))


def near_misses(folder: Path, module: Module) -> list[str]:
    """Files that look meant for `module` but are named or placed differently: `Regression.py`,
    `regression (1).py`, or the module's own file one folder down (`homework/regression.py`,
    as an unzipped archive leaves it), given as a path from the learner's folder."""
    try:
        # the entries' types come with the listing: no file of the folder is looked at again
        entries = {entry.name: entry.is_dir(follow_symlinks=False) for entry in os.scandir(folder)}
    except OSError:
        return []
    exact = {f"{module.name}{suffix}" for suffix in SUFFIXES}
    misnamed = [
        n
        for n in entries
        if n not in exact
        and not n.endswith(".quiz.toml")
        and not n.lower().startswith(f"{module.name.lower()}-review-")  # a peer review form
        and n.lower().startswith(module.name.lower())
    ]
    subfolders = sorted(
        n
        for n, is_dir in entries.items()
        if is_dir and not n.startswith(".") and n not in PLATFORM_LITTER
    )
    return sorted(misnamed + _one_folder_down(folder, subfolders[:MAX_SUBFOLDERS], exact))


def _one_folder_down(folder: Path, subfolders: list[str], exact: set[str]) -> list[str]:
    """The module's files in these subfolders (the first MAX_SUBFOLDERS of the learner's, by
    name, so that a learner's tree of folders is not walked)."""
    return [
        f"{sub}/{name}"
        for sub in subfolders
        for name in sorted(exact)
        if _a_file(folder / sub / name)
    ]


def _a_file(path: Path) -> bool:
    return path.is_file() and not path.is_symlink()
