"""The fragments two submissions share: maximal runs of the same normalised tokens, in either
order (greedy string tiling, as JPlag does: the longest run first, then the longest of what is
left), so that functions moved about still match."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence

import numpy as np

from grader.similarity.fingerprints import K, Starter, starter_tokens
from grader.similarity.model import Fragment
from grader.similarity.tokens import Tokens

__all__ = ["MAX_FRAGMENTS", "shared_fragments"]

MAX_FRAGMENTS = 50  # a pair's page shows this many at most, longest first
MAX_COMPARED = 20_000  # tokens of each file compared for fragments
MAX_RUNS = 50_000  # starting points tried: repetitive code cannot make a pair slow


def shared_fragments(
    a: Tokens, b: Tokens, *, starter: Starter | None = None, shortest: int = K
) -> tuple[Fragment, ...]:
    """The runs of at least `shortest` tokens `a` and `b` share, longest first, none
    overlapping another in either file; none mostly of the `starter` code (a signature)."""
    runs = _maximal_runs(a.kinds[:MAX_COMPARED], b.kinds[:MAX_COMPARED], shortest)
    if starter is not None:
        given = starter_tokens(a.kinds[:MAX_COMPARED], starter)
        runs = [r for run in runs if (r := _trimmed(run, given, shortest)) is not None]
    taken_a: set[int] = set()
    taken_b: set[int] = set()
    fragments = []
    for length, i, j in sorted(runs, key=lambda r: (-r[0], r[1], r[2])):
        if _overlaps(taken_a, i, length) or _overlaps(taken_b, j, length):
            continue
        taken_a.update(range(i, i + length))
        taken_b.update(range(j, j + length))
        fragments.append(_fragment(a, b, i, j, length))
        if len(fragments) == MAX_FRAGMENTS:
            break
    return tuple(fragments)


def _maximal_runs(a: Sequence[int], b: Sequence[int], shortest: int) -> list[tuple[int, int, int]]:
    """(length, start in a, start in b) of each run that cannot be made longer to the left."""
    starts: dict[tuple[int, ...], list[int]] = defaultdict(list)
    for j in range(len(b) - shortest + 1):
        starts[tuple(b[j : j + shortest])].append(j)
    runs: list[tuple[int, int, int]] = []
    tried = 0
    for i in range(len(a) - shortest + 1):
        for j in starts.get(tuple(a[i : i + shortest]), ()):
            if i and j and a[i - 1] == b[j - 1]:
                continue  # inside a run found from further left
            tried += 1
            if tried > MAX_RUNS:
                return runs
            length = shortest
            while i + length < len(a) and j + length < len(b) and a[i + length] == b[j + length]:
                length += 1
            runs.append((length, i, j))
    return runs


def _trimmed(
    run: tuple[int, int, int], given: np.ndarray, shortest: int
) -> tuple[int, int, int] | None:
    """The run without the starter's tokens at either end (a signature before a body), or
    None when too little is left."""
    length, i, j = run
    start, end = i, i + length
    while start < end and given[start]:
        start += 1
    while end > start and given[end - 1]:
        end -= 1
    if end - start < shortest:
        return None
    return (end - start, start, j + start - i)


def _overlaps(taken: set[int], start: int, length: int) -> bool:
    return (
        start in taken
        or start + length - 1 in taken
        or any(k in taken for k in range(start, start + length))
    )


def _fragment(a: Tokens, b: Tokens, i: int, j: int, length: int) -> Fragment:
    return Fragment(
        a_lines=(a.lines[i], a.lines[i + length - 1]),
        b_lines=(b.lines[j], b.lines[j + length - 1]),
        tokens=length,
    )
