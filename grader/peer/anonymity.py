"""A submission made anonymous before a classmate reviews it: every identity of the class
(learner ids, names, e-mail addresses) removed from its text, with the header lines, author
variables and home folders that name their writer.

What is removed, case-insensitively and on word boundaries (a letter next to a name makes it
another word, `data` or `Adam`; `_`, `.`, digits and a change of case do not, `ada_model`,
`adaModel`, `ada42`; an id is one word whole, `s12345` but not `s123456`):
- each learner's id, full name, each part of their name of three letters or more, e-mail
  address and its local part, and the same without accents (`Zoë` and `Zoe`);
- every e-mail address, whoever's;
- the value of a header line that names its writer (`# Author: ...`, `Student: ...` in a
  docstring or a markdown cell, `**Name:** ...`), and of `__author__ = ...` and its kin;
- the user in a home folder's path (`/home/ada/`, `C:\\Users\\ada\\`).

This keeps names from slipping into a packet by accident; an author set on being recognised
can always describe themselves, which no scrubbing can tell from their work.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from functools import lru_cache

__all__ = ["REMOVED", "Identity", "Scrubber"]

REMOVED = "[name removed]"
MIN_PART = 3  # a name's parts this long or longer are removed on their own: "Ada", not "Li"

_WORD = re.compile(r"[^\W_]+")  # letters and digits: a match must be a whole one of these
_PART = re.compile(r"[^\W\d_][^\W\d_A-Z]*|\d+")  # within a word: `adaModel42` -> ada, Model, 42
_SEPARATOR = re.compile(r"[\s._-]+")  # between a name's parts, as a writer may join them
_EMAIL = re.compile(r"[\w.!#$%&'*+/=?^`{|}~-]{1,64}@[^\W_](?:[\w-]{0,62}\.)+[^\W\d_]{2,24}")
# Not `learner` nor `model`: in this course's code they name as often a model as a person.
_LABELS = (
    r"authors?|names?|full[ _]name|student(?:[ _-]?(?:name|id|number|no))?|e-?mail"
    r"|contact|matriculation(?:[ _]number)?|(?:written|submitted|created|made)[ _]by"
)
# A header line in a comment: `# Author: Ada`, `## Name = Ada`, `# Written by Ada`.
_COMMENT_HEADER = re.compile(
    rf"^(?P<lead>[ \t]*#+[ \t]*[*_]*)(?P<label>{_LABELS})"
    r"(?P<sep>[*_]*[ \t]*[:=]|(?<=by)[ \t]+)(?P<value>.*)$",
    re.IGNORECASE | re.MULTILINE,
)
# Outside comments (a docstring, a markdown cell), a capital or bold label and a colon:
# `Author: Ada`, `**Name:** Ada`, `- E-mail: ...`; not a line of code, `name: str = ""`.
_TEXT_HEADER = re.compile(
    rf"^(?P<lead>[ \t>*_|-]*)(?P<label>{_LABELS})(?P<sep>[*_]*[ \t]*:(?![:=])[*_]*)"
    r"(?P<value>[^\n]*)$",
    re.IGNORECASE | re.MULTILINE,
)
_DUNDER = re.compile(
    r"^(?P<lead>[ \t]*__(?:author|authors|email|maintainer|credits|contact|copyright)__"
    r"[ \t]*(?::[^=\n]*)?=[ \t]*)(?P<value>.*)$",
    re.MULTILINE,
)
_HOME = re.compile(r"(?P<lead>[\\/]+(?:home|Users|users)[\\/]+)(?P<user>[^/\\\s'\"]+)")
_ENDS = re.compile(r"^[\W_]+|[\W_]+$")  # what a name may start or end with but not a word


@dataclass(frozen=True)
class Identity:
    """One learner of the class, as the roster knows them."""

    learner: str  # the id (folder name)
    name: str = ""  # "Ada Lovelace" ('' when unknown)
    email: str = ""


class Scrubber:
    """Removes the identities of a class from any text: built once for the class, then used
    on every submission, in time that goes with the text, whatever the size of the class
    (one look-up a word; a pattern tried only where a name of several words starts)."""

    def __init__(self, identities: Iterable[Identity]) -> None:
        words: set[str] = set()
        phrases: dict[str, list[str]] = {}
        for term in _terms(identities):
            pieces = _WORD.findall(term)
            if len(pieces) == 1 and pieces[0] == term:
                words.add(term)
            elif pieces:
                phrases.setdefault(pieces[0], []).append(term)
        self._words = frozenset(words)
        # Longest first, so that "ada.lovelace@uni.edu" goes whole rather than as "ada".
        self._phrases = {
            first: tuple(sorted(found, key=len, reverse=True)) for first, found in phrases.items()
        }

    def scrub(self, text: str) -> str:
        """`text` with every identity, e-mail address, author line and home folder removed."""
        text = _EMAIL.sub(REMOVED, text)
        text = _DUNDER.sub(lambda m: f'{m["lead"]}"{REMOVED}"', text)
        text = _COMMENT_HEADER.sub(_header, text)
        text = _TEXT_HEADER.sub(_text_header, text)
        text = _HOME.sub(lambda m: m["lead"] + REMOVED, text)
        return "".join(self._pieces(text))

    def _pieces(self, text: str) -> Iterator[str]:
        done = 0
        for word in _WORD.finditer(text):
            if word.start() < done:
                continue  # inside a phrase already removed
            end = self._match(text, word)
            if end:
                yield text[done : word.start()]
                yield REMOVED
                done = end
            elif not word.group().isdigit() and (parts := self._parts(word.group())):
                yield text[done : word.start()]
                yield parts
                done = word.end()
        yield text[done:]

    def _match(self, text: str, word: re.Match[str]) -> int:
        """Where the identity starting at `word` ends; 0 when none starts there."""
        folded = _fold(word.group())
        for phrase in self._phrases.get(folded, ()):
            found = _phrase(phrase).match(text, word.start())
            if found:
                return found.end()
        return word.end() if folded in self._words else 0

    def _parts(self, word: str) -> str:
        """`word` with the names inside it removed (`adaModel` -> `[name removed]Model`);
        "" when there are none, which is nearly always."""
        if word.isalpha() and (word.islower() or word.isupper() or word.istitle()):
            return ""  # one part only: `_match` has looked at it whole
        parts = [(m.start(), m.end()) for m in _PART.finditer(word)]
        if len(parts) < 2 or not any(_fold(word[a:b]) in self._words for a, b in parts):
            return ""
        kept, done = [], 0
        for start, end in parts:
            if _fold(word[start:end]) in self._words:
                kept += [word[done:start], REMOVED]
                done = end
        return "".join([*kept, word[done:]])


def _header(match: re.Match[str]) -> str:
    if not match["value"].strip() or match["value"].strip() == REMOVED:
        return match.group()
    return f"{match['lead']}{match['label']}{match['sep'].rstrip()} {REMOVED}"


def _text_header(match: re.Match[str]) -> str:
    bold = "*" in match["lead"] + match["sep"] or "_" in match["sep"]
    return _header(match) if bold or match["label"][0].isupper() else match.group()


def _terms(identities: Iterable[Identity]) -> set[str]:
    """Every text that names a learner of the class, folded: ids, names and their parts,
    e-mail addresses and their local parts, each with and without its accents."""
    terms: set[str] = set()
    for identity in identities:
        name = " ".join(identity.name.split())
        email = identity.email.strip()
        found = {identity.learner, name, email, email.partition("@")[0]}
        found |= {part for part in _WORD.findall(name) if len(part) >= MIN_PART}
        found = {_ENDS.sub("", term) for term in found}
        terms |= {_fold(term) for term in found if term}
        terms |= {_fold(_plain(term)) for term in found if term}
    return {term for term in terms if _WORD.search(term)}


@lru_cache(maxsize=4096)  # compiled when first met: most of a class's never are
def _phrase(term: str) -> re.Pattern[str]:
    """A pattern of `term` as it may be written: any case, its parts joined by spaces, dots,
    dashes or underscores, and nothing of a word before or after it."""
    pieces = [re.escape(piece) for piece in _SEPARATOR.split(term)]
    core = r"[\s._-]+".join(pieces)
    return re.compile(rf"(?<![^\W_]){core}(?![^\W_])", re.IGNORECASE)


def _fold(text: str) -> str:
    # lower(), not casefold(): the patterns match with re.IGNORECASE, which never makes
    # "ss" of a "ß" as casefold() does.
    return text.lower()


def _plain(text: str) -> str:
    """`text` without accents: "Zoë Ørsted" -> "Zoe Ørsted" (letters that are not an accented
    letter stay)."""
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(c for c in decomposed if not unicodedata.combining(c))
