"""Which isolation layers this machine offers, the level they add up to, and the plan a child
applies before any learner code runs.

Each layer is probed once per process (a few milliseconds); a missing layer is reported with
what it leaves open, never silently skipped: the level is recorded with every grading run.
"""

from __future__ import annotations

import os
import site
import sys
import sysconfig
import textwrap
from collections.abc import Iterable
from dataclasses import asdict, dataclass
from functools import cache
from pathlib import Path
from typing import Any

from grader.inside import landlock as _landlock
from grader.inside import namespaces as _namespaces
from grader.inside import seccomp as _seccomp
from grader.results.isolation import IsolationLevel, Level
from grader.sandbox import cgroups, reaper

__all__ = ["Isolation", "Layer", "Level", "Machine", "Plan", "assess", "plan_for", "probe"]

SLOT_UID_BASE = 61000  # learner jobs run as 61000 + slot when the grader runs as root
SCRATCH_MB = 64


@dataclass(frozen=True)
class Machine:
    """What this machine and this user allow, as found by the start-up probe."""

    root: bool
    namespaces: bool
    uid_drop: bool
    landlock_abi: int
    seccomp: bool
    cgroups: bool
    subreaper: bool


@cache
def probe() -> Machine:
    """Try each layer once; cached for the life of the process."""
    root = os.geteuid() == 0
    return Machine(
        root=root,
        namespaces=_namespaces.available(root),
        uid_drop=root and all(_readable_by_others(p) for p in interpreter_paths()),
        landlock_abi=_landlock.abi_version(),
        seccomp=_seccomp.available(),
        cgroups=root and cgroups.available(),
        subreaper=reaper.become_subreaper(),
    )


@dataclass(frozen=True)
class Layer:
    """One isolation layer: whether it is on, and what it guards or what its absence leaves."""

    name: str
    active: bool
    guards: str
    missing: str

    def line(self) -> str:
        mark, words = ("on ", self.guards) if self.active else ("OFF", f"missing: {self.missing}")
        return f"  [{mark}] {self.name:<16} {words}"


@dataclass(frozen=True)
class Isolation:
    """The level learner code runs at, and the layers that make it."""

    level: Level
    layers: tuple[Layer, ...]
    open: tuple[str, ...]  # what learner code could still do, in words
    reach: tuple[str, ...] = ()  # what it can reach of the host: socket files, your session

    @property
    def hidden_checks_protected(self) -> bool:
        return self.level != "weak"

    def summary(self) -> str:
        on = ", ".join(layer.name for layer in self.layers if layer.active)
        return f"{self.level} ({on})"

    def report(self) -> str:
        lines = ["Isolation of learner code on this machine:", ""]
        lines += [layer.line() for layer in self.layers]
        lines += ["", *self.reach, "", f"Level: {self.level.upper()}"]
        if self.open:
            lines += ["Learner code could still:"] + [f"  - {gap}" for gap in self.open]
        else:
            lines += [
                "Learner code cannot read instructor files, reach any network, touch the "
                "grader or other jobs, or exceed its limits."
            ]
        lines += ["", "What each level guarantees:"]
        lines += [
            textwrap.fill(
                words, width=88, initial_indent=f"  {level:<8}", subsequent_indent=" " * 10
            )
            for level, words in LEVELS.items()
        ]
        return "\n".join(lines)

    def level_reached(self) -> IsolationLevel:
        """What a grading run records of this: the level, each layer on or off, what is open."""
        layers = tuple((layer.name, layer.active) for layer in self.layers)
        return IsolationLevel(self.level, layers, self.open)

    def to_dict(self) -> dict[str, Any]:
        return self.level_reached().to_dict()


LEVELS: dict[Level, str] = {
    "strong": "learner code cannot read instructor files, reach any network or any socket "
    "file outside its scratch folder, signal or trace the grader or other jobs, "
    "exceed its CPU, memory (per job in total), process, file, output or disk "
    "limits, leave a process behind, or write outside its scratch folder",
    "medium": "hidden checks and solutions unreadable, no network, no socket file outside "
    "its scratch folder (so not your session bus, systemd --user or key agents); "
    "what is weaker is listed above",
    "weak": "hidden checks are NOT protected, or the network is open: grade only code you "
    "trust (--allow-weak-isolation)",
}


