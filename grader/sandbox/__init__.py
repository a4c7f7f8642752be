"""The trust boundary: learner code runs only in child processes started from here."""

from . import reaper
from .limits import Limits
from .outcomes import Crashed, Loaded, LoadNote, Missing, Outcome, Raised, Returned, TimedOut
from .process import Sandbox, SandboxError

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
