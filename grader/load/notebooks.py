"""Jupyter notebooks as learner files: a notebook's code cells turned into one Python source.

`notebook_source(data, filename)` takes the bytes of an `.ipynb` file and returns either a
`NotebookSource`, whose `source` is the Python code that running the notebook's code cells
top to bottom runs (ready for the sandbox, like a learner's `.py` file), or a
`NotebookProblem` that says in one line why the file cannot be graded. It only reads text and
JSON: no kernel starts and nothing of the learner's runs here (each cell is compiled to find
syntax errors, never executed).

How a notebook becomes source
    * Code cells are taken in document order, as "Restart Kernel and Run All Cells" runs them,
      whatever their execution counts say; a note says when the learner last ran them in
      another order. Markdown and raw cells, outputs, images, attachments, widget state and
      other metadata are ignored.
    * IPython syntax is neutralised, each time with a note for the feedback: line magics
      (`%matplotlib inline`), shell commands (`!pip install`, `x = !ls`) and help (`obj?`)
      become `get_ipython()` calls, as in Jupyter (see grader.load._ipython_syntax), on a stand-in
      whose methods do nothing; `display(...)` does nothing. A cell that starts with `%%time`,
      `%%timeit` or `%%capture` is graded without that line; a cell with any other cell magic
      (`%%bash`, `%%html`, `%%writefile`) is not run, as Jupyter does not run it as Python.
    * Outputs, attachments and metadata other than the kernel's language are dropped before
      the notebook is checked against the format, so they cost nothing to read.
    * A cell that does not compile is not run, and the other cells are, as in Jupyter.
      A cell that is not run stays in the source as comments, so that line numbers hold.
    * Top-level code that raises (a demo calling an unfinished function, a plotting cell
      without matplotlib) needs nothing here: the sandbox skips such statements with a note.

Limits
    A notebook is the learner's file, read in the grader's own process, so every step is
    bounded: at most MAX_CELLS cells, MAX_CODE_CHARS characters of code, JSON nested at most
    MAX_JSON_DEPTH deep (read in grader.load._notebook_file; the size of the file is
    grader.load.submission's). IPython's rewriting has a budget per notebook (see
    grader.load._ipython_syntax), and lines are matched back to the cell's in linear time
    once difflib's quadratic search would weigh more than ALIGN_WORK pairs of equal lines.
    A notebook past a limit is a problem that says which, as a broken one is; none is near
    what a course notebook holds.

Lines and cells
    The source opens with a few lines of the grader's own (the stand-ins), then each code
    cell that holds code, under a comment line `# %% cell N`. Cells are numbered as a person
    counts them in Jupyter: from 1, over ALL the notebook's cells, markdown and raw included.
    A `CellSpan` says which lines of the source hold which cell; line k of a span is line k
    of the cell as the learner wrote it (IPython syntax spread over several lines keeps its
    line count). `NotebookSource.where(line)` turns a line number of the source, as a load
    note or a traceback gives it, into "cell 4, line 2".
"""

from __future__ import annotations

import ast
import bisect
import re
from collections import Counter
from dataclasses import dataclass, replace
from difflib import SequenceMatcher
from functools import partial
from typing import Any

from grader.load._ipython_syntax import Budget, transform_cell
from grader.load._notebook_file import (
    MAX_CELLS,
    MAX_CODE_CHARS,
    MAX_JSON_DEPTH,
    Unreadable,
    read_notebook,
    run_order,
)
from grader.results import ModuleResult, Note

__all__ = [
    "MAX_CELLS",
    "MAX_CODE_CHARS",
    "MAX_JSON_DEPTH",
    "CellSpan",
    "NotebookProblem",
    "NotebookSource",
    "in_cells",
    "notebook_source",
]

MAX_NOTES = 20
ALIGN_WORK = 100_000  # pairs of equal lines difflib may weigh to align one cell's lines
KEEP_BODY_MAGICS = frozenset({"time", "timeit", "capture"})  # cell magics that run their body

