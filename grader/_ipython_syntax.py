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
"""

from __future__ import annotations

import importlib.util
import os
import re
from collections.abc import Callable
from dataclasses import dataclass
from functools import cache

__all__ = ["fallback_transform_cell", "ipython_transformer", "transform_cell"]

Transform = Callable[[str], str]


def transform_cell(text: str) -> str:
    """`text` with IPython syntax rewritten as Python, by IPython when it is installed."""
    transform = ipython_transformer()
    if transform is not None:
        try:
            return transform(text)
        except Exception:  # noqa: BLE001 - IPython gives up on some broken cells; so do we, our way
            pass
    return fallback_transform_cell(text)


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
    index = 0
    while index < len(lines):
        end = _end_of_continued_line(lines, index)
        call = _rewrite(lines[index : end + 1]) if scanner.at_statement_start else None
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
    match = _HELP_END.search(statement)
    return _make_help_call(match.group(1), match.group(3)) if match else None


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


def _end_of_continued_line(lines: list[str], start: int) -> int:
    end = start
    while end + 1 < len(lines) and lines[end].endswith("\\"):
        end += 1
    return end


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
        ch = line[i]
        if self.quote:
            if ch == "\\":
                return i + 2, False
            if line.startswith(self.quote, i):
                i, self.quote = i + len(self.quote), ""
                return i, False
            return i + 1, False
        if ch == "#":
            return i, True
        if ch in "'\"":
            self.quote = ch * 3 if line.startswith(ch * 3, i) else ch
            return i + len(self.quote), False
        self.depth = max(0, self.depth + _BRACKETS.get(ch, 0))
        return i + 1, False
