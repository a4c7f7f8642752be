"""Grading a project by its predictions on data the learner's process never holds the
targets of: tables, metrics, bands between a baseline and the reference, behaviour probes."""

from __future__ import annotations

from grader.predictions.bands import BANDS, stated
from grader.predictions.metrics import CLASSIFICATION, METRICS, REGRESSION
from grader.predictions.model import HeldOut, Pipeline, Task
from grader.predictions.project import Project, quality_check
from grader.predictions.tables import Table, TableError, read_table, rows, without

__all__ = [
    "BANDS",
    "CLASSIFICATION",
    "METRICS",
    "REGRESSION",
    "HeldOut",
    "Pipeline",
    "Project",
    "Table",
    "TableError",
    "Task",
    "quality_check",
    "read_table",
    "rows",
    "stated",
    "without",
]
