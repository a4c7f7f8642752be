"""One writer at a time: a lock file beside the gradebook, held for a whole `grader grade`.

SQLite already keeps every transaction whole; the lock keeps two runs from grading the same
class at once and stops the second at once with a message naming the first. It is a POSIX
record lock (`lockf`), not `flock`, because record locks belong to the process: the grading
workers forked by the grader do not inherit it, so a grader killed with SIGKILL releases it
at once even while its workers are still winding down. The lock file is left in place:
removing it could let two runs lock two different files.
"""

from __future__ import annotations

import fcntl
import os
import threading
from pathlib import Path

from grader.gradebook._errors import GradebookBusy

__all__ = ["WriterLock"]

# Record locks do not exclude the process that holds them, so the process keeps its own list.
_held: set[str] = set()
_held_guard = threading.Lock()


class WriterLock:
    """The exclusive right to write one gradebook, or GradebookBusy at once."""

    def __init__(self, gradebook: Path, command: str) -> None:
        self.gradebook = gradebook
        self.path = gradebook.with_name(gradebook.name + ".lock")
        self.command = command  # what the holder is doing, for the message another one gets
        self._key = str(gradebook.resolve())
        self._fd: int | None = None

    def acquire(self) -> None:
        with _held_guard:
            if self._key in _held:
                raise self._busy(f"{os.getpid()} this process")
            fd = os.open(self.path, os.O_RDWR | os.O_CREAT | os.O_CLOEXEC, 0o644)
            try:
                fcntl.lockf(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
            except OSError:
                holder = os.read(fd, 64).decode("utf-8", "replace").strip()
                os.close(fd)
                raise self._busy(holder) from None
            os.ftruncate(fd, 0)
            os.pwrite(fd, f"{os.getpid()} {self.command}\n".encode(), 0)
            self._fd = fd
            _held.add(self._key)

    def release(self) -> None:
        with _held_guard:
            if self._fd is None:
                return
            os.ftruncate(self._fd, 0)
            os.close(self._fd)  # closing releases the record lock
            self._fd = None
            _held.discard(self._key)

    def _busy(self, holder: str) -> GradebookBusy:
        pid, _, command = holder.partition(" ")
        return GradebookBusy(
            f"another grader {command or 'process'} is using the gradebook {self.gradebook} "
            f"(pid {pid or 'unknown'}); wait for it to finish, or give another --db"
        )
