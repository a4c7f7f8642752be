"""The class page's leaderboards of a project: each task's learners ranked by their best model
on the test set (the validation set while no test-set result is there), and the spread of each
metric across the class with the baseline and the reference marked.

The class page is the instructor's: it names learners by their ids. Each learner adds one small
record (`EvaluationSeen`, plain data made in any process), folded in one at a time. Learners'
own pages show the same ranking without whose rows are whose (_learner_board).
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from typing import NamedTuple

from grader.predictions.metrics import CLASSIFICATION, METRICS, REGRESSION
from grader.reports._evaluation_view import number
from grader.results import Evaluation, LearnerResult, ModuleStatus, Scores

__all__ = [
    "Board",
    "BoardRow",
    "EvaluationSeen",
    "LeaderboardTally",
    "MetricChart",
    "evaluation_seen",
    "evaluations_seen",
]

_TASKS = (  # title, metrics, the metric ranked by
    ("Rainfall tomorrow", REGRESSION, "mae"),
    ("Rain tomorrow", CLASSIFICATION, "f1"),
)
_LEFT = 28
_SETS = ("test", "validation")  # the set a board ranks on: the first of these measured


class EvaluationSeen(NamedTuple):
    """One learner's best score per metric on one set, beside the baseline's and reference's."""

    module: str
    dataset: str
    best: dict[str, float]
    baseline: dict[str, float]
    reference: dict[str, float]


def evaluations_seen(learner: LearnerResult) -> list[EvaluationSeen]:
    return [
        evaluation_seen(module.module, evaluation)
        for module in learner.modules
        if module.status is ModuleStatus.GRADED
        for evaluation in module.evaluations
    ]


def evaluation_seen(module: str, evaluation: Evaluation) -> EvaluationSeen:
    return EvaluationSeen(
        module,
        evaluation.dataset,
        _best_of(evaluation.learner),
        _best_of(evaluation.baseline),
        _best_of(evaluation.reference),
    )


def _best_of(scores: Scores) -> dict[str, float]:
    """Each metric's best finite value among the models; a damaged value is left out."""
    found: dict[str, float] = {}
    for values in scores.values():
        for metric, value in values.items():
            if metric not in METRICS or not math.isfinite(value):
                continue
            if metric not in found or METRICS[metric].better(value, found[metric]):
                found[metric] = value
    return found


@dataclass(frozen=True)
class BoardRow:
    rank: int
    learner: str
    href: str
    cells: tuple[str, ...]


@dataclass(frozen=True)
class MetricChart:
    """How the class spread on one metric: ten bins between the lowest and highest value seen
    (the baseline's and the reference's included), each end marked where it falls."""

    metric: str
    bars: tuple[tuple[float, float, int], ...]  # x, height, learners
    marks: tuple[tuple[float, str], ...]  # x of the baseline and the reference, and which
    low: str
    high: str
    total: int

    width = 372  # room on each side for a mark's label at either end
    height = 150
    bar_width = 28
    baseline_y = 116  # where the bars stand
    plot_height = 90

    @property
    def description(self) -> str:
        counts = ", ".join(str(count) for _, _, count in self.bars)
        return f"{self.total} learners from {self.low} to {self.high}, by tenths: {counts}"


@dataclass(frozen=True)
class Board:
    """One task of a project, on one set."""

    module: str
    dataset: str
    task: str
    ranked_by: str  # the metric's title, and which way is better
    metrics: tuple[tuple[str, str], ...]  # title and which way is better: ("MAE", "lower")
    rows: tuple[BoardRow, ...]
    reference: tuple[str, ...]
    baseline: tuple[str, ...]
    charts: tuple[MetricChart, ...]


