"""Releasing a course: what learners receive (the exercises, notebooks, public checks, quizzes,
the classic mistakes' answers and a guide, zipped), and each roster learner's quiz sheet.

    release_course(course=load_course(), out=Path("dist"), roster=read_roster(path))
"""

from grader.release.bundle import Released, release_course
from grader.release.folder import ReleaseError

__all__ = ["ReleaseError", "Released", "release_course"]
