"""What can come of asking the sandboxed child to load a file or call a function."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

__all__ = ["Crashed", "Loaded", "LoadNote", "Missing", "Outcome", "Raised", "Returned", "TimedOut"]


@dataclass(frozen=True)
class Returned:
    """The function returned; `value` is plain data decoded from the wire. `changed`: the
    arguments the contract protects that the call changed in place, by name."""

    value: Any
    changed: tuple[str, ...] = ()


@dataclass(frozen=True)
class Raised:
    """The learner's code raised an exception (a SyntaxError, when loading)."""

    type: str
    message: str
    traceback: str = ""
    line: int | None = None


@dataclass(frozen=True)
class TimedOut:
    """The learner's code ran past its time limit and its processes were killed."""

    seconds: float
    reason: str = ""


@dataclass(frozen=True)
class Crashed:
    """The child process died or broke the protocol: exit, signal, memory, garbage on the wire."""

    reason: str


@dataclass(frozen=True)
class Missing:
    """The learner's file defines no function of that name."""

    name: str


@dataclass(frozen=True)
class LoadNote:
    """A top-level statement that raised while the file loaded; the rest still loaded."""

    line: int
    error: Raised


@dataclass(frozen=True)
class Loaded:
    """The file loaded; these are the functions it defines."""

    functions: tuple[str, ...]
    notes: tuple[LoadNote, ...] = ()


Outcome = Returned | Raised | TimedOut | Crashed | Missing
