"""A project's comparison of models on a terminal: the learner's models, the reference's
best and the naive baselines, one row each, one column per metric (grader.results.evaluation).
"""

from __future__ import annotations

import math

from grader.reports._visible import visible
from grader.results import Evaluation

__all__ = ["comparison_lines"]

_TITLES = {
    "mae": "MAE",
    "mse": "MSE",
    "r2": "R²",
    "accuracy": "accuracy",
    "jaccard": "Jaccard",
    "f1": "F1",
    "log_loss": "log loss",
}
_LOWER_IS_BETTER = {"mae", "mse", "log_loss"}
_NAME_WIDTH = 32


def comparison_lines(evaluation: Evaluation) -> list[str]:
    """The table, under a line saying which set it is on and how to read it."""
    metrics = [m for m in _TITLES if any(m in scores for scores in evaluation.learner.values())]
    widths = [max(8, len(_TITLES[m]) + 1) for m in metrics]
    lines = [
        f"Your models on the {visible(evaluation.dataset, one_line=True)} set "
        f"({evaluation.rows} rows); lower is better for "
        + ", ".join(_TITLES[m] for m in metrics if m in _LOWER_IS_BETTER)
        + ", * marks your best:",
        "  "
        + "".ljust(_NAME_WIDTH)
        + "".join(_TITLES[m].rjust(w) for m, w in zip(metrics, widths, strict=True)),
    ]
    rows = [(name, scores, True) for name, scores in evaluation.learner.items()]
    rows += [(f"reference: {name}", scores, False) for name, scores in evaluation.reference.items()]
    rows += [(f"baseline: {name}", scores, False) for name, scores in evaluation.baseline.items()]
    for name, scores, own in rows:
        cells = [
            _cell(scores.get(m), star=own and evaluation.best.get(m) == name).rjust(w)
            for m, w in zip(metrics, widths, strict=True)
        ]
        lines.append(
            "  " + visible(name, one_line=True)[:_NAME_WIDTH].ljust(_NAME_WIDTH) + "".join(cells)
        )
    return lines


def _cell(value: float | None, *, star: bool) -> str:
    if value is None:
        return ""
    if not math.isfinite(value):
        return "— "
    return f"{value:.3f}" + ("*" if star else " ")
