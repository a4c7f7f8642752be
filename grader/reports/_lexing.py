"""Pygments' RegexLexer, run faster: the same rules, giving the same tokens.

RegexLexer tries a state's rules one by one until one matches: in Python code some 50 before
a plain name. Most of them cannot match where the text is, and that can be told from its
character alone: a rule for `def` never matches at an "x". So the rules are tried in the same
order, but only those that can start with the character at hand; which those are is read off
each rule's parsed pattern, once, leaving a rule in whenever that is not certain (a character
past ASCII is tried with every rule).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator, Sequence
from re import _constants as sre  # type: ignore[attr-defined]
from re import _parser  # type: ignore[attr-defined]
from typing import Any

from pygments.lexer import RegexLexer
from pygments.token import Error, Whitespace, _TokenType

__all__ = ["FilteredRegexLexer", "first_characters"]

_ASCII = frozenset(map(chr, range(128)))
_EVERYWHERE = _ASCII | {""}  # "" stands for the end of the text, where only an empty match can be
_CATEGORIES = {  # the ASCII characters of \d, \s, \w and the rest
    category: frozenset(c for c in _ASCII if re.match(pattern, c))
    for category, pattern in [
        (sre.CATEGORY_DIGIT, r"\d"),
        (sre.CATEGORY_NOT_DIGIT, r"\D"),
        (sre.CATEGORY_SPACE, r"\s"),
        (sre.CATEGORY_NOT_SPACE, r"\S"),
        (sre.CATEGORY_WORD, r"\w"),
        (sre.CATEGORY_NOT_WORD, r"\W"),
    ]
}
_REPEATS = (sre.MAX_REPEAT, sre.MIN_REPEAT, sre.POSSESSIVE_REPEAT)
Rule = tuple[Callable[..., Any], Any, Any]  # (pattern.match, action, new state), as RegexLexer


class _Unknown(Exception):
    """The analysis cannot tell which characters a pattern starts with."""


def first_characters(pattern: re.Pattern[str]) -> frozenset[str]:
    """The ASCII characters a match of `pattern` can start with, and "" if it can match an
    empty string; every one of them where that cannot be told."""
    try:
        chars, empty = _first(_parser.parse(pattern.pattern, pattern.flags), pattern.flags)
    except (_Unknown, re.error, RecursionError):
        return _EVERYWHERE
    return _EVERYWHERE if empty else frozenset(chars)


def _first(items: Sequence[tuple[Any, Any]], flags: int) -> tuple[set[str], bool]:
    """(what the sequence `items` can start with, whether it can match empty)"""
    found: set[str] = set()
    for op, argument in items:
        chars, empty = _first_of(op, argument, flags)
        found |= chars
        if not empty:
            return found, False
    return found, True


def _first_of(op: Any, argument: Any, flags: int) -> tuple[set[str], bool]:
    if op is sre.LITERAL:
        return _cased({chr(argument)}, flags), False
    if op is sre.IN:
        return _in(argument, flags), False
    if op is sre.ANY or op is sre.NOT_LITERAL:
        return set(_ASCII), False
    if op in (sre.AT, sre.ASSERT, sre.ASSERT_NOT):  # they match no character
        return set(), True
    if op is sre.SUBPATTERN:
        _, add, remove, items = argument
        return _first(items, (flags | add) & ~remove)
    if op is sre.ATOMIC_GROUP:
        return _first(argument, flags)
    if op is sre.BRANCH:
        found: set[str] = set()
        empty = False
        for items in argument[1]:
            chars, can_be_empty = _first(items, flags)
            found |= chars
            empty |= can_be_empty
        return found, empty
    if op in _REPEATS:
        low, _, items = argument
        chars, empty = _first(items, flags)
        return chars, empty or low == 0
    raise _Unknown(op)


def _in(items: Sequence[tuple[Any, Any]], flags: int) -> set[str]:
    """The ASCII characters a character set `[...]` matches."""
    chars: set[str] = set()
    negated = False
    for op, argument in items:
        if op is sre.NEGATE:
            negated = True
        elif op is sre.LITERAL:
            chars.add(chr(argument))
        elif op is sre.RANGE:
            low, high = argument
            if high > 127 and flags & re.IGNORECASE:  # see _cased()
                raise _Unknown(op)
            chars.update(map(chr, range(low, min(high, 127) + 1)))
        elif op is sre.CATEGORY and argument in _CATEGORIES:
            chars |= _CATEGORIES[argument]
        else:
            raise _Unknown(op)
    if negated:
        if flags & re.IGNORECASE:
            raise _Unknown(op)
        return set(_ASCII - chars)
    return _cased(chars, flags)


def _cased(chars: set[str], flags: int) -> set[str]:
    """`chars` as the pattern matches them: both cases of a letter when it ignores case."""
    if not flags & re.IGNORECASE:
        return chars & _ASCII
    if not chars <= _ASCII:  # "K" (the Kelvin sign) matches "k" when case is ignored
        raise _Unknown(re.IGNORECASE)
    return chars | {c.swapcase() for c in chars}


class FilteredRegexLexer(RegexLexer):
    """A RegexLexer, as a base class before it, that tries only the rules that can match at
    the character at hand (see above). The rules of a state for a character are picked on
    first use and kept with the class."""

    _picked: dict[str, dict[str, Sequence[Rule]]]

    def get_tokens_unprocessed(
        self, text: str, stack: Sequence[str] = ("root",)
    ) -> Iterator[tuple[int, Any, str]]:
        """RegexLexer.get_tokens_unprocessed, but for the rules it tries."""
        pos = 0
        statestack = list(stack)
        picked = self._picked_in(statestack[-1])
        token_type = _TokenType
        while True:
            char = text[pos : pos + 1]
            rules = picked.get(char)
            if rules is None:
                rules = self._pick(statestack[-1], char)
            for match, action, new_state in rules:
                found = match(text, pos)
                if found:
                    if type(action) is token_type:
                        yield pos, action, found.group()
                    elif action is not None:
                        yield from action(self, found)
                    pos = found.end()
                    if new_state is not None:
                        _move(statestack, new_state)
                        picked = self._picked_in(statestack[-1])
                    break
            else:
                if not char:
                    break
                if char == "\n":  # no rule matched at the end of a line: start afresh
                    statestack = ["root"]
                    picked = self._picked_in("root")
                    yield pos, Whitespace, "\n"
                else:
                    yield pos, Error, char
                pos += 1

    @classmethod
    def _picked_in(cls, state: str) -> dict[str, Sequence[Rule]]:
        if "_picked" not in cls.__dict__:
            cls._picked = {}
        return cls._picked.setdefault(state, {})

    @classmethod
    def _pick(cls, state: str, char: str) -> Sequence[Rule]:
        """The rules of `state` that can match at `char`, in order; kept for an ASCII one."""
        rules = cls._tokens[state]
        if char not in _EVERYWHERE:
            return rules
        picked = cls._picked_in(state)[char] = [
            rule for rule in rules if char in _first_characters(rule[0])
        ]
        return picked


_FIRST: dict[re.Pattern[str], frozenset[str]] = {}


def _first_characters(match: Callable[..., Any]) -> frozenset[str]:
    """first_characters() of a rule's `pattern.match`, worked out once."""
    pattern = getattr(match, "__self__", None)
    if not isinstance(pattern, re.Pattern):
        return _EVERYWHERE
    found = _FIRST.get(pattern)
    if found is None:
        found = _FIRST[pattern] = first_characters(pattern)
    return found


def _move(statestack: list[str], new_state: Any) -> None:
    """RegexLexer's change of state, word for word."""
    if isinstance(new_state, tuple):
        for state in new_state:
            if state == "#pop":
                if len(statestack) > 1:
                    statestack.pop()
            elif state == "#push":
                statestack.append(statestack[-1])
            else:
                statestack.append(state)
    elif isinstance(new_state, int):  # pop, but keep at least one state on the stack
        if abs(new_state) >= len(statestack):
            del statestack[1:]
        else:
            del statestack[new_state:]
    elif new_state == "#push":
        statestack.append(statestack[-1])
    else:
        raise ValueError(f"wrong state def: {new_state!r}")
