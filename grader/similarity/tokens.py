"""A submission's code as normalised tokens: what stays the same when a copy is disguised.

tree-sitter parses the code (in C, and it parses any text: a file that is not valid Python
still gives tokens for what it can read). Names a learner chooses become one token `V`, every
string `S`; comments, docstrings, type hints and the parentheses around an expression are left
out. What is kept: the keywords, operators and punctuation, numbers as written, the names of
Python's builtins, and attribute and keyword-argument names (`.mean`, `axis=`), which a learner
renaming variables does not change. Each token keeps its line, to show where a match is.

The names and comment words a learner chose are kept aside (`words`): shared odd ones are
evidence too.
"""

from __future__ import annotations

import builtins
import keyword
import re
import zlib
from collections.abc import Iterator
from dataclasses import dataclass
from functools import cache, lru_cache

import tree_sitter_python
from tree_sitter import Language, Node, Parser

__all__ = ["MAX_CODE_BYTES", "MAX_TOKENS", "Tokens", "code_tokens"]

MAX_CODE_BYTES = 512 * 1024  # the gradebook keeps 256 KB of a learner's code: never more
MAX_TOKENS = 100_000  # about 10,000 lines: past it the rest of a file is not compared
MAX_WORDS = 2_000
MAX_WORD = 80  # characters of a name kept as a word: a page shows it, however long

_BUILTINS = frozenset(name for name in dir(builtins) if not name.startswith("_"))
_SKIPPED = frozenset({"comment", "type"})  # subtrees that say nothing of the code's working
_IMPORTED = frozenset({"dotted_name"})  # `numpy`, `sklearn.metrics` in an import
_TYPED = frozenset({"typed_parameter", "typed_default_parameter"})
_WORD = re.compile(r"[A-Za-z_][A-Za-z0-9_]{6,}")  # comment words of 7 letters or more
_COMMON_WORDS = frozenset(keyword.kwlist) | _BUILTINS


@dataclass(frozen=True)
class Tokens:
    """A submission's normalised tokens (as numbers), the line of each, and its words."""

    kinds: tuple[int, ...]
    lines: tuple[int, ...]
    words: frozenset[str]
    cut: bool = False  # the file was longer than what is compared


@cache
def _parser() -> Parser:
    return Parser(Language(tree_sitter_python.language()))


@lru_cache(maxsize=65_536)  # attribute names are the learners own: bounded
def _number(kind: str) -> int:
    """A token kind's number: the same in every process (a k-gram's hash must be)."""
    return zlib.crc32(kind.encode())


def code_tokens(source: str, *, lines: bool = True) -> Tokens:
    """`source` as normalised tokens; a file past MAX_CODE_BYTES is compared up to there.
    Without `lines`, no token's line is kept (a third faster: a class's bulk pass)."""
    data = source.encode("utf-8", "replace")
    cut = len(data) > MAX_CODE_BYTES
    tree = _parser().parse(data[:MAX_CODE_BYTES])
    words: set[str] = set()
    kinds: list[int] = []
    rows: list[int] = []
    for kind, row in _leaves(tree.root_node, words, lines=lines):
        kinds.append(kind)
        rows.append(row)
        if len(kinds) >= MAX_TOKENS:
            cut = True
            break
    return Tokens(tuple(kinds), tuple(rows), frozenset(sorted(words)[:MAX_WORDS]), cut)


def _leaves(root: Node, words: set[str], *, lines: bool) -> Iterator[tuple[int, int]]:
    """The tree's tokens in order (as numbers), each string one token, what says nothing left
    out, with their lines (0 without `lines`). A cursor's walk keeps the parents' types
    itself: no recursion however deep the code nests, and never `node.parent` (tree-sitter
    finds it from the root each time)."""
    cursor = root.walk()
    parents: list[str] = []
    while True:
        node = cursor.node
        assert node is not None
        kind = node.type
        descend = False
        if kind == "identifier":
            text = (node.text or b"").decode("utf-8", "replace")
            name = _name(text, parents[-1] if parents else "", cursor.field_name)
            if name == "V":  # a name the learner chose
                _name_word(text, words)
            yield _number(name), node.start_point[0] + 1 if lines else 0
        elif kind == "comment":
            _words_of(node, words)
        elif kind == "string" or not node.child_count:
            if not _left_out(kind, parents[-1] if parents else ""):
                yield _number(_kind(node)), node.start_point[0] + 1 if lines else 0
        elif kind not in _SKIPPED and not (kind == "expression_statement" and _docstring(node)):
            descend = True
        if descend and cursor.goto_first_child():
            parents.append(kind)
            continue
        while not cursor.goto_next_sibling():
            if not cursor.goto_parent():
                return
            parents.pop()


def _kind(node: Node) -> str:
    if node.type == "string":
        return "S"
    if node.type in {"integer", "float"}:
        return (node.text or b"").decode("utf-8", "replace")[:40]
    return node.type


def _name(text: str, parent: str, field: str | None) -> str:
    if parent == "attribute" and field == "attribute":
        return "." + text
    if parent == "keyword_argument" and field == "name":
        return text + "="
    if parent in _IMPORTED:  # a library's name: renaming variables leaves it
        return text
    return text if text in _BUILTINS else "V"


def _left_out(kind: str, parent: str) -> bool:
    """Punctuation a reformatting adds or drops: the parentheses around an expression, the
    colon and arrow of type hints."""
    if kind in {"(", ")"}:
        return parent == "parenthesized_expression"
    if kind == ":":
        return parent in _TYPED
    return kind == "->"


def _docstring(node: Node) -> bool:
    return node.named_child_count == 1 and node.named_children[0].type == "string"


def _name_word(text: str, words: set[str]) -> None:
    if len(text) >= 5 and text not in _COMMON_WORDS and len(words) < MAX_WORDS:
        words.add(text[:MAX_WORD])


def _words_of(comment: Node, words: set[str]) -> None:
    text = (comment.text or b"")[:400].decode("utf-8", "replace")
    for word in _WORD.findall(text):
        if len(words) >= MAX_WORDS:
            return
        words.add("#" + word.lower()[:MAX_WORD])
