"""Per-job limits on memory and processes in total, and a kill-all, with cgroups (v1).

A job's processes all share one cgroup per worker slot, so a memory hog spread over many
processes and a fork bomb are both bounded, and cleanup finds every process the job started
whatever it did to escape (a new session, a double fork). The child joins the cgroup itself
while it is still root, before any learner code runs; the grader creates, empties and
removes it. Only cgroup v1 hierarchies are used: cgroup v2 controllers were not available
on the machines this was built on, and without either, the other layers still apply.
"""

from __future__ import annotations

import contextlib
import os
import signal
from pathlib import Path

__all__ = ["JobCgroup", "available"]

ROOT = Path("/sys/fs/cgroup")
CONTROLLERS = ("memory", "pids", "freezer", "cpu")
PARENT = "grader"


def available() -> bool:
    """Whether the v1 memory, pids, freezer and cpu hierarchies are there and writable."""
    return all(os.access(ROOT / c / "cgroup.procs", os.W_OK) for c in CONTROLLERS)


class JobCgroup:
    """The cgroup of one worker slot, reused by every job that slot runs."""

    def __init__(self, name: str, *, memory_bytes: int, processes: int) -> None:
        self.name = f"{os.getpid()}-{name}"
        self.paths = {c: ROOT / c / PARENT / self.name for c in CONTROLLERS}
        _remove_stale()
        for path in self.paths.values():
            path.mkdir(parents=True, exist_ok=True)
        self.limit_memory(memory_bytes)
        _write(self.paths["pids"] / "pids.max", processes)
        # The cpu controller needs no limit: a slot's processes share one scheduling group, so
        # a job of many spinning processes (each in a session of its own) gets the CPU of one
        # slot, not of many. A hard quota would also throttle the zygote while it kills them.

    def limit_memory(self, memory_bytes: int) -> None:
        """Cap the memory of every process in the cgroup together (swap included)."""
        memory = self.paths["memory"] / "memory.limit_in_bytes"
        memsw = self.paths["memory"] / "memory.memsw.limit_in_bytes"
        # The kernel keeps memory <= memory+swap at every step: raise memsw first, lower it last.
        order = [memsw, memory] if memory_bytes > int(memory.read_text()) else [memory, memsw]
        for path in order:
            if path.exists():
                _write(path, memory_bytes)

    def tasks_files(self) -> list[str]:
        """The files a child writes its pid to, to join this cgroup."""
        return [str(path / "cgroup.procs") for path in self.paths.values()]

    def processes(self) -> set[int]:
        try:
            text = (self.paths["pids"] / "cgroup.procs").read_text()
        except OSError:
            return set()
        return {int(pid) for pid in text.split()}

    def kill_all(self) -> None:
        """Freeze the cgroup so nothing can fork, kill everything in it, then thaw it.

        The killed processes are children of the grader (a subreaper) or of each other;
        the caller reaps them."""
        if not self.processes():
            return
        state = self.paths["freezer"] / "freezer.state"
        _write(state, "FROZEN")
        try:
            for pid in self.processes():
                with contextlib.suppress(ProcessLookupError):
                    os.kill(pid, signal.SIGKILL)
        finally:
            _write(state, "THAWED")  # a frozen process cannot die

    def remove(self) -> None:
        self.kill_all()
        for path in self.paths.values():
            with contextlib.suppress(OSError):
                path.rmdir()


def _remove_stale() -> None:
    """Remove the cgroups of graders that are gone (killed before they could clean up)."""
    for controller in CONTROLLERS:
        parent = ROOT / controller / PARENT
        for folder in parent.iterdir() if parent.is_dir() else ():
            owner = folder.name.split("-", 1)[0]
            if owner.isdigit() and not os.path.exists(f"/proc/{owner}"):
                with contextlib.suppress(OSError):
                    folder.rmdir()  # only an empty cgroup goes: a live process keeps it


def _write(path: Path, value: object) -> None:
    with open(path, "w") as handle:
        handle.write(str(value))