# The stand-ins for what Jupyter provides and a plain Python process does not.
PREAMBLE = (
    "# The code cells of a Jupyter notebook, top to bottom, as the grader runs them.",
    "def display(*objects, **options):  # Jupyter's display() shows nothing when graded",
    "    return None",
    "class _NoIPython:  # %magics, !shell commands and get_ipython() do nothing when graded",
    "    def __getattr__(self, name):",
    "        return lambda *args, **kwargs: None",
    "def get_ipython():",
    "    return _NoIPython()",
)


@dataclass(frozen=True)
class CellSpan:
    """Lines `first` to `last` of the source (1-based, inclusive) hold code cell `cell`."""

    cell: int  # the cell's position among ALL the notebook's cells, from 1, as Jupyter shows them
    first: int
    last: int


@dataclass(frozen=True)
class NotebookSource:
    """A notebook's code as one Python source, what was neutralised in it, and where each
    cell's lines are."""

    source: str
    notes: tuple[Note, ...] = ()
    cells: tuple[CellSpan, ...] = ()

    def locate(self, line: int) -> tuple[int, int] | None:
        """(cell, line within the cell) of a line of `source`; None for the grader's lines."""
        # The spans are in order and apart: a search, as a traceback may name every line.
        index = bisect.bisect_right(self.cells, line, key=lambda span: span.first) - 1
        if index >= 0 and line <= (span := self.cells[index]).last:
            return span.cell, line - span.first + 1
        return None

    def where(self, line: int) -> str:
        """A line of `source` as a learner finds it in the notebook: "cell 4, line 2"."""
        found = self.locate(line)
        return f"cell {found[0]}, line {found[1]}" if found else f"line {line}"


@dataclass(frozen=True)
class NotebookProblem:
    """Why a notebook cannot be graded, in one line for the learner."""

    message: str


def notebook_source(data: bytes, filename: str) -> NotebookSource | NotebookProblem:
    """The Python source equivalent to running the notebook's code cells top to bottom, or
    why the notebook cannot be graded."""
    try:
        notebook, notes = read_notebook(data, filename)
        cells = _code_cells(notebook, filename)
    except Unreadable as problem:
        return NotebookProblem(str(problem))
    budget = Budget()
    prepared = [_prepare(cell, budget) for cell in cells]
    return _assemble(prepared, [Note(note) for note in (*notes, *run_order(notebook))])


# -- the code cells, each prepared by a list of small steps -----------------------------------


@dataclass(frozen=True)
class _Cell:
    """One code cell on its way into the source: line i of `lines` stands for line i of
    `original`, the cell as the learner wrote it."""

    number: int
    original: tuple[str, ...]
    lines: tuple[str, ...]
    notes: tuple[tuple[int, Note], ...] = ()  # (line of the cell or 0, note), in any order
    run: bool = True  # False: the cell goes into the source as comments

    def noted(self, *notes: tuple[int, Note]) -> _Cell:
        return replace(self, notes=self.notes + notes)


def _code_cells(notebook: Any, filename: str) -> list[_Cell]:
    cells = [
        _new_cell(number, cell.source)
        for number, cell in enumerate(notebook.cells, 1)
        if cell.cell_type == "code"
    ]
    if not cells:
        raise Unreadable(f"{filename} has no code cells: write your functions in code cells")
    cells = [cell for cell in cells if any(line.strip() for line in cell.lines)]
    if not cells:
        raise Unreadable(f"{filename} has no code: all its code cells are empty")
    return cells


def _new_cell(number: int, source: str) -> _Cell:
    text = source.replace("\r\n", "\n").replace("\r", "\n").rstrip()
    # A NUL or a lone surrogate would break the whole source; in the cell it is a syntax error.
    text = text.replace("\x00", "\ufffd").encode("utf-8", "replace").decode("utf-8")
    lines = tuple(text.split("\n"))
    return _Cell(number, lines, lines)


