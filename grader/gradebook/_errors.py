"""What can go wrong with a gradebook, in words an instructor can act on."""

from __future__ import annotations

from grader.errors import BadInput

__all__ = ["GradebookBusy", "GradebookError"]


class GradebookError(BadInput):
    """The gradebook cannot be used: not a gradebook, corrupt, too new, or missing."""


class GradebookBusy(GradebookError):
    """Another grader process is writing this gradebook."""
