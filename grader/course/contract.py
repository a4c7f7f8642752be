"""What a stub's contract says of its functions' arguments: those a call leaves unchanged.

An author marks them in the function's docstring, in one sentence of either form:

    `centroids` is not changed.            `X` and `w` are not changed.
    Leave `centroids` itself unchanged.    Leave `X` and `w` unchanged.

Each name in backticks must be one of the function's parameters. The stub is read by `ast`,
never imported: it is the learner's starting file, and the course's, not code to run.
"""

from __future__ import annotations

import ast
import re

__all__ = ["protected_arguments"]

_NAMES = r"`\w+`(?:\s*,\s*`\w+`)*(?:\s*,?\s+and\s+`\w+`)?"
_SENTENCES = (
    re.compile(rf"({_NAMES})\s+(?:is|are)\s+(?:not\s+changed|left\s+unchanged)"),
    re.compile(rf"\bLeave\s+({_NAMES})\s+(?:itself\s+|themselves\s+)?unchanged"),
)
_NAME = re.compile(r"`(\w+)`")


def protected_arguments(tree: ast.Module) -> dict[str, tuple[str, ...]]:
    """The parameters each public function's docstring says are not changed (only those
    functions that say so). A name that is not a parameter raises ValueError, naming the
    function: a contract that protects nothing would be believed all the same."""
    functions = [
        node
        for node in tree.body
        if isinstance(node, ast.FunctionDef) and not node.name.startswith("_")
    ]
    return {function.name: names for function in functions if (names := _protected(function))}


def _protected(function: ast.FunctionDef) -> tuple[str, ...]:
    text = " ".join((ast.get_docstring(function) or "").split())
    names = [
        name
        for sentence in _SENTENCES
        for match in sentence.finditer(text)
        for name in _NAME.findall(match.group(1))
    ]
    parameters = {a.arg for a in (*function.args.posonlyargs, *function.args.args)}
    parameters |= {a.arg for a in function.args.kwonlyargs}
    if unknown := [name for name in names if name not in parameters]:
        raise ValueError(
            f"{function.name} (line {function.lineno}): its docstring says `{unknown[0]}` is "
            "not changed, but it has no such parameter"
        )
    return tuple(dict.fromkeys(names))