def _cell_magic(cell: _Cell) -> _Cell:
    """`%%time` and its kind are dropped and the body kept; other cell magics' cells not run."""
    index, first = next((i, line) for i, line in enumerate(cell.lines) if line.strip())
    magic = first.strip()
    if not magic.startswith("%%"):
        return cell
    if (magic[2:].split(maxsplit=1) or [""])[0] in KEEP_BODY_MAGICS:
        lines = (*cell.lines[:index], first.replace("%%", "# %%", 1), *cell.lines[index + 1 :])
        return replace(cell, lines=lines).noted(
            (
                0,
                Note(
                    f"the cell magic `{_shown(magic)}` was ignored and the cell's code "
                    "graded without it",
                    cell=cell.number,
                ),
            )
        )
    return _not_run(
        cell,
        Note(
            f"cell {cell.number} starts with `{_shown(magic)}`: Jupyter does "
            "not run such a cell as Python, so the grader did not run it "
            "either"
        ),
    )


def _ipython_syntax(cell: _Cell, budget: Budget) -> _Cell:
    """Magics, shell commands and help requests become calls on the stand-in `get_ipython()`."""
    transformed = transform_cell("\n".join(cell.lines), budget=budget).rstrip("\n").split("\n")
    if transformed == list(cell.lines):
        return cell
    lines = _align(list(cell.lines), transformed)
    notes = [
        (i, _syntax_note(cell.number, i, before, after))
        for i, (before, after) in enumerate(zip(cell.original, lines, strict=False), 1)
        if "get_ipython()" in after and "get_ipython()" not in before
    ]
    return replace(cell, lines=tuple(lines)).noted(*((i, note) for i, note in notes if note))


def _compiles(cell: _Cell) -> _Cell:
    """A cell that does not compile is not run; the other cells still are, as in Jupyter."""
    try:
        compile("\n".join(cell.lines), f"cell {cell.number}", "exec", dont_inherit=True)
    except SyntaxError as error:
        return _not_run(
            cell,
            Note(
                f"{type(error).__name__}: {error.msg}; the cell was not run when grading",
                cell=cell.number,
                line=error.lineno or None,
            ),
        )
    except (ValueError, RecursionError, MemoryError) as error:
        return _not_run(
            cell, Note(f"{type(error).__name__}: {error}; the cell was not run", cell=cell.number)
        )
    return cell


_JUPYTER_CALL = re.compile(r"\b(?:display|get_ipython)\s*\(")


def _notebook_calls(cell: _Cell) -> _Cell:
    """Notes for the learner's own `display(...)` and `get_ipython()`: they do nothing here."""
    ours = {
        i
        for i, (before, after) in enumerate(zip(cell.original, cell.lines, strict=False), 1)
        if "get_ipython()" in after and "get_ipython()" not in before
    }
    if not any(_JUPYTER_CALL.search(line) for i, line in enumerate(cell.lines, 1) if i not in ours):
        return cell  # nothing to note, and walking a large cell's tree takes a second
    lines = {
        node.lineno: node.func.id
        for node in ast.walk(ast.parse("\n".join(cell.lines)))
        if isinstance(node, ast.Call)
        and isinstance(node.func, ast.Name)
        and node.func.id in ("display", "get_ipython")
        and node.lineno not in ours
    }
    return cell.noted(
        *(
            (
                line,
                Note(
                    f"`{lines[line]}()` belongs to Jupyter; it did nothing when grading",
                    cell=cell.number,
                    line=line,
                ),
            )
            for line in lines
        )
    )


def _prepare(cell: _Cell, budget: Budget) -> _Cell:
    steps = (_cell_magic, partial(_ipython_syntax, budget=budget), _compiles, _notebook_calls)
    for step in steps:
        if not cell.run:
            break
        cell = step(cell)
    return cell


def _not_run(cell: _Cell, note: Note) -> _Cell:
    return replace(
        cell,
        lines=tuple(f"# {line}" for line in cell.original),
        run=False,
        notes=cell.notes + ((0, note),),
    )


def _align(original: list[str], transformed: list[str]) -> list[str]:
    """`transformed` with blank lines put back where a transformation joined or dropped lines,
    so that line i of the result stands for line i of the original."""
    head = _common_head(original, transformed)
    tail = _common_head(original[head:][::-1], transformed[head:][::-1])
    before = original[head : len(original) - tail]
    after = transformed[head : len(transformed) - tail]
    # difflib is quadratic on repeated lines (900 KB of them would take hours): past a bound,
    # the lines a rewriting leaves alone are matched one after another instead.
    middle = (
        _matched(before, after)
        if _equal_pairs(before, after) <= ALIGN_WORK
        else _walked(before, after)
    )
    return transformed[:head] + middle + transformed[len(transformed) - tail :]


