"""The trusted side of the trust boundary: learner code runs only in child processes started
from here, under the limits and isolation layers set here; what runs inside them is
grader.inside."""

from typing import TYPE_CHECKING, Any

from grader.sandbox import reaper
from grader.sandbox.limits import Limits
from grader.sandbox.outcomes import (
    Crashed,
    Loaded,
    LoadNote,
    Missing,
    Outcome,
    Raised,
    Returned,
    TimedOut,
)

if TYPE_CHECKING:
    from grader.sandbox.process import Sandbox, SandboxError

__all__ = [
    "Crashed",
    "Limits",
    "LoadNote",
    "Loaded",
    "Missing",
    "Outcome",
    "Raised",
    "Returned",
    "Sandbox",
    "SandboxError",
    "TimedOut",
    "reaper",
]


def __getattr__(name: str) -> Any:
    # The process side imports numpy (for the wire format): it loads on first use, so that a
    # self-check can start its zygote before paying for numpy here.
    if name in ("Sandbox", "SandboxError"):
        from grader.sandbox import process

        return getattr(process, name)
    raise AttributeError(name)
