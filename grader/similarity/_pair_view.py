"""What a pair's side-by-side page shows: the two submissions' code, line by line, each line
marked with the numbers of the shared fragments it belongs to, and the fragments' list."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import NamedTuple

from markupsafe import Markup

from grader.reports._highlight import highlighted_lines
from grader.similarity._evidence import Reason, lines_words, reasons, span
from grader.similarity.model import Fragment, Pair

__all__ = [
    "MAX_FRAGMENTS",
    "MAX_LINES",
    "CodeLine",
    "Column",
    "FragmentLink",
    "PairView",
    "ShownCode",
    "pair_view",
    "shown_code",
]

MAX_FRAGMENTS = 60  # fragments a page lists and marks, longest first
# Lines a column shows: the gradebook caps a file at 256 KB, which could still be 100,000
# short lines; no copy worth reading is past the first few thousand.
MAX_LINES = 4000


class CodeLine(NamedTuple):
    """One line of a column: its number, its highlighted HTML (Markup, escaped already), the
    numbers of the fragments it is in ("" if none), and whether one of them starts here. A
    tuple, which the template unpacks: a page holds thousands of lines."""

    number: int
    html: Markup
    marks: str
    starts: bool


@dataclass(frozen=True)
class Column:
    """One learner's code on the page; `side` ("a", "b") prefixes its lines' anchors."""

    side: str
    learner: str
    lines: tuple[CodeLine, ...]
    hidden: int  # lines past MAX_LINES, not shown
    missing: bool  # the run kept no code for this submission
    label_width: int  # characters of the widest line number


@dataclass(frozen=True)
class FragmentLink:
    """A fragment in the page's list: its number, length, and the anchors of its first line
    in each column (None when that line is past what the column shows)."""

    number: int
    fragment: Fragment
    length: str
    a_span: str
    b_span: str
    a_target: str | None
    b_target: str | None


@dataclass(frozen=True)
class ShownCode:
    """A submission's code as a column shows it: its first MAX_LINES lines highlighted, and
    how many lines it has in all. Made once per learner, whatever the pairs they are in."""

    lines: list[Markup]
    total: int


def shown_code(source: str) -> ShownCode:
    lines = code_lines(source)
    shown = lines[:MAX_LINES]
    return ShownCode(highlighted_lines("".join(f"{line}\n" for line in shown)), len(lines))


@dataclass(frozen=True)
class PairView:
    pair: Pair
    rank: int
    submissions: int
    reasons: list[Reason]
    columns: tuple[Column, Column]
    fragments: tuple[FragmentLink, ...]
    more_fragments: int  # fragments past MAX_FRAGMENTS, neither listed nor marked


def pair_view(
    pair: Pair, *, rank: int, submissions: int, code: Callable[[str], ShownCode | None]
) -> PairView:
    """The page of `pair`, ranked `rank` among its module's `submissions`; `code` gives a
    learner's code in the pair's module, or None if the run kept none."""
    fragments = pair.fragments[:MAX_FRAGMENTS]
    a = _column("a", pair.a, code(pair.a), [f.a_lines for f in fragments])
    b = _column("b", pair.b, code(pair.b), [f.b_lines for f in fragments])
    links = tuple(_link(number, f, a, b) for number, f in enumerate(fragments, start=1))
    return PairView(
        pair=pair,
        rank=rank,
        submissions=submissions,
        reasons=reasons(pair, submissions=submissions),
        columns=(a, b),
        fragments=links,
        more_fragments=len(pair.fragments) - len(fragments),
    )


def code_lines(source: str) -> list[str]:
    """`source` cut into lines as the engine numbers them: at "\\n" only (a "\\r\\n" is one
    line end; a lone "\\r", which Python's parser would also take as one, is shown as a space
    rather than shift every line after it)."""
    text = source.replace("\r\n", "\n").replace("\r", " ")
    return text.split("\n")[: text.count("\n") + (not text.endswith("\n"))]


def _column(
    side: str, learner: str, code: ShownCode | None, spans: list[tuple[int, int]]
) -> Column:
    if code is None:
        return Column(side, learner, (), 0, True, 1)
    count = len(code.lines)
    marks: list[list[int]] = [[] for _ in range(count)]
    starts = [False] * count
    for number, (first, last) in enumerate(spans, start=1):
        first, last = max(first, 1), min(last, count)
        if first <= last:
            starts[first - 1] = True
        for index in range(first - 1, last):
            marks[index].append(number)
    lines = tuple(
        CodeLine(i + 1, html, ",".join(map(str, marks[i])), starts[i])
        for i, html in enumerate(code.lines)
    )
    return Column(side, learner, lines, code.total - count, False, len(str(count)))


def _link(number: int, fragment: Fragment, a: Column, b: Column) -> FragmentLink:
    return FragmentLink(
        number=number,
        fragment=fragment,
        length=lines_words(fragment),
        a_span=span(fragment.a_lines),
        b_span=span(fragment.b_lines),
        a_target=_target(a, fragment.a_lines[0]),
        b_target=_target(b, fragment.b_lines[0]),
    )


def _target(column: Column, line: int) -> str | None:
    first = max(line, 1)
    return f"{column.side}{first}" if first <= len(column.lines) else None