def _common_head(first: list[str], second: list[str]) -> int:
    count = 0
    for one, other in zip(first, second, strict=False):
        if one != other:
            break
        count += 1
    return count


def _equal_pairs(original: list[str], transformed: list[str]) -> int:
    """How many (original, transformed) pairs of lines are equal: difflib's work, roughly."""
    counts = Counter(transformed)
    return sum(counts[line] for line in original)


def _matched(original: list[str], transformed: list[str]) -> list[str]:
    out: list[str] = []
    matcher = SequenceMatcher(None, original, transformed, autojunk=False)
    for _tag, i1, i2, j1, j2 in matcher.get_opcodes():
        out += transformed[j1:j2] + [""] * max(0, (i2 - i1) - (j2 - j1))
    return out


def _walked(original: list[str], transformed: list[str]) -> list[str]:
    """A rewritten line stands for its original line and the backslash-continued lines after
    it, which become blank; an unchanged line stands for itself."""
    out: list[str] = []
    index = 0
    for line in transformed:
        out.append(line)
        if index < len(original) and original[index] != line:
            while index + 1 < len(original) and original[index].endswith("\\"):
                out.append("")
                index += 1
        index += 1
    return out + [""] * max(0, len(original) - len(out))


def _syntax_note(cell: int, line: int, before: str, after: str) -> Note | None:
    shown = _shown(before.rstrip().removesuffix("\\"))
    if re.match(r"!\s*grader\b", shown):
        return None  # the exercise notebook's own self-check cell: expected, not worth a note
    if ".system(" in after or ".getoutput(" in after:
        what = "is a shell command: it was not run when grading"
    elif re.search(r"run_line_magic\('(pinfo2?|psearch)'|show_usage\(\)", after):
        what = "asks IPython for help: ignored when grading"
    else:
        what = "is an IPython magic: it was not run when grading"
    return Note(f"`{shown}` {what}", cell=cell, line=line)


def _shown(code: str, limit: int = 60) -> str:
    code = code.strip()
    return code if len(code) <= limit else code[: limit - 1] + "…"


# -- the source --------------------------------------------------------------------------------


def _assemble(cells: list[_Cell], notes: list[Note]) -> NotebookSource:
    lines = list(PREAMBLE)
    spans = []
    for cell in cells:
        lines.append(f"# %% cell {cell.number}" + ("" if cell.run else " (not run)"))
        spans.append(CellSpan(cell.number, len(lines) + 1, len(lines) + len(cell.lines)))
        lines += cell.lines
        # By line, and notes of one line in the order of their text, as they always were.
        notes += [note for _line, note in sorted(cell.notes, key=lambda n: (n[0], str(n[1])))]
    if len(notes) > MAX_NOTES:
        notes = [*notes[: MAX_NOTES - 1], Note(f"... and {len(notes) - MAX_NOTES + 1} more notes")]
    return NotebookSource("\n".join(lines) + "\n", tuple(notes), tuple(spans))


# -- results in the learner's terms: cells, not lines of the converted source -----------------

_FRAME_LINE = re.compile(r'(File "[^"\n]*", line )(\d+)')


def in_cells(result: ModuleResult, notebook: NotebookSource) -> ModuleResult:
    """`result` with its notes and tracebacks pointing at notebook cells as well as lines."""

    def frames(text: str) -> str:
        return _FRAME_LINE.sub(lambda m: f"{m[1]}{m[2]} ({notebook.where(int(m[2]))})", text)

    checks = tuple(
        replace(c, detail=replace(c.detail, traceback=frames(c.detail.traceback)))
        for c in result.checks
    )
    notes = (*notebook.notes, *(note.in_cell(notebook.locate) for note in result.notes))
    return replace(result, checks=checks, notes=notes)
