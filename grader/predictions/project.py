"""A project's pipeline as its checks see it: the learner's function that fits models on a
training table and predicts for another, called once per held-out set and file however many
checks read its predictions, and judged in the trusted process against the set's targets,
which never reach the learner's process.

A check asks for the `project` fixture and the course's description of the pipeline:

    @check(points=1, hint=stated(METRICS["f1"]))
    def test_f1_on_the_validation_set(project):
        '''F1 score of your best classifier, on the validation set'''
        project.meets(WEATHER, VALIDATION, "f1")
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any

import numpy as np

from grader.checks.api import Call, CheckFailed, Measured, check
from grader.predictions.bands import BANDS, bands_reached, needed, stated
from grader.predictions.evaluate import best_score, evaluate
from grader.predictions.metrics import METRICS
from grader.predictions.mistakes import (
    CONSTANT_REGRESSION,
    LABELS_AS_PROBABILITIES,
    MAJORITY_CLASS_ONLY,
    TEST_ROWS_DROPPED,
)
from grader.predictions.model import HeldOut, Pipeline, Predictions, Task
from grader.predictions.tables import Table
from grader.results import Evaluation, Misconception

__all__ = ["Project", "quality_check", "recognised", "well_formed"]


class Project:
    """One learner file's pipeline, for every check of that file: each distinct call is made
    once, and each held-out set's predictions measured once (grader.predictions.evaluate)."""

    def __init__(self, learner: Any) -> None:
        self._learner = learner  # grader.checks.learner_module.LearnerModule, or a stand-in
        self._calls: dict[tuple[int, str], Call] = {}
        self.evaluations: dict[str, Evaluation] = {}

    def call(self, pipeline: Pipeline, test: Table, *, key: str) -> Call:
        """`pipeline.function(train, test, seed=pipeline.seed)`, made once per `key`."""
        memo = (id(pipeline), key)
        if (made := self._calls.get(memo)) is not None:
            self._learner._reused(made)
            return made
        function = getattr(self._learner, pipeline.function)
        made = function(pipeline.train, test, seed=pipeline.seed)
        self._calls[memo] = made
        return made

    def predictions(self, pipeline: Pipeline, held_out: HeldOut) -> tuple[Call, Predictions]:
        """The pipeline's predictions for the whole held-out set, checked for their form."""
        call = self.call(pipeline, held_out.features(pipeline), key=held_out.name)
        predicted = well_formed(call, pipeline, held_out.rows)
        if held_out.name not in self.evaluations:
            self.evaluations[held_out.name] = evaluate(pipeline, held_out, predicted)
        return call, predicted

    def meets(self, pipeline: Pipeline, held_out: HeldOut, metric: str) -> None:
        """The check of one metric: passes when the learner's best model for it reaches every
        band; else fails with the share of the points the bands reached give."""
        call, predicted = self.predictions(pipeline, held_out)
        evaluation = self.evaluations[held_out.name]
        share = evaluation.progress.get(metric, 0.0)
        reached = bands_reached(share)
        if reached == len(BANDS):
            return
        raise Measured(
            call,
            _shortfall(evaluation, metric, share, reached),
            _top_band(evaluation, metric),
            earned=reached / len(BANDS),
            mistake=recognised(pipeline, predicted, metric),
        )


def well_formed(call: Call, pipeline: Pipeline, rows: int) -> Predictions:
    """The answer as predictions: one finite number per row for each model, a probability
    for a classifier's. A CheckFailed saying what is wrong otherwise."""
    answer = call.value
    if not isinstance(answer, Mapping):
        raise CheckFailed(call, _NOT_A_DICT, _CONTRACT)
    predicted: Predictions = {}
    for task in pipeline.tasks:
        for model in task.models:
            predicted[model] = _model_predictions(call, answer, model, task, rows)
    return predicted


_CONTRACT = "a dict with one array of predictions per model"
_NOT_A_DICT = "did not return a dict of predictions, one entry per model"


