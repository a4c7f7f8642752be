"""`grader release`: write what learners receive, built step by step from the course.

    OUT/exercises/course.toml                  the course's settings, as they are
    OUT/exercises/<module>.py, <module>.ipynb  each stub, and its notebook regenerated from it
    OUT/exercises/checks/test_<module>.py      the public checks (and helpers they import)
    OUT/exercises/checks/mistakes_<module>.json   the classic mistakes' answers to them
    OUT/exercises/quizzes/<module>.toml        the learners' copies of the quizzes
    OUT/exercises/quizzes/<module>.sheets.json    with a roster: their computed numbers
    OUT/exercises/data/<folder>/*.csv, README.md  the data modules work on, and its card
    OUT/GUIDE.md                               the guide for learners
    OUT/<course>.zip                           exercises/ and GUIDE.md: what learners download
    OUT/sheets/<learner>/<module>.quiz.html, .quiz.toml   with a roster: each one's quiz sheet

Nothing is copied from solutions/: every file is either one of exercises/ that learners are
meant to have or written afresh from the course (notebooks, quizzes, tables).
"""

from __future__ import annotations

import ast
import json
import re
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from grader import __version__
from grader._atomic import write_atomic
from grader.course import Course, Module
from grader.load.learner_ids import file_stem
from grader.load.roster import Roster
from grader.quiz.authoring import learner_copy
from grader.quiz.files import QuizFiles, load_quiz, quiz_modules
from grader.quiz.grading import instructor_variant
from grader.quiz.released import sheets_document, sheets_file
from grader.quiz.render import write_quiz_handout
from grader.release.folder import MARKER, building, refuse_unusable
from grader.release.guide import guide_text
from grader.release.mistakes import mistakes_table
from grader.release.notebooks import notebook_text

__all__ = ["Released", "release_course"]

ZIP_TIME = (2000, 1, 1, 0, 0, 0)  # the same bytes for the same course, whenever released
# What of exercises/data/ learners receive: one level of folders, each with its tables and its
# card. Anything else there (a script, a draft, a link) stays with the course's author.
DATA_FILES = ("*.csv", "README.md")


@dataclass(frozen=True)
class Released:
    """What a release wrote."""

    out: Path
    zip: Path
    files: int  # in the bundle, the zip included
    learners: tuple[str, ...] = ()  # those given a quiz sheet, in the roster's order


def release_course(*, course: Course, out: Path, roster: Roster | None = None) -> Released:
    """Write what learners receive into `out` (new, empty, or an earlier release, which is
    replaced whole); with `roster`, each learner's quiz sheet too. Raises ReleaseError for an
    `out` it must not fill, and the course's errors for a course it cannot release."""
    refuse_unusable(out, course)
    zip_name = f"{_slug(course.title)}.zip"
    with building(out) as staging:
        exercises = staging / "exercises"
        quizzes = _write_exercises(course, exercises)
        learners = _write_sheets(course, staging, quizzes, roster) if roster else ()
        data = _data_folders(course.root / "exercises")
        guide = guide_text(course, quizzes=quizzes, sheets=bool(roster), data=data)
        _write(staging / "GUIDE.md", guide)
        _zip(staging / zip_name, staging, [exercises, staging / "GUIDE.md"])
        files = sum(1 for p in staging.rglob("*") if p.is_file())
        marker = {"grader": __version__, "course": course.title, "files": files}
        _write(staging / MARKER, json.dumps(marker, indent=1) + "\n")
    return Released(out, out / zip_name, files, learners)


def _write_exercises(course: Course, exercises: Path) -> tuple[str, ...]:
    """Everything of exercises/ learners receive; the modules that have a quiz."""
    _write(exercises / "course.toml", (course.root / "exercises" / "course.toml").read_bytes())
    for module in course.modules:
        _write(exercises / module.stub.name, module.stub.read_bytes())
        _write(exercises / f"{module.name}.ipynb", notebook_text(module.stub))
        for check_file in _public_check_files(module):
            _write(exercises / "checks" / check_file.name, check_file.read_bytes())
        if (table := mistakes_table(module)) is not None:
            _write(exercises / "checks" / f"mistakes_{module.name}.json", table)
    for data_file in _data_files(course.root / "exercises"):
        _write(exercises / data_file, (course.root / "exercises" / data_file).read_bytes())
    quizzes = quiz_modules(course.root)
    for name in quizzes:
        _write(exercises / "quizzes" / f"{name}.toml", _learner_quiz(QuizFiles(course.root, name)))
    return quizzes


