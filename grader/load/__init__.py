"""Load a submission: find each learner's files, read a module's file or notebook as code
(bounded in size, depth and time), and refuse what is not the learner's own work."""

from grader.load.learners import (
    Choice,
    LearnerFiles,
    SubmissionsError,
    choose,
    find_learners,
    near_misses,
    refuse_instructor_files,
)
from grader.load.submission import Submission, read_submission

__all__ = [
    "Choice",
    "LearnerFiles",
    "Submission",
    "SubmissionsError",
    "choose",
    "find_learners",
    "near_misses",
    "read_submission",
    "refuse_instructor_files",
]
