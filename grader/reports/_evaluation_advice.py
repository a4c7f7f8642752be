"""What to improve in a project, in a few sentences chosen from its evaluations and the classic
mistakes its checks recognised: the metric furthest from the reference first."""

from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import dataclass

from grader.predictions.bands import BANDS
from grader.predictions.metrics import METRICS
from grader.reports._evaluation_view import number
from grader.results import Evaluation, ModuleResult

__all__ = ["Advice", "advice"]

_MOST = 4  # sentences: more would be read as none


@dataclass(frozen=True)
class Advice:
    text: str
    anchor: str = ""  # the check that says more, on the same page


def advice(module: ModuleResult, anchor_of: Callable[[str], str]) -> tuple[Advice, ...]:
    """A few sentences for `module`'s project, none for a module without evaluations;
    `anchor_of` gives a check's anchor on the page from its id."""
    if not module.evaluations:
        return ()
    main = _main(module.evaluations)
    too_sure = _too_sure(main)
    found = [
        *_mistakes(module, anchor_of),
        *too_sure,
        *_furthest(main, skip="log_loss" if too_sure else ""),
        *_below_mean(main),
        *_never_rain(main),
        *_gap(module.evaluations),
    ]
    if not found:
        found.append(
            Advice(
                "Every metric reached the reference's: try another model or more "
                "features, and keep the test set out of every choice you make."
            )
        )
    return tuple(found[:_MOST])


def _main(evaluations: tuple[Evaluation, ...]) -> Evaluation:
    """The evaluation the grade leans on: the test set's when shown, else the validation set's."""
    return next((e for e in evaluations if e.visibility == "hidden"), evaluations[0])


def _on(evaluation: Evaluation) -> str:
    return f"on the {evaluation.dataset} set"


def _mistakes(module: ModuleResult, anchor_of: Callable[[str], str]) -> list[Advice]:
    seen: dict[str, Advice] = {}
    for check in module.checks:
        for found in () if check.passed else check.detail.misconceptions:
            # its hint is under "What to revise": the name and a link are enough here
            text = f"The checks recognised a classic mistake: {found.name}."
            seen.setdefault(found.id, Advice(text, anchor_of(check.id)))
    return list(seen.values())


def _best(scores: dict[str, dict[str, float]], metric: str) -> float | None:
    values = [v[metric] for v in scores.values() if math.isfinite(v.get(metric, math.nan))]
    if not values:
        return None
    return max(values) if METRICS[metric].higher_is_better else min(values)


def _furthest(evaluation: Evaluation, *, skip: str) -> list[Advice]:
    shares = {
        metric: share
        for metric, share in evaluation.progress.items()
        if metric in METRICS and metric != skip and math.isfinite(share) and share < 1
    }
    if not shares:
        return []
    metric = min(shares, key=lambda m: shares[m])
    title, share = METRICS[metric].title, shares[metric]
    baseline, reference = _best(evaluation.baseline, metric), _best(evaluation.reference, metric)
    yours = _best(evaluation.learner, metric)
    ends = f"the baseline's {number(baseline)} and the reference's {number(reference)}"
    if share < 0:
        went = (
            f"your best, {number(yours)}, is worse than the naive baseline: compare it with {ends}"
        )
    else:
        went = (
            f"your best, {number(yours)}, went {share:.0%} of the way between {ends}, and its "
            f"next band is at {_next_band(share):.0%}"
        )
    return [Advice(f"Your {title} is the furthest from the reference's {_on(evaluation)}: {went}.")]


def _next_band(share: float) -> float:
    return next((band for band in BANDS if share < band - 1e-9), 1.0)


def _too_sure(evaluation: Evaluation) -> list[Advice]:
    yours, baseline = _best(evaluation.learner, "log_loss"), _best(evaluation.baseline, "log_loss")
    if yours is None or baseline is None or yours <= baseline:
        return []
    return [
        Advice(
            f"Even your best log loss ({number(yours)}) is worse than the baseline's "
            f"({number(baseline)}), which gives every day the same probability of rain: your "
            "probabilities are too sure of themselves, near 0 or 1 on days they get wrong. "
            "Return `predict_proba`'s probabilities, and prefer models that are not certain of "
            "every day (a tree without a maximum depth and k = 1 neighbours are)."
        )
    ]


def _below_mean(evaluation: Evaluation) -> list[Advice]:
    r2, baseline = _best(evaluation.learner, "r2"), _best(evaluation.baseline, "r2")
    # The baseline is the training days' mean: on other days its own R² is a little off 0.
    if r2 is None or r2 >= min(0.0, baseline if baseline is not None else 0.0) - 1e-9:
        return []
    return [
        Advice(
            f"Your regression's R² is {number(r2)}, below 0: it predicts tomorrow's rainfall "
            "worse than the training days' mean would. Look at the scale of its predictions "
            "against the actual rainfall in the chart."
        )
    ]


def _never_rain(evaluation: Evaluation) -> list[Advice]:
    f1 = _best(evaluation.learner, "f1")
    if f1 is None or f1 > 0:
        return []
    return [
        Advice(
            "None of your classifiers predicts rain on a day it rains (F1 score 0): with about "
            "one day of rain in five, a model can be right most days by never predicting it. "
            "Its accuracy says little here; F1 and Jaccard say more."
        )
    ]


def _gap(evaluations: tuple[Evaluation, ...]) -> list[Advice]:
    by_set = {e.dataset: e for e in evaluations}
    validation, test = by_set.get("validation"), by_set.get("test")
    if validation is None or test is None:
        return []
    for metric in METRICS:
        seen, graded = validation.progress.get(metric), test.progress.get(metric)
        if seen is None or graded is None or not (math.isfinite(seen) and math.isfinite(graded)):
            continue
        if seen >= BANDS[-1] and seen - graded >= 0.3:  # reached on one, far from it on the other
            return [
                Advice(
                    f"Your {METRICS[metric].title} went {graded:.0%} of the way on the test "
                    f"set, against {seen:.0%} on the validation set: choices tuned on the "
                    "validation days did not carry over to new ones."
                )
            ]
    return []
