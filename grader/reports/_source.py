"""The learner's code as their report shows it: numbered, the lines errors point at marked."""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import PurePath

from ..results import ModuleResult

__all__ = ["SourceLine", "mentioned_lines", "numbered_lines"]

# A traceback frame line, as Python's traceback module writes it.
_FRAME = re.compile(r'File "(?P<file>[^"\n]*)", line (?P<line>\d+)')


@dataclass(frozen=True)
class SourceLine:
    number: int
    text: str
    mentioned: bool  # a traceback of this module points at this line


def mentioned_lines(module: ModuleResult) -> frozenset[int]:
    """Line numbers of the learner's file named in the learner's own tracebacks."""
    if not module.file:
        return frozenset()
    name = PurePath(module.file).name
    found: set[int] = set()
    for check in module.checks:
        if check.grader_error:  # the grader's frames, not the learner's file
            continue
        for match in _FRAME.finditer(check.detail.traceback):
            if PurePath(match["file"]).name == name:
                found.add(int(match["line"]))
    return frozenset(found)


def numbered_lines(source: str, mentioned: frozenset[int]) -> list[SourceLine]:
    return [SourceLine(number, text, number in mentioned)
            for number, text in enumerate(source.splitlines(), start=1)]
