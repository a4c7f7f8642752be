"""What a learner's page shows of a project's evaluations: each task's comparison table, the
bands each metric reached, and on the public set the confusion matrix, the ROC curve and the
predicted against actual rainfall, their geometry worked out here for inline SVG.

Every number comes from results.json or the gradebook, which may be damaged: a value that is
not finite is shown as "—" and never drawn.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

from grader.predictions.bands import BANDS
from grader.predictions.metrics import CLASSIFICATION, METRICS, REGRESSION
from grader.results import Evaluation, Scores

__all__ = [
    "BandBar",
    "Cell",
    "ComparisonTable",
    "Confusion",
    "EvaluationView",
    "Roc",
    "Row",
    "Scatter",
    "evaluation_views",
    "number",
]

DASH = "—"
_SETS = {
    "validation": "the validation set (public: you have its answers)",
    "test": "the private test set (the grade's larger share)",
}


def number(value: float | None, digits: int = 3) -> str:
    """A metric as a page shows it; "—" for one that is missing, NaN or infinite."""
    if value is None or not math.isfinite(value):
        return DASH
    if abs(value) >= 1e6:  # an MSE of 1e300 in 300 digits would stretch the table
        return f"{value:.3g}"
    return f"{value + 0.0:.{digits}f}".replace("-0.000", "0.000")  # no "-0.000"


@dataclass(frozen=True)
class Cell:
    text: str
    best: bool = False  # the best of the learner's models on this metric


@dataclass(frozen=True)
class Row:
    model: str
    kind: str  # "yours", "reference" or "baseline"
    cells: tuple[Cell, ...]


@dataclass(frozen=True)
class ComparisonTable:
    """One task's models (the learner's, the reference's, the baseline) against its metrics."""

    task: str  # "Rainfall tomorrow (mm)" or "Rain tomorrow"
    metrics: tuple[tuple[str, str], ...]  # title and which way is better: ("MAE", "lower")
    rows: tuple[Row, ...]


@dataclass(frozen=True)
class BandBar:
    """How far the learner's best model went on one metric, from the baseline to the reference."""

    metric: str
    lower_is_better: bool
    model: str
    share: float | None  # None when not finite
    reached: int  # bands reached, out of len(BANDS)

    bands = tuple(round(band * 100) for band in BANDS)

    @property
    def width(self) -> float:
        """The bar's length in percent of its track, which ends past the reference at 125 %."""
        if self.share is None:
            return 0.0
        return round(max(0.0, min(self.share, 1.25)) / 1.25 * 100, 2)

    @staticmethod
    def at(share: float) -> float:
        return round(share / 1.25 * 100, 2)

    @property
    def words(self) -> str:
        if self.share is None:
            return "not measured"
        return f"{self.share:.0%} of the way from the baseline to the reference"


@dataclass(frozen=True)
class Confusion:
    """Rows are the true class, columns the predicted one: [[tn, fp], [fn, tp]]."""

    model: str
    counts: tuple[tuple[int, int], tuple[int, int]]

    labels = ("No rain", "Rain")

    @property
    def total(self) -> int:
        return sum(map(sum, self.counts))

    def share(self, count: int) -> str:
        return f"{count / self.total:.0%}" if self.total else DASH


@dataclass(frozen=True)
class Roc:
    """The ROC curve in a square of SIZE units, y going up."""

    model: str
    points: str  # the polyline's "x,y x,y ..."
    auc: str

    size = 200
    pad = 24


@dataclass(frozen=True)
class Scatter:
    """Predicted against actual rainfall on a square plot whose axes are log(1 + mm): most
    days have 0-10 mm, and on a straight axis a few days of 100 mm and more would squash them
    into a corner; clipping those days instead would hide the errors MSE punishes most."""

    points: tuple[tuple[float, float], ...]  # in the plot's units
    ticks: tuple[tuple[float, str], ...]  # position along either axis, label in mm
    dropped: int  # points not finite, not drawn
    diagonal: float  # where y = x ends
    shown: int

    size = 260
    pad = 34


@dataclass(frozen=True)
class EvaluationView:
    evaluation: Evaluation
    anchor: str
    where: str  # which set, in words
    tables: tuple[ComparisonTable, ...]
    bands: tuple[BandBar, ...]
    confusion: Confusion | None = None
    roc: Roc | None = None
    scatter: Scatter | None = None


def evaluation_views(
    evaluations: tuple[Evaluation, ...], anchor: str
) -> tuple[EvaluationView, ...]:
    # The public set first: its charts explain the tables that follow.
    ordered = sorted(evaluations, key=lambda e: e.visibility != "public")
    return tuple(_view(e, f"{anchor}-e{index}") for index, e in enumerate(ordered, 1))


