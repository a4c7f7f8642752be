"""Points by bands between a naive baseline and the reference pipeline.

A model's *progress* on a metric is how far it went from the baseline (0) towards the
reference (1) on the same rows: (score - baseline) / (reference - baseline), the other way
round for a metric where lower is better. Each band reached earns its share of the check's
points; a model at least as good as the reference reaches them all.
"""

from __future__ import annotations

from grader.predictions.metrics import Metric

__all__ = ["BANDS", "bands_reached", "needed", "progress", "stated"]

BANDS = (0.25, 0.5, 0.8)  # shares of the way from the baseline to the reference


def progress(score: float, *, baseline: float, reference: float, metric: Metric) -> float:
    """How far `score` went from the baseline towards the reference; 1 or more reaches all
    bands. Where the reference is no better than the baseline, being as good as the
    reference is all there is to reach."""
    gain = reference - baseline if metric.higher_is_better else baseline - reference
    made = score - baseline if metric.higher_is_better else baseline - score
    if gain <= 0:
        return 1.0 if not metric.better(reference, score) else 0.0
    return made / gain


def bands_reached(share: float) -> int:
    return sum(share >= band - 1e-9 for band in BANDS)


def needed(band: float, *, baseline: float, reference: float) -> float:
    """The score that reaches `band`."""
    return baseline + band * (reference - baseline)


def stated(metric: Metric) -> str:
    """The rule, as a check's hint states it."""
    shares = ", ".join(f"{band:.0%}" for band in BANDS)
    return (
        f"Points by bands of your best model's {metric.title}: a third of them for each of "
        f"{shares} of the way from the naive baseline to the reference pipeline reached."
    )
