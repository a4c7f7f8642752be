"""Fingerprints of a submission: hashes of its k-grams of normalised tokens, winnowed.

Winnowing (Schleimer, Wilkerson and Aiken, 2003, as MOSS and copydetect do) keeps the smallest
hash of every window of `WINDOW` k-grams: any run of `K + WINDOW - 1` tokens two files share
gives them a fingerprint in common, and a file keeps about 2 / (WINDOW + 1) of its k-grams.
The exercises are short functions, so k is small: 10 tokens is about one line of numpy.
Hashes are polynomial, taken with numpy over every k-gram at once.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
from numpy.lib.stride_tricks import sliding_window_view

__all__ = [
    "K",
    "SHORT",
    "WINDOW",
    "Starter",
    "kgram_hashes",
    "starter_of",
    "starter_tokens",
    "winnowed",
]

K = 10
WINDOW = 4
SHORT = 6  # a run of the starter's this long in a learner's file is the starter's
_BASE = np.uint64(0x100000001B3)  # odd, so that no token's place is lost modulo 2**64


@dataclass(frozen=True)
class Starter:
    """What learners were given, as hashes: its k-grams, and its shorter runs."""

    kgrams: frozenset[int] = frozenset()
    short: frozenset[int] = frozenset()


def kgram_hashes(kinds: Sequence[int], k: int = K) -> np.ndarray:
    """The hash of each run of `k` tokens, in order (the same in every process)."""
    if len(kinds) < k:
        return np.zeros(0, dtype=np.uint64)
    tokens = np.asarray(kinds, dtype=np.uint64)
    powers = np.array([_BASE ** np.uint64(k - 1 - i) for i in range(k)], dtype=np.uint64)
    with np.errstate(over="ignore"):
        return (sliding_window_view(tokens, k) * powers).sum(axis=1, dtype=np.uint64)


def starter_of(files: Sequence[Sequence[int]]) -> Starter:
    """The starter code's hashes, from each of its files' tokens."""
    return Starter(
        kgrams=frozenset(h for kinds in files for h in kgram_hashes(kinds).tolist()),
        short=frozenset(h for kinds in files for h in kgram_hashes(kinds, SHORT).tolist()),
    )


def winnowed(kinds: Sequence[int], starter: Starter | None = None) -> dict[int, int]:
    """The fingerprints of a file: each selected hash and the first token it starts at.

    None is a k-gram of the `starter` code's, nor made half or more of tokens that stand in a
    run of the starter's: where a learner's code meets the stub's (a signature and the first
    words of a body) is what every learner writes."""
    hashes = kgram_hashes(kinds)
    if starter is not None and len(hashes):
        hashes = _without_starter(kinds, hashes, starter)
    if len(hashes) <= WINDOW:
        picked = np.arange(len(hashes))
    else:
        # the rightmost smallest of each window, as the paper does: a window sliding on
        # keeps its pick, so consecutive windows mostly pick the same k-gram
        windows = sliding_window_view(hashes, WINDOW)[:, ::-1]
        picked = np.unique(np.arange(WINDOW - 1, len(hashes)) - windows.argmin(axis=1))
    found: dict[int, int] = {}
    for at, value in zip(picked.tolist(), hashes[picked].tolist(), strict=True):
        if value != _LEFT_OUT:
            found.setdefault(value, at)
    return found


_LEFT_OUT = 0  # a k-gram of the starter's, or mostly of its tokens: never a fingerprint


def starter_tokens(kinds: Sequence[int], starter: Starter) -> np.ndarray:
    """Which of a file's tokens stand in a run of the starter code's (SHORT tokens or more)."""
    short = kgram_hashes(kinds, SHORT)
    runs = np.flatnonzero(np.fromiter((h in starter.short for h in short.tolist()), bool))
    marks = np.zeros(len(kinds) + 1, dtype=np.int32)  # +1 where a starter run starts
    np.add.at(marks, runs, 1)
    np.add.at(marks, runs + SHORT, -1)  # ... and -1 past its end
    return np.cumsum(marks)[: len(kinds)] > 0


def _without_starter(kinds: Sequence[int], hashes: np.ndarray, starter: Starter) -> np.ndarray:
    """`hashes` with the starter's k-grams, and those of half or more starter tokens, set to
    _LEFT_OUT."""
    covered = starter_tokens(kinds, starter)
    mostly = sliding_window_view(covered, K).sum(axis=1) * 2 >= K
    given = np.fromiter((h in starter.kgrams for h in hashes.tolist()), bool, len(hashes))
    return np.where(mostly | given, np.uint64(_LEFT_OUT), hashes)