def _view(evaluation: Evaluation, anchor: str) -> EvaluationView:
    charted = evaluation.visibility == "public"  # never draw the private set, whatever it holds
    return EvaluationView(
        evaluation=evaluation,
        anchor=anchor,
        where=_SETS.get(evaluation.dataset, f"the {evaluation.dataset} set"),
        tables=tuple(t for t in (_table(evaluation, kind) for kind in _KINDS) if t.rows),
        bands=tuple(_band(evaluation, metric) for metric in METRICS if metric in evaluation.best),
        confusion=_confusion(evaluation) if charted else None,
        roc=_roc(evaluation) if charted else None,
        scatter=_scatter(evaluation.scatter) if charted and evaluation.scatter else None,
    )


_KINDS = {"Rainfall tomorrow (mm)": REGRESSION, "Rain tomorrow": CLASSIFICATION}


def _table(evaluation: Evaluation, task: str) -> ComparisonTable:
    metrics = _KINDS[task]
    rows = [
        Row(
            model, kind, tuple(_cell(values, metric, evaluation, model, kind) for metric in metrics)
        )
        for kind, scores in _sources(evaluation)
        for model, values in scores.items()
        if any(metric in values for metric in metrics)
    ]
    titles = tuple(_title(metric) for metric in metrics)
    return ComparisonTable(task, titles, tuple(rows))


def _sources(evaluation: Evaluation) -> tuple[tuple[str, Scores], ...]:
    return (
        ("yours", evaluation.learner),
        ("reference", evaluation.reference),
        ("baseline", evaluation.baseline),
    )


def _title(metric: str) -> tuple[str, str]:
    found = METRICS[metric]
    return found.title, "higher" if found.higher_is_better else "lower"


def _cell(
    values: dict[str, float], metric: str, evaluation: Evaluation, model: str, kind: str
) -> Cell:
    text = number(values.get(metric))
    # a damaged result may name as best a model whose score is no number: mark no dash
    best = kind == "yours" and evaluation.best.get(metric) == model and text != DASH
    return Cell(text, best)


def _band(evaluation: Evaluation, metric: str) -> BandBar:
    share = evaluation.progress.get(metric)
    finite = share if share is not None and math.isfinite(share) else None
    reached = 0 if finite is None else sum(finite >= band - 1e-9 for band in BANDS)
    return BandBar(
        metric=METRICS[metric].title,
        lower_is_better=not METRICS[metric].higher_is_better,
        model=evaluation.best[metric],
        share=finite,
        reached=reached,
    )


def _confusion(evaluation: Evaluation) -> Confusion | None:
    counts = evaluation.confusion
    if counts is None or any(c < 0 for row in counts for c in row):
        return None
    return Confusion(evaluation.classifier, counts)


def _roc(evaluation: Evaluation) -> Roc | None:
    inside = [(x, y) for x, y in evaluation.roc if 0 <= x <= 1 and 0 <= y <= 1]  # NaN fails
    if len(inside) < 2:
        return None
    size, pad = Roc.size, Roc.pad
    line = " ".join(f"{pad + x * size:.1f},{pad + (1 - y) * size:.1f}" for x, y in inside)
    return Roc(evaluation.classifier, line, number(evaluation.roc_auc))


_TICKS_MM = (0, 1, 5, 10, 20, 50, 100, 200, 500, 1000)


def _log(mm: float) -> float:
    return math.copysign(math.log1p(abs(mm)), mm)


def _scatter(points: tuple[tuple[float, float], ...]) -> Scatter | None:
    finite = [(a, p) for a, p in points if math.isfinite(a) and math.isfinite(p)]
    if not finite:
        return None
    low = min(0.0, *(_log(v) for pair in finite for v in pair))
    high = max(_log(1.0), *(_log(v) for pair in finite for v in pair))
    size, pad = Scatter.size, Scatter.pad

    def place(mm: float) -> float:
        return (_log(mm) - low) / (high - low) * size

    ticks = tuple(
        (round(place(mm), 1), f"{mm:g}")
        for mm in (*(-t for t in reversed(_TICKS_MM[1:])), *_TICKS_MM)
        if low <= _log(mm) <= high
    )
    drawn = tuple((round(pad + place(a), 1), round(pad + size - place(p), 1)) for a, p in finite)
    return Scatter(drawn, ticks, len(points) - len(finite), size, len(drawn))
