"""Fingerprints of a submission: hashes of its k-grams of normalised tokens, winnowed.

Winnowing (Schleimer, Wilkerson and Aiken, 2003, as MOSS and copydetect do) keeps the smallest
hash of every window of `WINDOW` k-grams: any run of `K + WINDOW - 1` tokens two files share
gives them a fingerprint in common, and a file keeps about 2 / (WINDOW + 1) of its k-grams.
The exercises are short functions, so k is small: 10 tokens is about one line of numpy.
Hashes are polynomial, taken with numpy over every k-gram at once.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
from numpy.lib.stride_tricks import sliding_window_view

__all__ = ["K", "WINDOW", "all_kgrams", "kgram_hashes", "winnowed"]

K = 10
WINDOW = 4
_BASE = np.uint64(0x100000001B3)  # odd, so that no token's place is lost modulo 2**64
_POWERS = np.array([_BASE ** np.uint64(K - 1 - i) for i in range(K)], dtype=np.uint64)


def kgram_hashes(kinds: Sequence[int]) -> np.ndarray:
    """The hash of each run of K tokens, in order (the same in every process)."""
    if len(kinds) < K:
        return np.zeros(0, dtype=np.uint64)
    tokens = np.asarray(kinds, dtype=np.uint64)
    with np.errstate(over="ignore"):
        return (sliding_window_view(tokens, K) * _POWERS).sum(axis=1, dtype=np.uint64)


def all_kgrams(kinds: Sequence[int]) -> frozenset[int]:
    """Every k-gram's hash: the starter code's, so that none of it ever counts."""
    return frozenset(kgram_hashes(kinds).tolist())


def winnowed(kinds: Sequence[int]) -> dict[int, int]:
    """The fingerprints of a file: each selected hash and the first token it starts at."""
    hashes = kgram_hashes(kinds)
    if len(hashes) <= WINDOW:
        picked = np.arange(len(hashes))
    else:
        # the rightmost smallest of each window, as the paper does: a window sliding on
        # keeps its pick, so consecutive windows mostly pick the same k-gram
        windows = sliding_window_view(hashes, WINDOW)[:, ::-1]
        picked = np.unique(np.arange(WINDOW - 1, len(hashes)) - windows.argmin(axis=1))
    found: dict[int, int] = {}
    for at, value in zip(picked.tolist(), hashes[picked].tolist(), strict=True):
        found.setdefault(value, at)
    return found
