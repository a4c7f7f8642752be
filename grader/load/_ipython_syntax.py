"""IPython syntax in a notebook cell (`%magic`, `!shell`, `obj?`) rewritten as plain Python calls.

Jupyter passes every cell through IPython's input transformer, which rewrites IPython-only
syntax as calls on `get_ipython()`: `%timeit f(x)` becomes
`get_ipython().run_line_magic('timeit', 'f(x)')`. The grader does the same, as text, without
a kernel and without running anything; the notebook's converted source then defines a
`get_ipython()` whose methods do nothing.

IPython's own transformer is used when IPython is installed (the grader does not depend on
it). Importing the IPython package costs about 0.3 s, so only its transformer module, which
imports nothing but the standard library, is loaded by path. Without IPython, or when it
fails on a cell, `fallback_transform_cell` writes the same calls for the IPython syntax that
notebooks hold: escapes at the start of a statement (`%`, `!`, `!!`, `?`, `??`, and the
autocall escapes `,` `;` `/`), `x = %magic` and `x = !cmd`, `obj?` help, and IPython's clean-up
of leading blank lines, indentation and `>>>` prompts. Cell magics (`%%bash`) are for the
caller: this module transforms the lines of a cell, never a whole cell.

Bounded work: a notebook is the learner's, and both rewritings run in the grader's process.
IPython's transformer tokenizes the whole cell again for each piece of syntax it rewrites,
and Python 3.11's tokenizer takes time quadratic in a line's length at worst (a run of spaces
before a character no token starts with: 2,000 spaces and a `?` take 2 s). So IPython gets a
cell only while a `Budget`, one per notebook, covers that worst case, and a cell with no
IPython syntax character at all only to its clean-up steps, which are linear; past the budget
the fallback rewrites the cell, in time linear in its length (a help request longer than
`MAX_HELP_TARGET` characters is not one).
"""

from __future__ import annotations

import importlib.util
import os
import re
from collections.abc import Callable
from dataclasses import dataclass
from functools import cache

__all__ = ["Budget", "fallback_transform_cell", "ipython_transformer", "transform_cell"]

Transform = Callable[[str], str]

# IPython's worst case for a cell, in units of about 0.5 µs on the 2-core development machine:
# (rewrites + 1) tokenizings of the cell, each line costing at worst its squared length, and
# about 20 units a character for the tokens. A notebook's budget is about 1 s at the worst; an
# honest notebook's few `%matplotlib` and `!pip` cells cost a few thousand units each.
NOTEBOOK_BUDGET = 2_000_000
MAX_HELP_TARGET = 100  # characters of `target?`: longer, it is no help request (and no Python)
_SYNTAX_CHARACTERS = re.compile(r"[%!?]|^\s*[,;/]", re.MULTILINE)


@dataclass
class Budget:
    """How much of IPython's worst case the cells of one notebook may still spend."""

    left: int = NOTEBOOK_BUDGET

    def spend(self, cost: int) -> bool:
        """Take `cost` from what is left, if it is there."""
        if cost > self.left:
            return False
        self.left -= cost
        return True


def transform_cell(text: str, *, budget: Budget | None = None) -> str:
    """`text` with IPython syntax rewritten as Python, by IPython when it is installed and
    `budget` (a fresh one when not given) covers the cell."""
    rewrites = len(_SYNTAX_CHARACTERS.findall(text))
    transform = ipython_transformer()
    if not rewrites:  # only the clean-up can change the cell: no need to tokenize it
        return _cleaned_up(transform, text)
    if transform is not None and (budget or Budget()).spend(_worst_case(text, rewrites)):
        try:
            return transform(text)
        except Exception:  # noqa: BLE001 - IPython gives up on some broken cells; so do we, our way
            pass
    return fallback_transform_cell(text)


def _cleaned_up(transform: Transform | None, text: str) -> str:
    """What IPython's `transform_cell` makes of a cell with no IPython syntax: only its
    clean-up steps (blank lines, indentation, prompts), each linear; the fallback's without
    IPython."""
    manager = getattr(transform, "__self__", None)
    if manager is None:
        return fallback_transform_cell(text)
    lines = (text if text.endswith("\n") else text + "\n").splitlines(keepends=True)
    for step in (*manager.cleanup_transforms, *manager.line_transforms):
        lines = step(lines)
    return "".join(lines)


