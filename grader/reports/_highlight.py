"""Syntax highlighting of a learner's code with Pygments: one piece of HTML per line, and its CSS.

Pygments cuts the code into tokens, markupsafe escapes every token, and each is wrapped in a
span whose class is a fixed Pygments name ("k", "s2"). That HTML, and nothing else of the
learner's, is marked safe here (`Markup`): the templates insert it as it is and escape
everything else.
"""

from __future__ import annotations

import builtins
import html
import keyword
import re
from functools import cache
from typing import TYPE_CHECKING

from markupsafe import Markup, escape
from pygments.formatters import HtmlFormatter
from pygments.lexer import words
from pygments.lexers import PythonLexer
from pygments.style import Style
from pygments.token import (
    STANDARD_TYPES,
    Comment,
    Error,
    Keyword,
    Name,
    Number,
    Operator,
    Punctuation,
    String,
    Text,
)

if TYPE_CHECKING:
    from pygments.token import _TokenType

__all__ = ["HIGHLIGHT_LIMIT", "CodeStyle", "QuickPythonLexer", "code_css", "highlighted_lines"]

# Lexing costs a few µs a token: past this many characters (some 3,000 lines) a file is shown
# plain, so that a huge submission cannot make its report slow to write.
HIGHLIGHT_LIMIT = 120_000
_SPECIAL = re.compile(r"[&<>\"']")  # what html.escape replaces; most tokens have none of it


class CodeStyle(Style):
    """Few colours, each at least 5.5:1 on the code background and on a marked line, so that
    the colours help without being needed: nothing is said by colour alone."""

    styles = {
        Comment: "italic #56606b",
        Keyword: "bold #7a1f8a",
        Operator.Word: "bold #7a1f8a",
        Name.Builtin: "#7a4100",
        Name.Function: "bold #0b4f8a",
        Name.Class: "bold #0b4f8a",
        Name.Decorator: "#6b2f8a",
        Name.Exception: "bold #8b1a1a",
        String: "#0f6322",
        String.Escape: "bold #8a3b00",
        String.Interpol: "bold #8a3b00",
        Number: "#005a70",
        Error: "border:#8b1a1a",
    }


def _reserved_words() -> str:
    """Every word a rule of PythonLexer might treat otherwise than as a plain name (keywords,
    builtins, magic names, string prefixes, and more: a longer list is only slower), as one
    alternation, longest first."""
    found = {"_", *keyword.kwlist, *keyword.softkwlist, *dir(builtins)}
    for rules in PythonLexer.tokens.values():
        for rule in rules:
            pattern = rule[0] if isinstance(rule, tuple) else None
            if isinstance(pattern, words):
                found.update(word.split(" ")[0] for word in pattern.words)
            elif isinstance(pattern, str):
                found.update(re.findall(r"[A-Za-z_]\w*", pattern))
    return "|".join(sorted(map(re.escape, found), key=len, reverse=True))


class QuickPythonLexer(PythonLexer):
    """PythonLexer, with the same tokens twice as fast.

    PythonLexer tries some 35 rules before it reaches a space, and 50 before a plain name.
    These four rules, tried first, take the commonest tokens of learner code straight away,
    and only where none of PythonLexer's own earlier rules could match: spaces not at the
    start of a line (where a docstring or `match` may follow), ASCII names that no rule
    treats specially and that no quote follows (`rb"..."`), and operators and punctuation
    (not `.5`, a number). tests/test_reports.py checks that the tokens are the same.
    """

    name = "Python (quick)"
    tokens = {
        "root": [
            (r"(?<=[^\n])[^\S\n]+", Text),
            (rf"(?!(?:{_reserved_words()})(?![\w'\"]))(?!__)[A-Za-z_][A-Za-z0-9_]*(?![\w'\"])",
             Name),
            (r"!=|==|<<|>>|:=|[-~+/*%=<>&^|]|\.(?!\d)", Operator),
            (r"[]{}:(),;[]", Punctuation),
            *PythonLexer.tokens["root"],
        ],
    }


@cache
def _lexer() -> QuickPythonLexer:
    # stripnl=False: the lexer must keep leading and trailing blank lines, or numbers shift.
    return QuickPythonLexer(stripnl=False, ensurenl=True)


@cache
def _formatter() -> HtmlFormatter:
    return HtmlFormatter(style=CodeStyle)


def highlighted_lines(source: str) -> list[Markup]:
    """Line i of `source` as HTML at index i - 1; `source` has "\\n" line ends only.

    The whole source is lexed once, so that a string or a bracket spanning lines is right;
    then each token is escaped and wrapped in the span of its Pygments CSS class, a line at a
    time, so that every line stands alone. (Pygments' HtmlFormatter does the same, slower.)
    """
    count = source.count("\n") + (not source.endswith("\n"))
    if len(source) > HIGHLIGHT_LIMIT:
        return [escape(line) for line in source.split("\n")[:count]]
    line: list[str] = []
    lines = [line]
    for token, value in _lexer().get_tokens(source):
        css = _css_class(token)
        for index, part in enumerate(value.split("\n")):
            if index:
                line = []
                lines.append(line)
            if part:
                text = html.escape(part) if _SPECIAL.search(part) else part
                line.append(f'<span class="{css}">{text}</span>' if css else text)
    return [Markup("".join(line)) for line in lines[:count]]


@cache
def _css_class(token: _TokenType) -> str:
    """The class Pygments' HtmlFormatter gives `token` ("nf"), which code_css() styles; ""
    for a token CodeStyle leaves as plain text (names, operators, spaces): no span at all."""
    style = CodeStyle.style_for_token(token)
    if not any(style[key] for key in ("color", "bold", "italic", "underline", "border")):
        return ""
    suffix = ""
    while token not in STANDARD_TYPES:
        suffix, token = token[-1] + suffix, token.parent
    return STANDARD_TYPES[token] + suffix


@cache
def code_css(scope: str = ".source") -> Markup:
    """The style sheet of the highlighted code, for the page's own <style>."""
    return Markup("\n".join(_formatter().get_token_style_defs(scope)))
