"""A project's predictions measured on a held-out set: the metrics of each of the learner's
models beside the reference's and a naive baseline's, and what the charts of the report need.

The numbers are worked out in the trusted process (grader.predictions) from what the
learner's pipeline predicted and the set's true targets, which never reach the learner's
process. An evaluation on the public validation set is the learner's to see at once (they
hold its targets); one on the private test set is a hidden check's detail, shown to learners
once the module's feedback is released (grader.results.release), and without charts, which
would draw the private targets.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from typing import Any

from grader.results.checks import Visibility

__all__ = ["MAX_POINTS", "SHOWN_DIGITS", "Evaluation", "Scores"]

Scores = dict[str, dict[str, float]]  # model (or baseline) name -> metric name -> value

MAX_POINTS = 1_000  # points of a curve or a scatter kept in a result
SHOWN_DIGITS = 3  # decimals of a private set's scores a learner is shown
_MAX_MODELS = 20
_MAX_NAME = 60


@dataclass(frozen=True)
class Evaluation:
    """One learner's predictions on one held-out set, measured."""

    dataset: str  # "validation" (public: the learner has its targets) or "test" (private)
    visibility: Visibility  # "public" for validation, "hidden" for the private test set
    rows: int  # rows predicted
    learner: Scores  # each of the learner's models: its metrics
    reference: Scores  # the reference pipeline's models, on the same rows
    baseline: Scores  # the naive baselines ("mean rainfall", "majority class")
    # Per metric: how far the learner's best model went from the baseline (0) to the
    # reference (1), and which model that was.
    progress: dict[str, float] = field(default_factory=dict)
    best: dict[str, str] = field(default_factory=dict)
    # Charts of the learner's best classifier and regression, public sets only.
    classifier: str = ""  # the model the confusion matrix and ROC curve are of
    confusion: tuple[tuple[int, int], tuple[int, int]] | None = None  # [[tn, fp], [fn, tp]]
    roc: tuple[tuple[float, float], ...] = ()  # (false positive rate, true positive rate)
    roc_auc: float | None = None
    scatter: tuple[tuple[float, float], ...] = ()  # (actual, predicted) rainfall per row

    def rounded(self, digits: int = SHOWN_DIGITS) -> Evaluation:
        """The evaluation with every score cut to `digits` decimals: what a learner is shown
        of the private test set, where a score's last digits could spell out the targets a
        pipeline's predictions were made to probe."""

        def cut(scores: Scores) -> Scores:
            return {name: _cut(values, digits) for name, values in scores.items()}

        return replace(
            self,
            learner=cut(self.learner),
            reference=cut(self.reference),
            baseline=cut(self.baseline),
            progress=_cut(self.progress, digits),
            roc_auc=None if self.roc_auc is None else round(self.roc_auc, digits),
        )

    @property
    def charted(self) -> bool:
        return self.confusion is not None or bool(self.roc) or bool(self.scatter)

    def to_dict(self) -> dict[str, Any]:
        data: dict[str, Any] = {
            "dataset": self.dataset,
            "visibility": self.visibility,
            "rows": self.rows,
            "learner": self.learner,
            "reference": self.reference,
            "baseline": self.baseline,
            "progress": self.progress,
            "best": self.best,
        }
        if self.classifier:
            data["classifier"] = self.classifier
        if self.confusion is not None:
            data["confusion"] = [list(row) for row in self.confusion]
        if self.roc:
            data["roc"] = [list(point) for point in self.roc]
        if self.roc_auc is not None:
            data["roc_auc"] = self.roc_auc
        if self.scatter:
            data["scatter"] = [list(point) for point in self.scatter]
        return data

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> Evaluation:
        """An evaluation as results.json or the gradebook keep it; sizes are capped, so that a
        damaged or edited file cannot make a report draw a million points."""
        visibility: Visibility = "hidden" if data.get("visibility") == "hidden" else "public"
        confusion = data.get("confusion")
        return cls(
            dataset=_name(data.get("dataset", "")),
            visibility=visibility,
            rows=_count(data.get("rows", 0)),
            learner=_scores(data.get("learner")),
            reference=_scores(data.get("reference")),
            baseline=_scores(data.get("baseline")),
            progress=_numbers(data.get("progress")),
            best={_name(k): _name(v) for k, v in _items(data.get("best"))},
            classifier=_name(data.get("classifier", "")),
            confusion=_confusion(confusion),
            roc=_points(data.get("roc")),
            roc_auc=_number(data["roc_auc"]) if data.get("roc_auc") is not None else None,
            scatter=_points(data.get("scatter")),
        )

    @classmethod
    def read(cls, data: Any) -> Evaluation | None:
        """from_dict, or None for a record too damaged to read (a hand-edited results.json):
        the rest of the result is still read."""
        if not isinstance(data, Mapping):
            return None
        try:
            return cls.from_dict(data)
        except (TypeError, ValueError, OverflowError):
            return None


def _cut(values: dict[str, float], digits: int) -> dict[str, float]:
    return {name: round(value, digits) for name, value in values.items()}


def _items(value: Any) -> list[tuple[Any, Any]]:
    return list(value.items())[:_MAX_MODELS] if isinstance(value, Mapping) else []


def _name(value: Any) -> str:
    return str(value)[:_MAX_NAME]


def _number(value: Any) -> float:
    """A finite number, else NaN (a report shows it as "—")."""
    try:
        number = float(value)
    except (TypeError, ValueError, OverflowError):
        return math.nan
    return number if math.isfinite(number) else math.nan


def _numbers(value: Any) -> dict[str, float]:
    return {_name(k): _number(v) for k, v in _items(value)}


def _scores(value: Any) -> Scores:
    return {_name(model): _numbers(metrics) for model, metrics in _items(value)}


def _count(value: Any) -> int:
    try:
        return max(0, int(value))
    except (TypeError, ValueError, OverflowError):
        return 0


def _confusion(value: Any) -> tuple[tuple[int, int], tuple[int, int]] | None:
    try:
        (tn, fp), (fn, tp) = value
        return (_count(tn), _count(fp)), (_count(fn), _count(tp))
    except (TypeError, ValueError):
        return None


def _points(value: Any) -> tuple[tuple[float, float], ...]:
    if not isinstance(value, list):
        return ()
    return tuple(
        (_number(point[0]), _number(point[1]))
        for point in value[:MAX_POINTS]
        if isinstance(point, list | tuple) and len(point) == 2
    )
