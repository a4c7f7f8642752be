"""Checks of a pipeline's behaviour, not of its scores: it learns from the training rows only,
is deterministic with its seed, predicts every row whatever is missing in it, and needs no
target to predict. Each calls the learner's pipeline on variants of a held-out set's rows and
compares, and names the classic mistake the difference gives away.

Every variant is built here, in the trusted process, from features only: no target of a
held-out set is ever sent (a decoy target is made up, and the same for every row).
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import numpy as np

from grader.checks.api import Call, CheckFailed, LearnerError
from grader.predictions.mistakes import (
    FITTED_ON_TEST_ROWS,
    NOT_SEEDED,
    TARGET_AS_FEATURE,
    TARGET_LEAKS_THROUGH_COLUMN,
)
from grader.predictions.model import HeldOut, Pipeline, Predictions
from grader.predictions.project import Project, well_formed
from grader.predictions.tables import Table, rows
from grader.results import Misconception

__all__ = [
    "PROBE_ROWS",
    "deterministic",
    "features_from_training_rows_only",
    "learns_from_training_rows_only",
    "needs_no_target",
    "predicts_rows_with_gaps",
    "with_gaps",
]

PROBE_ROWS = 60  # rows of the held-out set the probes predict on their own
# Differences in the last digits (a library summing in another order) are no change.
_RTOL, _ATOL = 1e-7, 1e-9


def learns_from_training_rows_only(project: Project, pipeline: Pipeline, held_out: HeldOut) -> None:
    """The first rows of the set, predicted on their own, get the predictions they got among
    all the set's rows: nothing was fitted on the rows to predict (a scaler fitted on the
    training and test rows together shifts every prediction a little)."""
    whole_call, whole = project.predictions(pipeline, held_out)
    call, alone = _first_rows(project, pipeline, held_out)
    changed = _changed(alone, {m: v[: _count(held_out)] for m, v in whole.items()})
    if changed and _not_repeatable(project, pipeline, held_out, alone):
        raise CheckFailed(
            call,
            f"predicted the first {_count(held_out)} rows of the {held_out.name} set "
            f"differently each time, even when called again with the same rows and seed",
            "the same predictions",
            mistake=NOT_SEEDED,
        )
    if changed:
        raise CheckFailed(
            call,
            f"predicted the first {_count(held_out)} rows of the {held_out.name} set "
            f"differently on their own than among all {held_out.rows} rows ({changed})",
            "the same predictions",
            mistake=FITTED_ON_TEST_ROWS,
        )


def _not_repeatable(
    project: Project, pipeline: Pipeline, held_out: HeldOut, first: Predictions
) -> bool:
    """Whether the same rows, predicted again with the same seed, are predicted differently:
    then a difference among other rows shows the randomness, not learning from the rows."""
    again = project.call(pipeline, _probe_rows(pipeline, held_out), key=f"{held_out.name}:again")
    try:
        return bool(_changed(well_formed(again, pipeline, _count(held_out)), first))
    except (CheckFailed, LearnerError):
        return False


def deterministic(project: Project, pipeline: Pipeline, held_out: HeldOut) -> None:
    """Called again with the same seed and rows, the pipeline predicts the same."""
    call, first = _first_rows(project, pipeline, held_out)
    again = project.call(pipeline, _probe_rows(pipeline, held_out), key=f"{held_out.name}:again")
    changed = _changed(well_formed(again, pipeline, _count(held_out)), first)
    if changed:
        raise CheckFailed(
            again,
            f"predicted differently when called again with the same seed ({changed})",
            "the same predictions",
            mistake=NOT_SEEDED,
        )


def predicts_rows_with_gaps(project: Project, pipeline: Pipeline, held_out: HeldOut) -> None:
    """Rows with a value missing in any column, even one the training rows never miss, each
    get a prediction (well_formed names the rows dropped)."""
    gappy = with_gaps(_probe_rows(pipeline, held_out), share=0.2, seed=len(held_out.name))
    call = project.call(pipeline, gappy, key=f"{held_out.name}:gaps")
    well_formed(call, pipeline, _count(held_out))


def needs_no_target(project: Project, pipeline: Pipeline, held_out: HeldOut) -> None:
    """The pipeline predicts the set from its features alone. When it does not, the rows are
    sent again with made-up targets, to name the target column it cannot do without."""
    call = project.call(pipeline, held_out.features(pipeline), key=held_out.name)
    try:
        _ = call.value
    except LearnerError:
        needed = _targets_needed(project, pipeline, held_out)
        if not needed:
            raise
        raise CheckFailed(
            call,
            f"predicts only when the rows to predict hold {' and '.join(needed)}",
            "predictions from the features alone",
            mistake=TARGET_AS_FEATURE if len(needed) > 1 else _leak(pipeline, needed[0]),
        ) from None


def _leak(pipeline: Pipeline, target: str) -> Misconception:
    """Which target a pipeline that needs only `target` leaks: its classifier's own target is
    forgotten in the features; another task's target leaks that task's answer."""
    classified = [t.target for t in pipeline.tasks if t.kind == "classification"]
    return TARGET_AS_FEATURE if target in classified else TARGET_LEAKS_THROUGH_COLUMN


def _targets_needed(project: Project, pipeline: Pipeline, held_out: HeldOut) -> list[str]:
    """The targets without which the pipeline cannot predict the probe's rows: none when it
    cannot with all of them either (it fails for another reason)."""
    features = _probe_rows(pipeline, held_out)
    if not _predicts(project, pipeline, _with_decoys(pipeline, features, pipeline.targets)):
        return []
    needed = []
    for target in pipeline.targets:
        others = [t for t in pipeline.targets if t != target]
        if not _predicts(project, pipeline, _with_decoys(pipeline, features, others)):
            needed.append(target)
    return needed or list(pipeline.targets)


def _predicts(project: Project, pipeline: Pipeline, test: Table) -> bool:
    key = "decoys:" + ",".join(sorted(set(test) & set(pipeline.targets)))
    call = project.call(pipeline, test, key=key)
    try:
        _ = call.value
    except LearnerError:
        return False
    return True


def _with_decoys(pipeline: Pipeline, features: Table, targets: Sequence[str]) -> Table:
    """The rows with made-up values in some target columns: the training rows' first value,
    the same in every row, so that nothing of any held-out target is sent."""
    rows_ = len(next(iter(features.values())))
    decoyed = dict(features)
    for target in targets:
        column = pipeline.train[target]
        first = column[0]
        decoyed[target] = (
            np.full(rows_, first) if isinstance(column, np.ndarray) else [first] * rows_
        )
    return decoyed


def with_gaps(table: Table, *, share: float, seed: int) -> Table:
    """The table with `share` of the values of each numeric column missing (NaN), drawn
    with `seed`: what a station's outage leaves."""
    generator = np.random.default_rng(seed)
    gappy = dict(table)
    for name, column in table.items():
        if isinstance(column, np.ndarray) and column.dtype.kind == "f":
            holes = generator.random(column.size) < share
            gappy[name] = np.where(holes, np.nan, column)
    return gappy


