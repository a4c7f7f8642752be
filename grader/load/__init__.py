"""Load a submission: find each learner's files, read a module's file or notebook as code
(bounded in size, depth and time), and refuse what is not the learner's own work."""

from grader.load.submission import (
    Choice,
    LearnerFiles,
    Submission,
    SubmissionsError,
    choose,
    find_learners,
    near_misses,
    read_submission,
    refuse_instructor_files,
)

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
