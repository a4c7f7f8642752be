"""A project as its course describes it: the pipeline function learners write, the tasks it
predicts with which models, and the held-out sets it is judged on."""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import cached_property

import numpy as np

from grader.predictions.metrics import METRICS
from grader.predictions.tables import Table, without
from grader.results import Scores, Visibility

__all__ = ["HeldOut", "Pipeline", "Predictions", "Task"]

Predictions = dict[str, np.ndarray]  # model name -> one prediction per row


@dataclass(frozen=True)
class Task:
    """One thing the pipeline predicts, and the models it predicts it with."""

    title: str  # "rain tomorrow"
    target: str  # its column in the tables: "rain_tomorrow"
    kind: str  # "regression", or "classification" (binary: the probability of `positive`)
    models: tuple[str, ...]  # the keys of the pipeline's answer for this task
    positive: str = ""  # a classification target's value that is class 1: "Yes"
    # Models whose fitted probabilities are never all exactly 0 or 1 (a logistic regression):
    # when they are, labels were returned as probabilities.
    smooth: tuple[str, ...] = ()

    def truth(self, table: Table) -> np.ndarray:
        column = table[self.target]
        if self.kind == "regression":
            return np.asarray(column, dtype=float)
        return np.array([value == self.positive for value in column], dtype=int)


@dataclass(frozen=True, eq=False)
class Pipeline:
    """The course's side of the contract: the learner's function, what it is trained on (the
    public training table, targets included), and what it predicts."""

    function: str  # "fit_and_predict": called as function(train, test, seed=seed)
    train: Table
    tasks: tuple[Task, ...]
    seed: int = 0

    @property
    def targets(self) -> tuple[str, ...]:
        return tuple(task.target for task in self.tasks)

    @property
    def models(self) -> tuple[str, ...]:
        return tuple(model for task in self.tasks for model in task.models)

    def task(self, metric: str) -> Task:
        return next(task for task in self.tasks if task.kind == METRICS[metric].kind)


@dataclass(frozen=True, eq=False)
class HeldOut:
    """A set the pipeline predicts and is judged on: the public validation set, or the private
    test set (then only a hidden check may use it). `reference` holds the reference
    pipeline's scores on it, kept in the check file so that learners read what earns what."""

    name: str  # "validation" or "test"
    table: Table  # features and targets
    visibility: Visibility
    reference: Scores = field(default_factory=dict)

    @cached_property
    def rows(self) -> int:
        return len(next(iter(self.table.values())))

    def features(self, pipeline: Pipeline) -> Table:
        """What the learner's process is sent: the table without its targets."""
        return without(self.table, pipeline.targets)
