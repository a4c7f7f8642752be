"""A class run: the class pipeline (pipeline), the processes that grade learners on this
machine (pool) or on a Dask cluster (cluster, _cluster_worker), grading one learner (learner),
and what a run decides, keeps and publishes (changes, fingerprints, boundary, quizzes,
overrides, publish, graded).

    from grader.grading import grade_class
    graded = grade_class(Path("submissions"), out=Path("out"))
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from grader.grading.graded import Graded
    from grader.grading.learner import Grading, LearnerTask, all_checks, grade_learner
    from grader.grading.pipeline import Progress, grade_class
    from grader.grading.pool import default_jobs, grade_locally

__all__ = [
    "Graded",
    "Grading",
    "LearnerTask",
    "Progress",
    "all_checks",
    "default_jobs",
    "grade_class",
    "grade_learner",
    "grade_locally",
]

# The module each public name lives in, imported when the name is first asked for: a module
# of the package alone (the boundary's promise for `grader doctor`, the Dask worker's side)
# is imported without the whole class pipeline, its gradebook and its reports.
_HOMES = {
    "Graded": "graded",
    "Grading": "learner",
    "LearnerTask": "learner",
    "Progress": "pipeline",
    "all_checks": "learner",
    "default_jobs": "pool",
    "grade_class": "pipeline",
    "grade_learner": "learner",
    "grade_locally": "pool",
}


def __getattr__(name: str) -> Any:
    if name not in _HOMES:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    return getattr(importlib.import_module(f"{__name__}.{_HOMES[name]}"), name)