def assess(machine: Machine | None = None) -> Isolation:
    """The level this machine gives, layer by layer."""
    m = machine or probe()
    scope = m.landlock_abi >= 6
    layers = (
        Layer(
            "resource limits",
            True,
            "CPU time, memory per process, file size, open files",
            "nothing: always on",
        ),
        Layer(
            "namespaces",
            m.namespaces,
            "no network at all; files: a view of the system, the interpreter and a small "
            "scratch tmpfs only",
            "network through the namespace; the scratch folder can fill a disk",
        ),
        Layer(
            "per-job user",
            m.uid_drop or not m.root,
            "learner code runs as an unprivileged uid of its own"
            if m.root
            else "the grader is not root, so learner code is not either",
            "learner code runs as root: process counts are not limited by the user",
        ),
        Layer(
            f"landlock ABI {m.landlock_abi}" if m.landlock_abi else "landlock",
            m.landlock_abi > 0,
            "files: an allow-list; TCP" + ("; signals outside the job" if scope else ""),
            "files the grader's user can read, unless masked; TCP",
        ),
        Layer(
            "seccomp",
            m.seccomp,
            "no sockets but Unix ones, no ptrace, no new namespaces",
            "UDP and TCP sockets, ptrace of other processes of the same user",
        ),
        Layer(
            "cgroups",
            m.cgroups,
            "memory and processes per job in total; kill-all",
            "memory is limited per process only, not per job in total",
        ),
        Layer(
            "subreaper",
            m.subreaper,
            "orphaned processes come back to the grader and die",
            "a double-forked daemon may outlive its job",
        ),
    )
    gaps = _gaps(m, scope)
    files_safe = m.landlock_abi > 0 or (m.namespaces and (m.uid_drop or not m.root))
    network_safe = m.namespaces or m.seccomp
    level: Level = "strong" if not gaps else "medium" if files_safe and network_safe else "weak"
    return Isolation(level, layers, tuple(gaps), _reach(m))


def _reach(m: Machine) -> tuple[str, ...]:
    """What learner code can reach of the host beyond files: Unix socket files (the system
    and session buses, /dev/log, key agents, databases) and, without root, your session."""
    if m.namespaces:
        sockets = (
            "Unix socket files: only those in the job's own scratch folder, and socket "
            "pairs. The job's view of the file system is an allow-list: /run, /var/run, "
            "/tmp, home folders and /run/user/<uid> are not in it."
        )
    elif m.seccomp:
        sockets = (
            "Unix socket files: none. Without namespaces no Unix socket can be made at "
            "all (seccomp), only socket pairs."
        )
    else:
        sockets = (
            "Unix socket files: NOT PROTECTED. Learner code can connect to every socket "
            "file this user can: the system bus, your session bus, /dev/log."
        )
    if m.root:
        return (sockets,)
    session = (
        "Your session: learner code runs as your own uid (only root can give it "
        "another). It cannot reach your session bus, systemd --user or key agents "
        "where socket files are closed (above), nor signal your processes where "
        "Landlock scopes signals. It still shares, while it runs, your uid's per-user "
        "limits (processes, inotify instances, pipe buffers)"
        + (", and /dev/shm with your other programs (no namespaces)." if not m.namespaces else ".")
    )
    return (sockets, session)


def _gaps(m: Machine, scope: bool) -> list[str]:
    gaps = []
    if not (m.landlock_abi > 0 or (m.namespaces and (m.uid_drop or not m.root))):
        gaps.append("read hidden checks, solutions and other learners' files")
    if not (m.namespaces or m.seccomp):
        gaps.append("reach the network, loopback included")
        gaps.append(
            "connect to Unix socket files this user can reach (the system bus, "
            "your session bus, /dev/log)"
        )
    if not (scope or m.uid_drop):
        gaps.append("send signals to the grader and other jobs of the same user")
    if not (m.seccomp or m.uid_drop or m.landlock_abi > 0):
        gaps.append("trace or read the memory of other processes of the same user")
    if not (m.cgroups or m.uid_drop or (m.namespaces and not m.root)):
        gaps.append("start processes without a bound (a fork bomb)")
    if not m.cgroups:
        gaps.append("use more memory in all than the limit, spread over several processes")
    if not m.landlock_abi:
        gaps.append("write outside its scratch folder where the grader's user may write")
    if not m.subreaper and not m.cgroups:
        gaps.append("leave a daemon running after its job")
    return gaps


