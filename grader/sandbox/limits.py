"""The resource limits every sandboxed job runs under, with defaults a course can change."""

from __future__ import annotations

from dataclasses import dataclass, replace
from typing import Any

__all__ = ["Limits"]


@dataclass(frozen=True)
class Limits:
    """Time, memory and output caps for one learner file."""

    call_timeout: float = 2.0  # seconds of wall time for one call of a learner's function
    file_timeout: float = 30.0  # seconds of wall time for one whole file, loading included
    load_timeout: float = 10.0  # seconds for the file's top-level code when it is loaded
    memory_mb: int = 1024  # address space of each process of the job
    output_kb: int = 1024  # what the learner's code may print, all processes together
    open_files: int = 64

    def __post_init__(self) -> None:
        for name in (
            "call_timeout",
            "file_timeout",
            "load_timeout",
            "memory_mb",
            "output_kb",
            "open_files",
        ):
            if getattr(self, name) <= 0:
                raise ValueError(f"{name.replace('_', ' ')} must be positive")

    def but(self, **overrides: Any) -> Limits:
        """These limits with some changed; an override of None keeps the current value."""
        return replace(self, **{k: v for k, v in overrides.items() if v is not None})

    def for_child(self) -> dict[str, Any]:
        """The limits the child applies to itself before any learner code runs."""
        return {
            "memory_bytes": self.memory_mb * 1024 * 1024,
            "cpu_seconds": int(self.file_timeout) + 2,
            "output_bytes": self.output_kb * 1024,
            "open_files": self.open_files,
        }