def _model_predictions(
    call: Call, answer: Mapping[Any, Any], model: str, task: Task, rows: int
) -> np.ndarray:
    if model not in answer:
        raise CheckFailed(call, f"has no predictions for {model!r}", _CONTRACT)
    try:
        values = np.asarray(answer[model], dtype=float).reshape(-1)
    except (TypeError, ValueError):
        raise CheckFailed(
            call, f"the predictions of {model!r} are not numbers", _CONTRACT
        ) from None
    if values.size != rows:
        mistake = _dropped_rows(values.size, rows)
        raise CheckFailed(
            call,
            f"{values.size} predictions of {model!r} for {rows} rows",
            f"{rows} predictions",
            mistake=mistake,
        )
    if not np.isfinite(values).all():
        raise CheckFailed(call, f"the predictions of {model!r} hold NaN or infinity", _CONTRACT)
    if task.kind == "classification" and ((values < 0) | (values > 1)).any():
        raise CheckFailed(
            call,
            f"the predictions of {model!r} are not probabilities (some are outside 0..1)",
            "a probability of rain per row",
        )
    return values


def _dropped_rows(got: int, rows: int) -> Misconception | None:
    return TEST_ROWS_DROPPED if 0 < got < rows else None


def recognised(pipeline: Pipeline, predicted: Predictions, metric: str) -> Misconception | None:
    """The classic mistake the predictions give away for this metric, if one does."""
    task = pipeline.task(metric)
    values = [predicted[model] for model in task.models]
    if task.kind == "regression":
        return CONSTANT_REGRESSION if all(np.ptp(v) == 0 for v in values) else None
    if metric == "log_loss" and any(_labels_only(predicted[model]) for model in task.smooth):
        return LABELS_AS_PROBABILITIES
    if all(len(set((v > 0.5).tolist())) == 1 for v in values):
        return MAJORITY_CLASS_ONLY
    return None


def _labels_only(values: np.ndarray) -> bool:
    """Labels of both classes where probabilities were due (a single value throughout is a
    majority-class predictor's, whatever it is)."""
    return set(np.unique(values).tolist()) == {0.0, 1.0}


def _shortfall(evaluation: Evaluation, metric: str, share: float, reached: int) -> str:
    title = METRICS[metric].title
    best = evaluation.best.get(metric, "")
    score = evaluation.learner.get(best, {}).get(metric, float("nan"))
    baseline, reference = _ends(evaluation, metric)
    text = (
        f"the {title} of your best model for it ({best}) is {score:.3f} on the "
        f"{evaluation.dataset} set: {max(share, 0.0):.0%} of the way from the baseline "
        f"({baseline:.3f}) to the reference ({reference:.3f}), {reached} of {len(BANDS)} bands"
    )
    if reached < len(BANDS):
        goal = needed(BANDS[reached], baseline=baseline, reference=reference)
        text += f"; the next band needs {goal:.3f}"
    return text


def _top_band(evaluation: Evaluation, metric: str) -> float:
    baseline, reference = _ends(evaluation, metric)
    return round(needed(BANDS[-1], baseline=baseline, reference=reference), 3)


def _ends(evaluation: Evaluation, metric: str) -> tuple[float, float]:
    """The baseline's and the reference's best score on `metric`."""
    return best_score(evaluation.baseline, metric), best_score(evaluation.reference, metric)


def quality_check(
    pipeline: Pipeline, held_out: HeldOut, metric: str, *, points: float
) -> Callable[[Project], None]:
    """The check of one metric on one held-out set, worth `points` by bands, as a check file
    declares it: `test_rain_f1_on_the_test_set = quality_check(WEATHER, TEST, "f1", points=3)`."""
    kind = METRICS[metric]

    @check(
        points=points,
        title=f"{kind.title} of your best model, on the {held_out.name} set",
        hint=stated(kind),
    )
    def test(project: Project) -> None:
        project.meets(pipeline, held_out, metric)

    return test
