"""The grader's errors, sorted by whose problem they are: the command line's exit codes.

Every error the grader raises on purpose derives from `GraderError` through exactly one
family, and the family is what `grader` turns into an exit status and a line for the user:

    GraderError
    ├── BadInput        exit 2: input the user gave cannot be used. A wrong path
    │                   (SubmissionsError, NoCourse); a source of submissions that cannot
    │                   be read or a class folder that cannot be written (CollectSourceError);
    │                   a malformed manifest, extensions file or roster (LatenessError,
    │                   RosterError); an unknown module or learner (UnknownModule,
    │                   OverrideError, ExportError, QuizInputError); a learner who cannot be
    │                   renamed, removed or restored (ClassListError); a release or a feedback
    │                   release that cannot be made (ReleaseError, FeedbackReleaseError); a
    │                   gradebook that is busy, corrupt or from a newer grader (GradebookError,
    │                   GradebookBusy); a Dask cluster that cannot be reached or used
    │                   (ClusterError); a new module whose name is taken or cannot be
    │                   a module's (ModuleExists, ModuleNameError); peer review asked for
    │                   what cannot be (PeerError), or a conflicts file that cannot be read
    │                   (ConflictsError); a similarity report without a gradebook
    │                   (SimilarityError).
    ├── CourseProblem   exit 3: the course's own files cannot be used: its checks
    │                   (CollectError), its quizzes (QuizFileError, GeneratorProblem), its
    │                   settings and stubs (CourseFileError), a peer review's rubric
    │                   (RubricError), its data tables (TableError). Fixed by the course's
    │                   author.
    └── GraderFault     exit 3: the grader itself cannot do its job: its sandbox
                        (SandboxError, ZygoteError). Shown as an internal error to report.

The classes stay in the modules that raise them, so `except GradebookError` and the like
read where the error comes from. Two subjects are raised for both reasons: a course that is
not found (the user's) or malformed (the author's), a quiz that does not exist or is broken.
Each has a class per family, and the subject itself, `CourseError` and `QuizError`, belongs
to none: it cannot be raised (see `GraderError.__new__`), only caught.

Not part of it, on purpose:
- the private control flow of one module (`_Died`, `_Late`, `_TooSlow`, `_Unknown`,
  `_Unreadable`), which never leaves it;
- what a check says of a learner's code (`CheckFailed`, `AnswerUnusable`, `ArgumentChanged`,
  `LearnerError` and its kinds in grader.checks.api): it becomes that learner's result,
  never an exit;
- a learner's notebook that cannot be read (grader.load's `Unreadable`): it becomes that
  learner's result, with the reason;
- grader.inside's `WireError`: the learner's side imports nothing from the trusted side,
  this module included, and its errors too become results.
"""

from __future__ import annotations

from typing import ClassVar, Self

__all__ = ["FAMILIES", "BadInput", "CourseProblem", "GraderError", "GraderFault"]


class GraderError(Exception):
    """An error the grader raises on purpose; its family says whose problem it is."""

    def __new__(cls, *args: object) -> Self:
        # A class outside every family could reach the user with no exit status of its own:
        # fail where it is raised, in the grader's own tests, rather than in front of a user.
        if not issubclass(cls, FAMILIES):
            raise TypeError(
                f"{cls.__name__} says not whose problem it is: raise a subclass "
                "of it in one family of grader.errors"
            )
        return super().__new__(cls, *args)


class BadInput(GraderError):
    """Input the user gave cannot be used; the message says what to fix."""


class CourseProblem(GraderError):
    """The course's own files cannot be used; the message says which and what to fix."""

    # The part of the course named before the message ("the course's checks cannot be used:
    # ..."); empty where the message starts with the file at fault.
    part: ClassVar[str] = ""


class GraderFault(GraderError):
    """The grader itself cannot do its job: neither the user's fault nor the course's."""


FAMILIES: tuple[type[GraderError], ...] = (BadInput, CourseProblem, GraderFault)
