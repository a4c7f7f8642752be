"""The learner's code as their report shows it: highlighted, cut into their functions and the
rest, each line labelled as the learner knows it, the lines errors point at marked.

A notebook reaches the reports as one Python source (see grader.load.notebooks): a few lines of
the grader's own, then each code cell under a `# %% cell N` comment line. Its lines are
labelled "cell 4 · line 2", the grader's lines are left out, and the comment lines become
the cell headings of the code.
"""

from __future__ import annotations

import ast
import re
import warnings
from collections.abc import Collection, Iterator, Mapping
from dataclasses import dataclass
from pathlib import PurePath
from typing import NamedTuple

from markupsafe import Markup

from grader.reports._highlight import highlighted_lines
from grader.results import ModuleResult

__all__ = ["CodeLine", "LearnerCode", "mentioned_lines", "read_code"]

# A traceback frame line, as Python's traceback module writes it.
_FRAME = re.compile(r'File "(?P<file>[^"\n]*)", line (?P<line>\d+)')
# The line grader.load.notebooks puts above each code cell of a notebook.
_CELL = re.compile(r"# %% cell (?P<cell>[1-9]\d*)(?P<not_run> \(not run\))?")


class CodeLine(NamedTuple):  # not a dataclass: a page makes hundreds, a tuple is 4x cheaper
    """A row of code as the page shows it: a line of the learner's, or a heading between lines
    ("cell 4", or "⋮" where lines shown elsewhere were left out). The `code` macro of
    templates/_checks.html.j2 unpacks it in this order."""

    number: int  # the line of the graded source, as tracebacks count it; 0 for a "⋮"
    label: str  # "12", or in a notebook "cell 4 · line 2"
    html: Markup  # highlighted and escaped: see _highlight.highlighted_lines
    mentioned: bool = False  # a traceback of the learner's points at this line
    blank: bool = False
    heading: str = ""
    id: str = ""  # the line's id on the page, "m1-L12": its module's anchor, its number


@dataclass(frozen=True)
class LearnerCode:
    """One module's source, read, parsed and highlighted once, ready to be shown in parts."""

    lines: tuple[CodeLine, ...]  # line n at index n - 1; a notebook's `# %% cell N` lines
    # are headings
    first: int  # where the learner's lines begin: 1, or a notebook's first cell heading
    functions: Mapping[str, tuple[int, int]] | None  # top-level def -> its lines; None: no parse

    def block(self, span: tuple[int, int]) -> tuple[CodeLine, ...]:
        return self.lines[span[0] - 1 : span[1]]

    def rest(self, shown: Collection[int] = ()) -> tuple[CodeLine, ...]:
        """Every line the learner wrote but those `shown` elsewhere, under cell headings,
        with a "⋮" where lines were left out; blank lines at either end of a part dropped."""
        rows: list[CodeLine] = []
        pending = None  # the heading of a cell none of whose lines is in `rows` yet
        for heading, part, after_gap in _parts(self.lines[self.first - 1 :], shown):
            pending = heading or pending
            part = _trimmed(part)
            if not part:
                continue
            if pending:
                rows.append(pending)
                pending = None
            elif after_gap:
                rows.append(_GAP)
            rows.extend(part)
        return tuple(rows)


_GAP = CodeLine(0, "", Markup(""), heading="⋮")


def read_code(module: ModuleResult, anchor: str) -> LearnerCode | None:
    """The module's code, ready to show under `anchor` (its section's id); None when the
    result carries no code."""
    if not module.source.strip():
        return None
    source = module.source.replace("\r\n", "\n").replace("\r", "\n")
    html = highlighted_lines(source)
    texts = source.split("\n")[: len(html)]
    notebook = (module.file or "").lower().endswith(".ipynb")
    lines = tuple(_lines(texts, html, notebook, mentioned_lines(module), anchor))
    first = next((line.number for line in lines if line.heading), 1) if notebook else 1
    return LearnerCode(lines, first, _functions(source, first))


def mentioned_lines(module: ModuleResult) -> frozenset[int]:
    """Line numbers of the learner's file named in the learner's own tracebacks."""
    if not module.file:
        return frozenset()
    name = PurePath(module.file).name
    found: set[int] = set()
    for check in module.checks:
        if not check.detail.traceback or check.grader_error:  # none, or the grader's frames
            continue
        for match in _FRAME.finditer(check.detail.traceback):
            if PurePath(match["file"]).name == name:
                found.add(int(match["line"]))
    return frozenset(found)


def _lines(
    texts: list[str], html: list[Markup], notebook: bool, mentioned: frozenset[int], anchor: str
) -> Iterator[CodeLine]:
    """Each line labelled; in a notebook, cell heading lines become headings. Cell numbers
    only grow, so a learner's own line that looks like a heading is not taken for one."""
    cell = 0
    start = 0  # the line of the current cell's heading
    for number, (text, line_html) in enumerate(zip(texts, html, strict=True), 1):
        found = _CELL.fullmatch(text) if notebook else None
        if found and int(found["cell"]) > cell:
            cell, start = int(found["cell"]), number
            yield CodeLine(
                number,
                "",
                line_html,
                heading=f"cell {cell}" + (" (not run)" if found["not_run"] else ""),
            )
            continue
        label = f"cell {cell} · line {number - start}" if cell else str(number)
        yield CodeLine(
            number,
            label,
            line_html,
            number in mentioned,
            not text.strip(),
            "",
            f"{anchor}-L{number}",
        )


def _parts(
    lines: tuple[CodeLine, ...], shown: Collection[int]
) -> Iterator[tuple[CodeLine | None, list[CodeLine], bool]]:
    """Runs of lines not `shown`, as (the cell heading above the run, if any, the run, whether
    lines were left out before it)."""
    heading: CodeLine | None = None
    part: list[CodeLine] = []
    gap = False
    for line in lines:
        if line.heading:
            yield heading, part, gap
            heading, part, gap = line, [], False
        elif line.number in shown:
            if part or heading:
                yield heading, part, gap
                heading, part = None, []
            gap = True
        else:
            part.append(line)
    yield heading, part, gap


def _trimmed(part: list[CodeLine]) -> list[CodeLine]:
    kept = [index for index, line in enumerate(part) if not line.blank]
    return part[kept[0] : kept[-1] + 1] if kept else []


def _functions(source: str, first: int) -> dict[str, tuple[int, int]] | None:
    """The lines of each top-level function the learner wrote: decorators to the last line of
    its body, with the indented comments that follow it. The last `def` of a name wins, as
    in Python. None when the source does not parse."""
    try:
        with warnings.catch_warnings():  # "invalid escape sequence" and the like: not ours
            warnings.simplefilter("ignore")
            tree = ast.parse(source)
    except (SyntaxError, ValueError, RecursionError, MemoryError):
        return None
    texts = source.split("\n")
    spans = {}
    for node in tree.body:
        if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef) and node.lineno >= first:
            start = min([node.lineno, *(d.lineno for d in node.decorator_list)])
            spans[node.name] = (start, _end(texts, node.end_lineno or node.lineno))
    return spans


def _end(texts: list[str], last: int) -> int:
    end = last
    for number in range(last + 1, len(texts) + 1):
        text = texts[number - 1]
        if text.strip() and not text[:1].isspace():
            break
        if text.strip():
            end = number
    return end
