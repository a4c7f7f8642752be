"""Score distributions drawn as inline SVG bar charts: ten 10% bins, geometry computed here."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

__all__ = ["BINS", "Bar", "Histogram", "bin_of", "histogram"]

BINS = 10
_BAR_WIDTH = 28
_GAP = 4
_LEFT = 6
_TOP = 16  # room for the count printed above the tallest bar
_PLOT_HEIGHT = 100
_BOTTOM = 18  # room for the bin labels under the bars


@dataclass(frozen=True)
class Bar:
    """One bin: learners who scored at least `lower`% and under `upper`% (100% in the last)."""

    lower: int
    upper: int
    count: int
    x: int
    y: float
    height: float

    @property
    def middle(self) -> float:
        return self.x + _BAR_WIDTH / 2


@dataclass(frozen=True)
class Histogram:
    bars: tuple[Bar, ...]
    total: int

    width = _LEFT * 2 + BINS * _BAR_WIDTH + (BINS - 1) * _GAP
    height = _TOP + _PLOT_HEIGHT + _BOTTOM
    bar_width = _BAR_WIDTH
    baseline = _TOP + _PLOT_HEIGHT
    label_y = _TOP + _PLOT_HEIGHT + 13

    @property
    def description(self) -> str:
        """The chart in words, for screen readers and for anyone who cannot see the bars."""
        return "; ".join(f"{b.lower}–{b.upper}%: {b.count}" for b in self.bars)


def bin_of(fraction: float) -> int:
    """The bin of a score given as a fraction of the points; 100% falls in the last bin."""
    # The small epsilon keeps 0.3 * 10 = 2.9999999999999996 in the 30% bin where it belongs.
    return max(0, min(int(fraction * BINS + 1e-9), BINS - 1))


def histogram(fractions: Iterable[float]) -> Histogram:
    counts = [0] * BINS
    for fraction in fractions:
        counts[bin_of(fraction)] += 1
    tallest = max(counts) or 1
    bars = tuple(_bar(index, count, tallest) for index, count in enumerate(counts))
    return Histogram(bars, sum(counts))


def _bar(index: int, count: int, tallest: int) -> Bar:
    height = round(_PLOT_HEIGHT * count / tallest, 2)
    x = _LEFT + index * (_BAR_WIDTH + _GAP)
    step = 100 // BINS
    return Bar(index * step, (index + 1) * step, count, x, _TOP + _PLOT_HEIGHT - height, height)