def _count(held_out: HeldOut) -> int:
    return min(PROBE_ROWS, held_out.rows)


def _probe_rows(pipeline: Pipeline, held_out: HeldOut) -> Table:
    return rows(held_out.features(pipeline), range(_count(held_out)))


def _first_rows(
    project: Project, pipeline: Pipeline, held_out: HeldOut
) -> tuple[Call, Predictions]:
    call = project.call(pipeline, _probe_rows(pipeline, held_out), key=f"{held_out.name}:first")
    return call, well_formed(call, pipeline, _count(held_out))


def _changed(one: Predictions, other: Predictions) -> str:
    """The models whose predictions differ, in words ("" when none does)."""
    models = [m for m in one if not np.allclose(one[m], other[m], rtol=_RTOL, atol=_ATOL)]
    return ", ".join(models[:2]) + (" and others" if len(models) > 2 else "")


def features_from_training_rows_only(learner: Any, pipeline: Pipeline, held_out: HeldOut) -> None:
    """`prepare_features(train, test)` gives two finite feature matrices, a row each, with the
    same columns; and the first rows of `test`, prepared on their own, become the features
    they became among all its rows."""
    whole_call = learner.prepare_features(pipeline.train, held_out.features(pipeline))
    rows_ = (len(next(iter(pipeline.train.values()))), held_out.rows)
    x_train, x_test = _matrices(whole_call, rows_)
    alone_call = learner.prepare_features(pipeline.train, _probe_rows(pipeline, held_out))
    _, alone = _matrices(alone_call, (rows_[0], _count(held_out)))
    if not np.allclose(alone, x_test[: _count(held_out)], rtol=_RTOL, atol=_ATOL):
        raise CheckFailed(
            alone_call,
            f"prepared the first {_count(held_out)} rows of the {held_out.name} set "
            f"differently on their own than among all {held_out.rows} rows",
            "the same features",
            mistake=FITTED_ON_TEST_ROWS,
        )


def _matrices(call: Call, rows_: tuple[int, int]) -> tuple[np.ndarray, np.ndarray]:
    answer = call.value
    expected = "(X_train, X_test): two 2-D float arrays, a row per table row"
    if not isinstance(answer, tuple | list) or len(answer) != 2:
        raise CheckFailed(call, "did not return a pair (X_train, X_test)", expected)
    try:
        matrices = [np.asarray(part, dtype=float) for part in answer]
    except (TypeError, ValueError):
        raise CheckFailed(call, "returned features that are not numbers", expected) from None
    for name, matrix, count in zip(("X_train", "X_test"), matrices, rows_, strict=True):
        if matrix.ndim != 2 or matrix.shape[0] != count:
            raise CheckFailed(
                call, f"{name} has shape {matrix.shape}, not ({count}, columns)", expected
            )
        if not np.isfinite(matrix).all():
            raise CheckFailed(call, f"{name} holds NaN or infinity: fill every gap", expected)
    if matrices[0].shape[1] != matrices[1].shape[1]:
        raise CheckFailed(call, "X_train and X_test have different columns", expected)
    return matrices[0], matrices[1]
