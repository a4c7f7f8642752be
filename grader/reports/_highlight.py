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
from pygments.regexopt import regex_opt
from pygments.style import Style
from pygments.token import (
    STANDARD_TYPES,
    Comment,
    Error,
    Keyword,
    Name,
    Number,
    Operator,
    String,
    Text,
)

from grader.reports._lexing import FilteredRegexLexer

if TYPE_CHECKING:
    from pygments.token import _TokenType

__all__ = ["HIGHLIGHT_LIMIT", "CodeStyle", "QuickPythonLexer", "code_css", "highlighted_lines"]

# Lexing costs about a µs a token: past this many characters (some 3,000 lines) a file is shown
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


class QuickPythonLexer(FilteredRegexLexer, PythonLexer):
    """PythonLexer, with the same tokens four times as fast: of its rules it tries only those
    that can match at the character at hand (see grader.reports._lexing).
    tests/test_reports.py checks that the tokens are the same."""

    name = "Python (quick)"


def _reserved_words() -> list[str]:
    """Every word a rule of PythonLexer might treat otherwise than as a plain name (keywords,
    builtins, magic names, string prefixes, and more: a longer list is only slower)."""
    found = {"_", *keyword.kwlist, *keyword.softkwlist, *dir(builtins)}
    for rules in PythonLexer.tokens.values():
        for rule in rules:
            pattern = rule[0] if isinstance(rule, tuple) else None
            if isinstance(pattern, words):
                found.update(word.split(" ")[0] for word in pattern.words)
            elif isinstance(pattern, str):
                found.update(re.findall(r"[A-Za-z_]\w*", pattern))
    return sorted(found)


class _PlainRunLexer(QuickPythonLexer):
    """QuickPythonLexer for the page: a run of tokens that are all shown plain (names,
    operators, punctuation, spaces, line ends) comes as one Text token, not one token each.

    The run is taken first, where none of PythonLexer's own rules would make anything else
    of it: spaces (at the start of a line, not before a docstring or `match`), line ends,
    ASCII names that no rule treats specially and that neither a quote (`rb"..."`) nor a
    letter past ASCII follows, and operators and punctuation (not `.5`, a number). The
    highlighted lines are the same as with PythonLexer's tokens: tests/test_reports.py checks.
    """

    tokens = {
        "root": [
            # Each kind of token starts with characters no other starts with, so their order
            # here is free: the cheap ones first, names (the reserved words) last.
            (
                r"(?:[]{}:(),;[]"
                r"|!=|==|<<|>>|:=|[-~+/*%=<>&^|]|\.(?!\d)"
                r"|(?<=[^\n])[^\S\n]+"
                r"|(?<![^\n])[^\S\n]++(?![ \t]*+(?:match|case)\b|\s*+[rRuUbB]{0,2}(?:'''"
                r'|"""))'
                r"|\n"
                rf"|(?!{regex_opt(_reserved_words())}(?![\w'\"]))(?!__)[A-Za-z_][A-Za-z0-9_]*"
                r"(?![\w'\"]|[^\x00-\x7f]))+",
                Text,
            ),
            *PythonLexer.tokens["root"],
        ],
    }


@cache
def _lexer() -> _PlainRunLexer:
    # stripnl=False: the lexer must keep leading and trailing blank lines, or numbers shift.
    return _PlainRunLexer(stripnl=False, ensurenl=True)


@cache
def _formatter() -> HtmlFormatter:
    return HtmlFormatter(style=CodeStyle)


def highlighted_lines(source: str) -> list[Markup]:
    """Line i of `source` as HTML at index i - 1; `source` has "\\n" line ends only.

    The whole source is lexed once, so that a string or a bracket spanning lines is right;
    each token is escaped and wrapped in the span of its Pygments CSS class, a token spanning
    lines in one span a line, so that every line stands alone. (Pygments' HtmlFormatter does
    the same, slower.)
    """
    count = source.count("\n") + (not source.endswith("\n"))
    if len(source) > HIGHLIGHT_LIMIT:
        return [escape(line) for line in source.split("\n")[:count]]
    pieces = []
    classes = _CLASSES
    for _, token, value in _lexer().get_tokens_unprocessed(_lexer_input(source)):
        css = classes.get(token)
        if css is None:
            css = classes[token] = _css_class(token)
        if _SPECIAL.search(value):
            value = html.escape(value)
        if not css or not value:
            pieces.append(value)
        elif "\n" in value:
            pieces.append(
                "\n".join(
                    f'<span class="{css}">{part}</span>' if part else ""
                    for part in value.split("\n")
                )
            )
        else:
            pieces.append(f'<span class="{css}">{value}</span>')
    return [Markup(line) for line in "".join(pieces).split("\n")[:count]]


def _lexer_input(source: str) -> str:
    """`source` as Pygments' Lexer.get_tokens() hands it to the lexer, for our options."""
    text = source.removeprefix("\ufeff").replace("\r\n", "\n").replace("\r", "\n")
    return text if text.endswith("\n") else text + "\n"


_CLASSES: dict[_TokenType, str] = {}  # the CSS class of a token type, as _css_class() says


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
