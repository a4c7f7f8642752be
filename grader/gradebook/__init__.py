"""The gradebook: every grading attempt of every learner in one SQLite file that survives a
killed run, with the instructor's overrides, the extensions they granted, and the class list
(the roster; learners renamed, removed and restored, with a record of each).

    with Gradebook.open(path, create=True, writer="grade") as book:
        run = book.start_run(...)
        book.record(run, learner, entries)   # one transaction per learner
        book.finish_run(run, ...)
        book.class_result(version)           # what results.json, reports and exports show
"""

from grader.gradebook._assemble import OverrideRow
from grader.gradebook._errors import GradebookBusy, GradebookError
from grader.gradebook._evaluations import latest_evaluations
from grader.gradebook._peer import Assignment, Counted, PeerReviews, Work
from grader.gradebook._quizzes import QuizEntry
from grader.gradebook._releases import Releases
from grader.gradebook._roster import ClassList, ClassListError, RecordRow
from grader.gradebook._schema import SCHEMA_VERSION
from grader.gradebook._store import Entry, Gradebook, LastRun, Latest, Run
from grader.gradebook._work import GradedWork, graded_size, graded_work

__all__ = [
    "Assignment",
    "Counted",
    "PeerReviews",
    "Releases",
    "SCHEMA_VERSION",
    "ClassList",
    "ClassListError",
    "Entry",
    "Gradebook",
    "GradedWork",
    "GradebookBusy",
    "GradebookError",
    "LastRun",
    "Latest",
    "OverrideRow",
    "QuizEntry",
    "RecordRow",
    "Work",
    "Run",
    "graded_size",
    "graded_work",
    "latest_evaluations",
]