def _worst_case(text: str, rewrites: int) -> int:
    """An upper bound on IPython's tokenizing work for `text`, in the units of NOTEBOOK_BUDGET:
    each rewrite (at most one per `%`, `!` or `?`, or escape at a line's start) tokenizes the
    cell again."""
    lines = text.split("\n")
    return (min(rewrites, len(lines)) + 1) * sum(
        (len(line) + 1) * (len(line) + 21) for line in lines
    )


@cache
def ipython_transformer() -> Transform | None:
    """IPython's `TransformerManager().transform_cell`, or None when IPython is not installed."""
    try:
        spec = importlib.util.find_spec("IPython")  # finds the package without importing it
        if spec is None or not spec.submodule_search_locations:
            return None
        path = os.path.join(spec.submodule_search_locations[0], "core", "inputtransformer2.py")
        module_spec = importlib.util.spec_from_file_location("_grader_ipython_transformer", path)
        if module_spec is None or module_spec.loader is None:
            return None
        module = importlib.util.module_from_spec(module_spec)
        module_spec.loader.exec_module(module)
        transform: Transform = module.TransformerManager().transform_cell
        return transform
    except Exception:  # noqa: BLE001 - any IPython we cannot use is as good as none
        return None


# -- the fallback: IPython's rewriting, statement by statement ------------------------------

_FIRST_PROMPT = re.compile(r"^>>>( |$)")
_PROMPT = re.compile(r"^(>>>|\.\.\.)( |$)")
_INDENT = re.compile(r"^[ \t]+")
_HELP_END = re.compile(r"(%{0,2}(?!\d)[\w*]+(\.(?!\d)[\w*]+|\[-?[0-9]+\])*)(\?\??)$")
_ASSIGN = re.compile(r"^([^=#'\"]*?(?<![=!<>+\-*/%&|^@:])=[ \t]*)(%(?=[A-Za-z_])|!)")
_ESCAPES = ("!!", "??", "!", "?", "%", ",", ";", "/")
_OPERATORS = ("!=", "%=", "//", "/=")  # Python operators that begin with an escape character
_BRACKETS = {"(": 1, "[": 1, "{": 1, ")": -1, "]": -1, "}": -1}


def fallback_transform_cell(text: str) -> str:
    """What IPython's `transform_cell` makes of `text`, for the syntax found in notebooks."""
    lines = _clean_up(text.split("\n"))
    out: list[str] = []
    scanner = _Scanner()
    ends = _ends_of_continued_lines(lines)
    index = 0
    while index < len(lines):
        end = ends[index]
        call = (
            _rewrite(lines[index : end + 1])
            if scanner.at_statement_start and _may_rewrite(lines[index], lines[end])
            else None
        )
        if call is None:
            scanner.scan(lines[index])
            out.append(lines[index])
            index += 1
        else:
            out.append(call)
            index = end + 1
    return "\n".join(out) + "\n"


def _clean_up(lines: list[str]) -> list[str]:
    """IPython's clean-up: drop leading blank lines, strip `>>>` prompts, dedent the cell."""
    while len(lines) > 1 and not lines[0].strip():
        lines = lines[1:]
    if _FIRST_PROMPT.match(lines[0]) or (len(lines) > 1 and _PROMPT.match(lines[1])):
        lines = [_PROMPT.sub("", line, count=1) for line in lines]
    if indent := _INDENT.match(lines[0]):
        space = indent.group(0)
        lines = [line[len(space) :] if line.startswith(space) else line for line in lines]
    return lines


def _may_rewrite(first: str, last: str) -> bool:
    """Whether the statement from line `first` to line `last` can be one `_rewrite` rewrites,
    told from those two lines: joining every comment line's continued lines is quadratic."""
    return (
        first.lstrip().startswith(_ESCAPES)
        or _ASSIGN.match(first) is not None
        or (last.rstrip().endswith("?") and not any(ch in first for ch in "#'\""))
    )


def _rewrite(lines: list[str]) -> str | None:
    """The Python call for one statement in IPython syntax (its backslash-continued lines
    joined), or None when the statement is plain Python."""
    first = lines[0]
    body = first.lstrip()
    indent = first[: len(first) - len(body)]
    statement = _join_continued([body, *lines[1:]])
    if help_call := _help_call(statement):
        return indent + help_call
    assign = _ASSIGN.match(first)
    if assign and _balanced(assign.group(1)):
        rhs = _join_continued([first[assign.end(1) :], *lines[1:]])
        return assign.group(1) + _assigned(rhs)
    if statement.startswith(_OPERATORS):
        return None
    for escape in _ESCAPES:
        if statement.startswith(escape):
            return indent + _escaped(escape, statement[len(escape) :])
    return None


