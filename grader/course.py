"""The course: its modules, the functions each one grades, and where their checks live.

Everything is read from files so that the course is data, not code: `exercises/course.toml`
lists the modules in order, each stub `exercises/<module>.py` defines the graded functions
(read with `ast`, never imported), public checks sit in `exercises/checks/`, and hidden
checks, reference solutions and classic mistakes in `solutions/`.
"""

from __future__ import annotations

import ast
import os
import tomllib
from dataclasses import dataclass, field
from pathlib import Path

from .sandbox.limits import Limits

__all__ = ["Course", "CourseError", "Module", "find_course_root", "load_course"]


class CourseError(Exception):
    """The course folder is missing or malformed; the message says what to fix."""


@dataclass(frozen=True, eq=False)
class Module:
    """One course module: a learner file named after it, and the checks that grade it."""

    name: str
    stub: Path
    functions: dict[str, tuple[str, ...]]  # graded function -> its parameter names
    public_checks: Path
    hidden_checks: Path
    reference: Path
    mistakes: tuple[Path, ...] = field(default=())

    @property
    def filename(self) -> str:
        return f"{self.name}.py"


@dataclass(frozen=True, eq=False)
class Course:
    """The course a grader run works with."""

    root: Path
    title: str
    modules: tuple[Module, ...]
    limits: Limits

    @property
    def module_names(self) -> tuple[str, ...]:
        return tuple(m.name for m in self.modules)

    def module(self, name: str) -> Module:
        for module in self.modules:
            if module.name == name:
                return module
        known = ", ".join(self.module_names)
        raise CourseError(f"unknown module {name!r}: this course has {known}")


def find_course_root(start: Path | None = None) -> Path:
    """The course folder: $GRADER_COURSE, else the nearest folder up from `start` with an
    `exercises/course.toml`, else the checkout the grader package was installed from."""
    if env := os.environ.get("GRADER_COURSE"):
        return Path(env)
    here = (start or Path.cwd()).resolve()
    for folder in (here, *here.parents):
        if (folder / "exercises" / "course.toml").is_file():
            return folder
    checkout = Path(__file__).resolve().parent.parent
    if (checkout / "exercises" / "course.toml").is_file():
        return checkout
    raise CourseError(
        "no course found: run the grader inside a course folder (one with "
        "exercises/course.toml), or set GRADER_COURSE to it"
    )


def load_course(root: Path | None = None) -> Course:
    """Read the course at `root` (found with find_course_root when not given)."""
    root = Path(root) if root is not None else find_course_root()
    config_path = root / "exercises" / "course.toml"
    try:
        config = tomllib.loads(config_path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise CourseError(f"{config_path} not found: is {root} a course folder?") from None
    except tomllib.TOMLDecodeError as error:
        raise CourseError(f"{config_path}: {error}") from None
    names = config.get("modules")
    if not isinstance(names, list) or not names or not all(isinstance(n, str) for n in names):
        raise CourseError(f"{config_path}: `modules` must be a list of module names")
    try:
        limits = Limits(**config.get("limits", {}))
    except (TypeError, ValueError) as error:
        raise CourseError(f"{config_path}: [limits]: {error}") from None
    modules = tuple(_module(root, name) for name in names)
    return Course(root, str(config.get("title", root.name)), modules, limits)


def _module(root: Path, name: str) -> Module:
    stub = root / "exercises" / f"{name}.py"
    if not stub.is_file():
        raise CourseError(f"module {name!r} has no stub file {stub}")
    mistakes = root / "solutions" / "mistakes" / name
    return Module(
        name=name,
        stub=stub,
        functions=graded_functions(stub),
        public_checks=root / "exercises" / "checks" / f"test_{name}.py",
        hidden_checks=root / "solutions" / "checks" / f"test_{name}_hidden.py",
        reference=root / "solutions" / f"{name}.py",
        mistakes=tuple(sorted(mistakes.glob("*.py"))) if mistakes.is_dir() else (),
    )


def graded_functions(stub: Path) -> dict[str, tuple[str, ...]]:
    """The public top-level functions of a stub file and their parameter names."""
    tree = ast.parse(stub.read_text(encoding="utf-8"), str(stub))
    return {
        node.name: tuple(a.arg for a in (*node.args.posonlyargs, *node.args.args))
        for node in tree.body
        if isinstance(node, ast.FunctionDef) and not node.name.startswith("_")
    }