@dataclass
class LeaderboardTally:
    """The boards, folded in one learner at a time."""

    _seen: dict[tuple[str, str], list[tuple[str, str, dict[str, float]]]] = field(
        default_factory=dict
    )
    _ends: dict[tuple[str, str], tuple[dict[str, float], dict[str, float]]] = field(
        default_factory=dict
    )

    def add(self, learner: str, href: str, seen: tuple[EvaluationSeen, ...]) -> None:
        for one in seen:
            key = (one.module, one.dataset)
            self._seen.setdefault(key, []).append((learner, href, one.best))
            self._ends.setdefault(key, (one.baseline, one.reference))

    def boards(self, modules: tuple[str, ...]) -> tuple[Board, ...]:
        """Each project's boards, in the course's order, on its test set when any learner's
        result holds one, else on its validation set."""
        found: list[Board] = []
        for module in (*modules, *sorted({m for m, _ in self._seen} - set(modules))):
            sets = [dataset for m, dataset in self._seen if m == module]
            if not sets:
                continue
            # a damaged record's set of another name ("", "x") never hides the real ones
            dataset = next((name for name in _SETS if name in sets), min(sets))
            found.extend(self._boards_of(module, dataset))
        return tuple(found)

    def _boards_of(self, module: str, dataset: str) -> list[Board]:
        seen, (baseline, reference) = self._seen[(module, dataset)], self._ends[(module, dataset)]
        boards = []
        for task, all_metrics, ranked_by in _TASKS:
            # the metric ranked by first: on a phone it is the column on screen
            metrics = (ranked_by, *(m for m in all_metrics if m != ranked_by))
            entries = [entry for entry in seen if any(m in entry[2] for m in metrics)]
            if not entries:
                continue
            boards.append(
                Board(
                    module=module,
                    dataset=dataset,
                    task=task,
                    ranked_by=_title(ranked_by),
                    metrics=tuple(_way(m) for m in metrics),
                    rows=_ranked(entries, metrics, ranked_by),
                    reference=_cells(reference, metrics),
                    baseline=_cells(baseline, metrics),
                    charts=tuple(
                        _chart(m, [e[2][m] for e in entries if m in e[2]], baseline, reference)
                        for m in metrics
                    ),
                )
            )
        return boards


def _way(metric: str) -> tuple[str, str]:
    found = METRICS[metric]
    return found.title, "higher" if found.higher_is_better else "lower"


def _title(metric: str) -> str:
    found = METRICS[metric]
    return f"{found.title} ({'higher' if found.higher_is_better else 'lower'} is better)"


def _cells(best: dict[str, float], metrics: tuple[str, ...]) -> tuple[str, ...]:
    return tuple(number(best.get(m)) for m in metrics)


def _ranked(
    entries: list[tuple[str, str, dict[str, float]]], metrics: tuple[str, ...], by: str
) -> tuple[BoardRow, ...]:
    """Best first; learners without the metric last; equal scores share a rank."""
    sign = -1.0 if METRICS[by].higher_is_better else 1.0

    def key(entry: tuple[str, str, dict[str, float]]) -> tuple[bool, float, str]:
        value = entry[2].get(by)
        return value is None, sign * value if value is not None else 0.0, entry[0]

    rows: list[BoardRow] = []
    previous: tuple[bool, float] | None = None
    for place, entry in enumerate(sorted(entries, key=key), 1):
        score = key(entry)[:2]
        rank = rows[-1].rank if rows and score == previous else place
        rows.append(BoardRow(rank, entry[0], entry[1], _cells(entry[2], metrics)))
        previous = score
    return tuple(rows)


def _chart(
    metric: str, values: list[float], baseline: dict[str, float], reference: dict[str, float]
) -> MetricChart:
    ends = {
        name: best[metric]
        for name, best in (("baseline", baseline), ("reference", reference))
        if metric in best
    }
    low = min([*values, *ends.values()], default=0.0)
    high = max([*values, *ends.values()], default=1.0)
    span = (high - low) or 1.0
    if not math.isfinite(span):  # from -1e308 to 1e308: halve everything to draw it
        return _chart(metric, [v / 2 for v in values], _halved(baseline), _halved(reference))
    counts = [0] * 10
    for value in values:
        counts[max(0, min(int((value - low) / span * 10), 9))] += 1
    tallest = max(counts) or 1
    plot, left, step = MetricChart.plot_height, _LEFT, 32
    bars = tuple(
        (left + index * step, round(plot * count / tallest, 2), count)
        for index, count in enumerate(counts)
    )
    inner = 10 * step - 4
    marks = tuple(
        (round(left + (value - low) / span * inner, 2), name) for name, value in ends.items()
    )
    return MetricChart(METRICS[metric].title, bars, marks, f"{low:.3g}", f"{high:.3g}", len(values))


def _halved(best: dict[str, float]) -> dict[str, float]:
    return {metric: value / 2 for metric, value in best.items()}
