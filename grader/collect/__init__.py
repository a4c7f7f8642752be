"""Collecting what learners handed in: a course platform's download (Canvas, Moodle,
Blackboard, Gradescope, GitHub Classroom, or plain learner folders; a zip or a folder, zips in
it included) sorted into one folder per learner, with a manifest of submission times and a
report of every file placed, dropped or not placed.

    collected = collect_submissions(source=Path("submissions.zip"), out=Path("class"),
                                    course=load_course(), roster=read_roster(Path("roster.csv")))
"""

from grader.collect.model import Collected, Dropped, Placed, Unplaced
from grader.collect.run import PLATFORM_NAMES, collect_submissions
from grader.collect.source import CollectSourceError

__all__ = [
    "PLATFORM_NAMES",
    "CollectSourceError",
    "Collected",
    "Dropped",
    "Placed",
    "Unplaced",
    "collect_submissions",
]