def _public_check_files(module: Module) -> Iterator[Path]:
    """The module's public checks, and the files beside them that they import (and those
    import), never anything else of the folder."""
    if not module.public_checks.is_file():
        return
    folder, seen = module.public_checks.parent, set()
    waiting = [module.public_checks]
    while waiting:
        path = waiting.pop()
        if path in seen:
            continue
        seen.add(path)
        yield path
        waiting += [folder / f"{name}.py" for name in _imported(path)]


def _data_files(exercises: Path) -> list[Path]:
    """The files of exercises/data/<folder>/ that DATA_FILES allows, relative to exercises/:
    regular files only, so that a link can never carry a file from elsewhere (solutions/data,
    say) into the bundle."""
    data = exercises / "data"
    if not data.is_dir() or data.is_symlink():
        return []
    folders = [f for f in sorted(data.iterdir()) if f.is_dir() and not f.is_symlink()]
    found = {
        path
        for folder in folders
        for pattern in DATA_FILES
        for path in folder.glob(pattern)
        if path.is_file() and not path.is_symlink()
    }
    return sorted(path.relative_to(exercises) for path in found)


def _data_folders(exercises: Path) -> tuple[str, ...]:
    """The folders of exercises/data/ the bundle carries files of."""
    return tuple(dict.fromkeys(path.parts[1] for path in _data_files(exercises)))


def _imported(path: Path) -> Iterator[str]:
    """The top-level names `path` imports that are files beside it."""
    tree = ast.parse(path.read_text(encoding="utf-8"), str(path))
    for node in ast.walk(tree):
        names = []
        if isinstance(node, ast.Import):
            names = [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            names = [node.module]
        for name in names:
            first = name.partition(".")[0]
            if (path.parent / f"{first}.py").is_file():
                yield first


def _learner_quiz(files: QuizFiles) -> str:
    """The learners' copy as `grader quiz build` writes it; a course with only a learners'
    copy (no key) has it as it is."""
    if files.source.is_file():
        return learner_copy(files)
    return files.learner.read_text(encoding="utf-8")


def _write_sheets(
    course: Course, staging: Path, quizzes: tuple[str, ...], roster: Roster
) -> tuple[str, ...]:
    """Each roster learner's quiz sheets, and every quiz's computed numbers for the bundle."""
    for name in quizzes:
        files = QuizFiles(course.root, name)
        if not files.source.is_file():
            continue
        quiz = load_quiz(name, course_root=course.root, side="instructor")
        if any(q.type == "computed" for q in quiz.questions):
            variants = [
                instructor_variant(name, learner=learner, course_root=course.root)
                for learner in roster.learners
            ]
            sheets = sheets_file(QuizFiles(staging, name))
            _write(sheets, sheets_document(name, quiz.id, variants))
        for learner in roster.learners:
            folder = staging / "sheets" / file_stem(learner)
            folder.mkdir(parents=True, exist_ok=True)
            write_quiz_handout(
                name,
                learner=learner,
                course_root=course.root,
                html=folder / f"{name}.quiz.html",
                answers=folder / f"{name}.quiz.toml",
            )
    return roster.learners if quizzes else ()


def _zip(path: Path, root: Path, parts: list[Path]) -> None:
    """A zip of `parts` (files and folders), named as they are under `root`, in a steady
    order and with steady times."""
    files = sorted(
        p for part in parts for p in ([part] if part.is_file() else part.rglob("*")) if p.is_file()
    )
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        for file in files:
            entry = zipfile.ZipInfo(file.relative_to(root).as_posix(), ZIP_TIME)
            entry.external_attr = 0o644 << 16
            entry.compress_type = zipfile.ZIP_DEFLATED
            archive.writestr(entry, file.read_bytes())


def _write(path: Path, data: str | bytes) -> None:
    # The whole release is swapped in at the end: no flush to disk per file.
    write_atomic(path, data, durable=False)


def _slug(title: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", title.lower()).strip("-")[:60] or "course"
