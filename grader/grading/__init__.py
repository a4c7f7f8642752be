"""A class run: the class pipeline (pipeline), the processes that grade learners on this
machine (pool) or on a Dask cluster (cluster, _cluster_worker), grading one learner (learner),
and what a run decides, keeps and publishes (changes, fingerprints, boundary, quizzes,
overrides, publish, graded).

    from grader.grading import grade_class
    graded = grade_class(Path("submissions"), out=Path("out"))
"""

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
