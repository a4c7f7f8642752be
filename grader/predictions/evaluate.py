"""A learner's predictions on a held-out set, measured: each model's metrics beside the
reference's and the naive baselines', how far the best model went on each metric, and, on a
public set, what the report draws (a confusion matrix and ROC curve of the best classifier,
predicted against actual values of the regression)."""

from __future__ import annotations

import numpy as np

from grader.predictions.bands import progress
from grader.predictions.metrics import METRICS, confusion, labels, roc, scores
from grader.predictions.model import HeldOut, Pipeline, Predictions
from grader.results import Evaluation, Scores
from grader.results.evaluation import MAX_POINTS

__all__ = ["baselines", "best_score", "evaluate"]

_ROC_POINTS = 200


def evaluate(pipeline: Pipeline, held_out: HeldOut, predicted: Predictions) -> Evaluation:
    learner: Scores = {}
    for task in pipeline.tasks:
        truth = task.truth(held_out.table)
        for model in task.models:
            learner[model] = scores(task.kind, truth, predicted[model])
    baseline = baselines(pipeline, held_out)
    best = {metric: _best(learner, metric) for metric in _metrics(pipeline)}
    evaluation = Evaluation(
        dataset=held_out.name,
        visibility=held_out.visibility,
        rows=held_out.rows,
        learner=learner,
        reference=held_out.reference,
        baseline=baseline,
        progress={
            metric: _progress(learner[model][metric], baseline, held_out.reference, metric)
            for metric, model in best.items()
        },
        best=best,
    )
    if held_out.visibility == "public":  # charts draw the targets: never the private set's
        evaluation = _charted(evaluation, pipeline, held_out, predicted)
    return evaluation


def baselines(pipeline: Pipeline, held_out: HeldOut) -> Scores:
    """The naive baselines: the training rows' mean for a regression, and for a classifier
    their share of class 1 as every row's probability (so the majority class as its label)."""
    found: Scores = {}
    for task in pipeline.tasks:
        truth = task.truth(held_out.table)
        mean = float(np.mean(task.truth(pipeline.train)))
        name = f"mean {task.title}" if task.kind == "regression" else "majority class"
        found[name] = scores(task.kind, truth, np.full(len(truth), mean))
    return found


def _metrics(pipeline: Pipeline) -> list[str]:
    kinds = {task.kind for task in pipeline.tasks}
    return [name for name, metric in METRICS.items() if metric.kind in kinds]


def _best(learner: Scores, metric: str) -> str:
    better = METRICS[metric].better
    models = [model for model, values in learner.items() if metric in values]
    top = models[0]
    for model in models[1:]:
        top = model if better(learner[model][metric], learner[top][metric]) else top
    return top


def _progress(score: float, baseline: Scores, reference: Scores, metric: str) -> float:
    kind = METRICS[metric]
    ends = [best_score(scores_, metric) for scores_ in (baseline, reference)]
    return round(progress(score, baseline=ends[0], reference=ends[1], metric=kind), 6)


def best_score(scores_: Scores, metric: str) -> float:
    """The best of the scores on `metric` (NaN when none has it)."""
    better = METRICS[metric].better
    values = [values[metric] for values in scores_.values() if metric in values]
    if not values:
        return float("nan")
    top = values[0]
    for value in values[1:]:
        top = value if better(value, top) else top
    return top


def _charted(
    evaluation: Evaluation, pipeline: Pipeline, held_out: HeldOut, predicted: Predictions
) -> Evaluation:
    from dataclasses import replace

    for task in pipeline.tasks:
        truth = task.truth(held_out.table)
        if task.kind == "classification":
            model = evaluation.best.get("f1", task.models[0])
            evaluation = _curves(replace(evaluation, classifier=model), truth, predicted[model])
        else:
            points = zip(truth.tolist(), predicted[task.models[0]].tolist(), strict=True)
            evaluation = replace(evaluation, scatter=tuple(points)[:MAX_POINTS])
    return evaluation


def _curves(evaluation: Evaluation, truth: np.ndarray, probability: np.ndarray) -> Evaluation:
    """The confusion matrix of the classifier's labels and, with both classes present, the
    ROC curve of its probabilities (at most _ROC_POINTS points) and the area under it."""
    from dataclasses import replace

    evaluation = replace(evaluation, confusion=confusion(truth, labels(probability)))
    if not 0 < truth.sum() < len(truth):
        return evaluation
    fpr, tpr, area = roc(truth, probability)
    keep = np.unique(np.linspace(0, len(fpr) - 1, min(len(fpr), _ROC_POINTS)).astype(int))
    return replace(
        evaluation,
        roc=tuple(zip(fpr[keep].tolist(), tpr[keep].tolist(), strict=True)),
        roc_auc=area,
    )
