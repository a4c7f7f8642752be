"""A finding of `grader validate`: where in the course's files, and what to fix there."""

from __future__ import annotations

import ast
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

__all__ = ["Finding", "assignment_line", "def_line"]


@dataclass(frozen=True)
class Finding:
    """One thing a course author has to fix, at `path` (relative to the course) and `line`."""

    path: str
    line: int
    message: str

    def __str__(self) -> str:
        return f"{self.path}:{self.line}: {self.message}"


def def_line(path: Path, name: str) -> int:
    """The line of the top-level `def name` in a Python file; 1 when there is none."""
    return _line(path, lambda node: isinstance(node, ast.FunctionDef) and node.name == name)


def assignment_line(path: Path, name: str) -> int:
    """The line of the top-level `name = ...` in a Python file; 1 when there is none."""
    return _line(
        path,
        lambda node: (
            isinstance(node, ast.Assign)
            and any(isinstance(t, ast.Name) and t.id == name for t in node.targets)
        ),
    )


def _line(path: Path, wanted: Callable[[ast.stmt], bool]) -> int:
    try:
        tree = ast.parse(path.read_text(encoding="utf-8"), str(path))
    except (OSError, SyntaxError, ValueError):
        return 1
    return next((node.lineno for node in tree.body if wanted(node)), 1)
