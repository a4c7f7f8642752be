"""Find a module's checks: import its check files (trusted code) and read their @check marks."""

from __future__ import annotations

import importlib.util
import inspect
import sys
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from types import ModuleType
from typing import Any

from grader.checks.api import CheckMeta
from grader.errors import CourseProblem
from grader.results import Visibility

__all__ = ["CheckSpec", "CollectError", "collect", "load_trusted_module"]

FIXTURES = ("learner", "reference", "project")


class CollectError(CourseProblem):
    """A check file cannot be used; the message names the file and the problem."""

    part = "checks"


@dataclass(frozen=True)
class CheckSpec:
    """One check, ready to run against any learner's module."""

    id: str
    title: str
    points: float
    hint: str
    visibility: Visibility
    function: Callable[..., Any]
    fixtures: tuple[str, ...]
    ties: bool = False  # its inputs hold a tie (grader.checks.api.check)


def collect(path: Path, visibility: Visibility) -> list[CheckSpec]:
    """The checks defined in one check file, in the order they are written."""
    if not path.is_file():
        return []
    module = load_trusted_module(path, f"grader_checks_{visibility}_{path.stem}")
    specs = [
        _spec(name, fn, visibility, path)
        for name, fn in vars(module).items()
        if name.startswith("test_") and callable(fn)
    ]
    return [spec for spec in specs if spec is not None]


def _spec(
    name: str, function: Callable[..., Any], visibility: Visibility, path: Path
) -> CheckSpec | None:
    meta: CheckMeta | None = getattr(function, "__grader_check__", None)
    if meta is None:
        raise CollectError(f"{path}: {name} has no @check(points=...) mark")
    fixtures = tuple(inspect.signature(function).parameters)
    unknown = [f for f in fixtures if f not in FIXTURES]
    if unknown:
        raise CollectError(f"{path}: {name} asks for {unknown}; checks may ask for {FIXTURES}")
    if "reference" in fixtures and visibility == "public":
        raise CollectError(f"{path}: {name} is public but asks for the reference solution")
    return CheckSpec(
        name, meta.title, meta.points, meta.hint, visibility, function, fixtures, meta.ties
    )


def load_trusted_module(path: Path, name: str) -> ModuleType:
    """Import instructor code (checks, reference solutions) in the trusted process."""
    spec = importlib.util.spec_from_file_location(name, path)
    if spec is None or spec.loader is None:
        raise CollectError(f"{path}: cannot be imported")
    module = importlib.util.module_from_spec(spec)
    sys.modules[name] = module
    try:
        spec.loader.exec_module(module)
    except Exception as error:
        del sys.modules[name]
        raise CollectError(f"{path}: {type(error).__name__}: {error}") from error
    return module
