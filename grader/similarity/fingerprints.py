"""Fingerprints of a submission: hashes of its k-grams of normalised tokens, winnowed.

Winnowing (Schleimer, Wilkerson and Aiken, 2003, as MOSS and copydetect do) keeps the smallest
hash of every window of `WINDOW` k-grams: any run of `K + WINDOW - 1` tokens two files share
gives them a fingerprint in common, and a file keeps about 2 / (WINDOW + 1) of its k-grams.
The exercises are short functions, so k is small: 10 tokens is about one line of numpy.
"""

from __future__ import annotations

from collections.abc import Sequence

__all__ = ["K", "WINDOW", "all_kgrams", "winnowed"]

K = 10
WINDOW = 4


def kgram_hashes(kinds: Sequence[int], k: int = K) -> list[int]:
    """The hash of each run of `k` tokens, in order (a tuple of ints hashes the same in every
    process: no hash randomisation for numbers)."""
    return [hash(tuple(kinds[i : i + k])) for i in range(len(kinds) - k + 1)]


def all_kgrams(kinds: Sequence[int]) -> frozenset[int]:
    """Every k-gram's hash: the starter code's, so that none of it ever counts."""
    return frozenset(kgram_hashes(kinds))


def winnowed(kinds: Sequence[int]) -> dict[int, int]:
    """The fingerprints of a file: each selected hash and the first token it starts at."""
    hashes = kgram_hashes(kinds)
    if len(hashes) <= WINDOW:
        return _first_positions(hashes, range(len(hashes)))
    picked: list[int] = []
    last = -1
    for start in range(len(hashes) - WINDOW + 1):
        window = hashes[start : start + WINDOW]
        # the rightmost smallest, as the paper does: a window sliding on keeps its pick
        low = min(window)
        at = start + WINDOW - 1 - window[::-1].index(low)
        if at != last:
            picked.append(at)
            last = at
    return _first_positions(hashes, picked)


def _first_positions(hashes: Sequence[int], positions: Sequence[int] | range) -> dict[int, int]:
    found: dict[int, int] = {}
    for at in positions:
        found.setdefault(hashes[at], at)
    return found