@dataclass(frozen=True)
class Plan:
    """What one sandboxed child applies to itself, in order, before learner code runs."""

    machine: Machine
    masks: tuple[str, ...] = ()
    read_only: tuple[str, ...] = ()  # also the job's whole view, with namespaces
    uid: int | None = None
    cgroup: str | None = None
    processes: int = 64
    scratch_mb: int = SCRATCH_MB

    def for_child(self, scratch: Path, cgroup_tasks: Iterable[str] = ()) -> dict[str, Any]:
        m = self.machine
        return {
            "namespaces": m.namespaces,
            "root": m.root,
            "uid": self.uid,
            "landlock_abi": m.landlock_abi,
            "seccomp": m.seccomp,
            "cgroup_tasks": list(cgroup_tasks),
            "masks": list(self.masks),
            "read_only": list(self.read_only),
            "read_write": [str(scratch), "/dev/null", "/dev/shm"],
            "scratch": str(scratch),
            "scratch_mb": self.scratch_mb,
            "processes": self.processes,
        }

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


def plan_for(
    protected: Iterable[Path] = (), *, slot: int = 0, machine: Machine | None = None
) -> Plan:
    """The plan for a child of worker `slot`, hiding the `protected` (instructor-only) paths."""
    m = machine or probe()
    allowed = interpreter_paths()
    masks = tuple(sorted({str(Path(p).resolve()) for p in protected if Path(p).exists()}))
    _refuse_overlap(allowed, masks)
    return Plan(
        machine=m,
        masks=masks,
        read_only=(*SYSTEM_READ_ONLY, *allowed),
        uid=SLOT_UID_BASE + slot if m.uid_drop else None,
        cgroup=f"slot{slot}" if m.cgroups else None,
    )


# Folders every Python process needs to read; the interpreter's own come from sys. With
# namespaces, these, the interpreter's, /proc, a few devices and the scratch folder are all a
# job sees (see `_namespaces`); Landlock allows the same, but of /proc only the job's own
# entries (`_landlock.Rules`): never other processes' command lines.
SYSTEM_READ_ONLY = (
    "/usr",
    "/lib",
    "/lib64",
    "/bin",
    "/etc/ld.so.cache",
    "/etc/localtime",
    "/dev/urandom",
    "/dev/random",
    "/dev/zero",
    "/dev/full",
)


@cache
def interpreter_paths() -> tuple[str, ...]:
    """The interpreter's prefixes and site-packages: what learner code may read to import."""
    candidates = {
        sys.prefix,
        sys.base_prefix,
        sys.exec_prefix,
        sys.base_exec_prefix,
        sysconfig.get_path("purelib"),
        sysconfig.get_path("platlib"),
        *site.getsitepackages(),
    }
    found = {os.path.realpath(p) for p in candidates if p and os.path.isdir(p)}
    # Keep the outermost of nested folders: a prefix covers its own site-packages.
    return tuple(sorted(p for p in found if not any(_inside(p, q) for q in found if q != p)))


def _inside(path: str, folder: str) -> bool:
    return path.startswith(folder.rstrip("/") + "/")


def _refuse_overlap(allowed: Iterable[str], masks: Iterable[str]) -> None:
    for mask in masks:
        for path in allowed:
            if mask == path or _inside(path, mask) or _inside(mask, path):
                raise ValueError(
                    f"the instructor-only folder {mask} overlaps the Python "
                    f"installation {path}: install the grader elsewhere"
                )


def _readable_by_others(path: str) -> bool:
    try:
        return os.stat(path).st_mode & 0o005 == 0o005
    except OSError:
        return False
