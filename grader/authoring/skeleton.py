"""`grader new module NAME`: write a new module's skeleton into the course, ready for
`grader validate NAME` to say what is left to do."""

from __future__ import annotations

import keyword
import re
import tempfile
import tomllib
from pathlib import Path
from string import Template

from grader._atomic import write_atomic
from grader.authoring import _templates
from grader.course import CourseFileError
from grader.errors import BadInput
from grader.quiz.authoring import learner_copy
from grader.quiz.files import QuizFiles
from grader.release.notebooks import notebook_text

__all__ = ["ModuleExists", "ModuleNameError", "new_module"]

_NAME = re.compile(r"[a-z][a-z0-9_]{0,39}")
_MODULES = re.compile(r"^(?P<head>modules\s*=\s*\[)(?P<body>[^\]]*)\]", re.MULTILINE)


class ModuleNameError(BadInput):
    """The name asked for cannot be a module's: its learners' file is NAME.py."""


class ModuleExists(BadInput):
    """The course has a module of that name already, or files of one."""


def new_module(*, course_root: Path, name: str, title: str | None = None) -> list[Path]:
    """Write the skeleton of module `name` into the course at `course_root` and add it to
    `modules` in exercises/course.toml; the files written, the settings last."""
    _refuse_bad_name(name)
    config = course_root / "exercises" / "course.toml"
    settings = _with_module(config, name)
    files = _skeleton(course_root, name, title or name.replace("_", " ").capitalize())
    files |= _written_from_the_others(course_root, name, files)
    if existing := [path for path in files if path.exists()]:
        raise ModuleExists(f"{existing[0]} exists already: module {name!r} is not new")
    for path, text in files.items():
        write_atomic(path, text)
    write_atomic(config, settings)  # last: a course lists only a module whose files are there
    return [*files, config]


def _written_from_the_others(root: Path, name: str, files: dict[Path, str]) -> dict[Path, str]:
    """The notebook and the learners' quiz copy, written from the stub and the quiz as the
    course's own tools write them; worked out in a scratch folder, so that nothing reaches
    the course when one of them fails."""
    with tempfile.TemporaryDirectory() as scratch:
        for path, text in files.items():
            copy = Path(scratch) / path.relative_to(root)
            copy.parent.mkdir(parents=True, exist_ok=True)
            copy.write_text(text, encoding="utf-8")
        stub = Path(scratch) / "exercises" / f"{name}.py"
        return {
            root / "exercises" / f"{name}.ipynb": notebook_text(stub),
            QuizFiles(root, name).learner: learner_copy(QuizFiles(Path(scratch), name)),
        }


def _refuse_bad_name(name: str) -> None:
    if not _NAME.fullmatch(name) or keyword.iskeyword(name) or name.startswith("test"):
        raise ModuleNameError(
            f"{name!r} cannot name a module: use lowercase letters, digits and underscores, "
            "starting with a letter (at most 40), not a Python keyword nor starting with 'test'"
        )


def _skeleton(root: Path, name: str, title: str) -> dict[Path, str]:
    # The title goes into a TOML string and a docstring: one line, no quotes or backslashes.
    fill = {"name": name, "title": re.sub(r'["\\\s]+', " ", title).strip()}
    solutions = root / "solutions"
    templates = {
        root / "exercises" / f"{name}.py": _templates.STUB,
        root / "exercises" / "checks" / f"test_{name}.py": _templates.PUBLIC_CHECKS,
        solutions / f"{name}.py": _templates.REFERENCE,
        solutions / "checks" / f"test_{name}_hidden.py": _templates.HIDDEN_CHECKS,
        solutions / "mistakes" / name / _templates.MISTAKE_FILE: _templates.MISTAKE,
        solutions / "quizzes" / f"{name}.toml": _templates.QUIZ,
    }
    return {path: Template(text).substitute(fill) for path, text in templates.items()}


def _with_module(config: Path, name: str) -> str:
    """The course settings' text with `name` added to `modules`, everything else (comments
    included) as it was."""
    text = config.read_text(encoding="utf-8")
    modules = tomllib.loads(text).get("modules")
    if isinstance(modules, list) and name in modules:
        raise ModuleExists(f"the course has a module {name!r} already ({config})")
    match = _MODULES.search(text)
    if match is None or not isinstance(modules, list):
        raise CourseFileError(f"{config}: no `modules = [...]` list to add {name!r} to")
    body = match["body"].rstrip()
    separator = "" if body.endswith(",") or not body.strip() else ","
    spacing = "\n    " if "\n" in match["body"] else (" " if body.strip() else "")
    at = match.start("body") + len(body)
    changed = f'{text[:at]}{separator}{spacing}"{name}"{text[at:]}'
    if tomllib.loads(changed).get("modules") != [*modules, name]:
        raise CourseFileError(f"{config}: cannot add {name!r} to `modules`: add it by hand")
    return changed