def _help_call(statement: str) -> str | None:
    """`obj?` and `obj??`, when the `?` ends the statement (not a comment or a string)."""
    if not statement.endswith("?") or any(ch in statement for ch in "#'\""):
        return None
    # The search is quadratic in a run of name characters that does not end the target, so it
    # only looks at the end; a match that could go on before that end is too long to be help.
    tail = statement[-(MAX_HELP_TARGET + 3) :]
    match = _HELP_END.search(tail)
    if not match or (match.start() == 0 and len(tail) < len(statement)):
        return None
    return _make_help_call(match.group(1), match.group(3))


def _assigned(rhs: str) -> str:
    if rhs.startswith("%"):
        name, _, args = rhs[1:].partition(" ")
        return f"get_ipython().run_line_magic({name!r}, {args!r})"
    return f"get_ipython().getoutput({rhs[1:]!r})"


def _escaped(escape: str, content: str) -> str:
    name, _, args = content.partition(" ")
    if escape == "!":
        return f"get_ipython().system({content!r})"
    if escape == "!!":
        return f"get_ipython().getoutput({content!r})"
    if escape in ("?", "??"):
        return _make_help_call(content, escape) if content else "get_ipython().show_usage()"
    if escape == "%":
        return f"get_ipython().run_line_magic({name!r}, {args!r})"
    if escape == ",":
        return '{}("{}")'.format(name, '", "'.join(args.split()))
    if escape == ";":
        return f'{name}("{args}")'
    return "{}({})".format(name, ", ".join(args.split()))  # "/"


def _make_help_call(target: str, escape: str) -> str:
    method = "pinfo2" if escape == "??" else "psearch" if "*" in target else "pinfo"
    return f"get_ipython().run_line_magic({method!r}, {target!r})"


def _join_continued(parts: list[str]) -> str:
    """IPython's joining of backslash-continued lines: each backslash becomes a space."""
    return " ".join([p.rstrip()[:-1] for p in parts[:-1]] + [parts[-1].rstrip()])


def _ends_of_continued_lines(lines: list[str]) -> list[int]:
    """For each line, the last line of the backslash-continued line it starts, found in one
    pass from the end (scanning ahead from every line is quadratic on `\\` after `\\`)."""
    ends = list(range(len(lines)))
    for index in range(len(lines) - 2, -1, -1):
        if lines[index].endswith("\\"):
            ends[index] = ends[index + 1]
    return ends


def _balanced(text: str) -> bool:
    return sum(_BRACKETS.get(ch, 0) for ch in text) == 0


@dataclass
class _Scanner:
    """Just enough of Python's tokenizer to know where a statement starts: open brackets,
    strings that span lines, and backslash continuations."""

    depth: int = 0
    quote: str = ""  # the delimiter of the string the scan is inside, if any
    continued: bool = False

    @property
    def at_statement_start(self) -> bool:
        return not (self.depth or self.quote or self.continued)

    def scan(self, line: str) -> None:
        i, comment = 0, False
        while i < len(line) and not comment:
            i, comment = self._step(line, i)
        if self.quote in ("'", '"') and not line.endswith("\\"):
            self.quote = ""  # an unclosed one-line string is a syntax error, not ours to report
        self.continued = not comment and not self.quote and line.endswith("\\")

    def _step(self, line: str, i: int) -> tuple[int, bool]:
        """Past the next character from `i` that matters; a regular expression skips the
        others (one at a time in Python, a quarter of a megabyte took a second)."""
        if self.quote:
            end = _STRING_END[self.quote].search(line, i)
            if end is None:
                return len(line), False
            if end.group() == self.quote:  # not a backslash and the character it escapes
                self.quote = ""
            return end.end(), False
        found = _SIGNIFICANT.search(line, i)
        if found is None:
            return len(line), False
        i, ch = found.start(), found.group()
        if ch == "#":
            return i, True
        if ch in "'\"":
            self.quote = ch * 3 if line.startswith(ch * 3, i) else ch
            return i + len(self.quote), False
        self.depth = max(0, self.depth + _BRACKETS[ch])
        return i + 1, False


_SIGNIFICANT = re.compile(r"[#'\"()\[\]{}]")
_STRING_END = {
    quote: re.compile(r"\\.?|" + re.escape(quote), re.DOTALL) for quote in ("'", '"', "'''", '"""')
}
