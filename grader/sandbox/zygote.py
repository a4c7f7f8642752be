"""The grader's handle on its zygote: the process that forks a sandboxed child per job.

Each grading process (a worker, or the grader itself when it runs alone) starts one zygote
per worker slot on first use and talks to it over a Unix socket: `spawn` hands it the job's
pipes and output file and gets a pid back; `end` has it kill everything the job started and
gives the job's wait status.
"""

from __future__ import annotations

import array
import atexit
import hashlib
import json
import multiprocessing.util
import os
import socket
import subprocess
import sys
import tempfile
from pathlib import Path
from typing import Any

from grader.errors import GraderFault
from grader.inside.namespaces import INODES, SHM_MB
from grader.sandbox.cgroups import JobCgroup
from grader.sandbox.isolation import Plan
from grader.sandbox.limits import Limits

__all__ = ["Zygote", "ZygoteError", "zygote_for"]

SCRIPT = Path(__file__).parent.parent / "inside" / "zygote.py"
ZYGOTE_MB = 128  # room for the zygote while it starts; then its measured size
INODE_BYTES = 2048  # kernel memory an empty file, folder or link pins in a tmpfs, at most
BOOT_TIMEOUT = 60.0
REPLY_TIMEOUT = 30.0


class ZygoteError(GraderFault):
    """The zygote could not start or stopped answering: the grader's problem, never a learner's."""


class Zygote:
    """One zygote process and the socket to it."""

    def __init__(
        self,
        cgroup: JobCgroup | None = None,
        job_memory: int = 0,
        hold: tuple[str, ...] = (),
        warm: bool = False,
        mounts: Plan | None = None,
        preload: tuple[str, ...] = (),
    ) -> None:
        self.cgroup = cgroup
        cgroup_procs = cgroup.tasks_files() if cgroup else []
        self.mounts = mounts  # the plan whose mounts it builds once for all its jobs, if any
        self.scratch: str | None = None  # then where its jobs write, only in its mounts
        held_mounts = None
        if mounts is not None:
            self.scratch = str(scratch_root() / "grader-job")
            held_mounts = _held_mounts(mounts, self.scratch)
        ours, theirs = socket.socketpair(socket.AF_UNIX, socket.SOCK_SEQPACKET)
        self.socket = ours
        self.process = subprocess.Popen(
            [
                sys.executable,
                "-I",
                "-u",
                str(SCRIPT),
                str(theirs.fileno()),
            ],
            pass_fds=(theirs.fileno(),),
            stdin=subprocess.DEVNULL,
            env={
                "PATH": "/usr/bin:/bin",
                "LANG": "C.UTF-8",
                "OPENBLAS_NUM_THREADS": "1",
                "OMP_NUM_THREADS": "1",
                "MKL_NUM_THREADS": "1",
                "PYTHONHASHSEED": "0",
                "PYTHONDONTWRITEBYTECODE": "1",
            },
            start_new_session=True,
        )
        # Its settings go over the socket, not on its command line: a job reads its own
        # /proc/self/cmdline, which is the zygote's, and must not find the masked folders there.
        # Sent while this end still holds `theirs`: a zygote that died at once is found later.
        settings = {"cgroup_procs": cgroup_procs, "hold": list(hold), "warm": warm}
        ours.sendall(
            json.dumps({**settings, "preload": list(preload), "mounts": held_mounts}).encode()
        )
        theirs.close()
        self.hold = hold
        self.warm = warm
        self.preload = preload
        self.not_preloaded: dict[str, str] = {}  # a name it could not import -> why
        self.job_memory = job_memory
        self.resident = 0  # its own memory, measured once it is ready
        self.pid: int | None = None  # known once it says it is ready: it boots meanwhile

    def _await_ready(self) -> None:
        self.socket.settimeout(BOOT_TIMEOUT)
        reply = self._reply()
        if "failed" in reply:
            raise ZygoteError(f"the sandbox could not apply its isolation: {reply['failed']}")
        self.pid = int(reply["ready"])
        self.resident = _resident_bytes(self.pid)
        self.socket.settimeout(REPLY_TIMEOUT)
        self.not_preloaded = dict(reply.get("not_preloaded", {}))
        _report_not_preloaded(self.not_preloaded)
        self._limit_memory()

    def limit_jobs(self, job_memory: int) -> None:
        """Let its jobs have this much memory from now on (modules' limits differ, and one
        zygote serves every module that preloads the same libraries)."""
        if job_memory != self.job_memory:
            self.job_memory = job_memory
            if self.pid is not None:
                self._limit_memory()

    def _limit_memory(self) -> None:
        if self.cgroup is not None:  # the zygote sits in its jobs' cgroup: its memory on top
            self.cgroup.limit_memory(max(self.job_memory, _kept_bytes(self.mounts)) + self.resident)

    def spawn(self, fds: list[int], limits: dict[str, Any], plan: dict[str, Any]) -> int:
        """Fork a child that runs one job with these pipes (request, response) and output."""
        if self.pid is None:
            self._await_ready()
        message = json.dumps({"op": "spawn", "limits": limits, "plan": plan}).encode()
        rights = [(socket.SOL_SOCKET, socket.SCM_RIGHTS, array.array("i", fds).tobytes())]
        self._send(message, rights)
        reply = self._reply()
        if "refused" in reply:
            raise ZygoteError(
                f"the sandbox's zygote refused a job ({reply['refused']}): two "
                "sandboxes of one worker slot cannot run at once; close the "
                "first, or give the second a plan of another slot"
            )
        return int(reply["pid"])

    def end(self, pid: int) -> int | None:
        """Kill the job `pid` and every process it started; its wait status, if it had one."""
        self._send(json.dumps({"op": "end", "pid": pid}).encode())
        status = self._reply()["status"]
        return None if status is None else int(status)

    def close(self) -> None:
        self.socket.close()  # the zygote ends its jobs and exits when its socket closes
        try:
            self.process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait()
        if self.cgroup is not None:
            self.cgroup.remove()

    def _send(self, message: bytes, ancillary: list[tuple[int, int, bytes]] | None = None) -> None:
        try:
            self.socket.sendmsg([message], ancillary or [])
        except OSError as error:
            raise ZygoteError(f"the sandbox's zygote stopped answering ({error})") from None

    def _reply(self) -> dict[str, Any]:
        try:
            data = self.socket.recv(1 << 16)
        except OSError as error:
            raise ZygoteError(f"the sandbox's zygote stopped answering ({error})") from None
        if not data:
            code = self.process.poll()
            raise ZygoteError(f"the sandbox's zygote exited (status {code})")
        return dict(json.loads(data))


# One zygote per (process, worker slot, preloaded modules), in a cgroup of its own when cgroups
# are on: a forked worker must never share its parent's socket or cgroup. Modules that preload
# nothing (the course's exercises) share one zygote per slot, as small as it can be; a module
# that preloads libraries (scikit-learn) has one of its own beside it, started when one of its
# files is first graded, so that a bigger zygote never slows the forks of the others.
_ZYGOTES: dict[tuple[int, str, tuple[str, ...]], Zygote] = {}
_REPORTED: set[str] = set()  # names not preloaded, told once per process


def zygote_for(
    plan: Plan, limits: Limits, *, warm: bool = False, preload: tuple[str, ...] = ()
) -> Zygote:
    """This process's zygote for the plan's worker slot and these preloaded modules, started
    on first use, with its jobs' memory as `limits` say. A `warm` one runs the code of a job
    once before it forks any (see `_warmup`): some 10 ms more to start, about 1 ms of CPU
    less for every job; for a process that grades many files. Asked for warm, a cold one is
    replaced; asked for any, a warm one is kept."""
    hold = _shared_namespaces(plan)
    mounts = plan if _holds_mounts(plan) else None
    key = (os.getpid(), plan.cgroup or "unconfined", preload)
    zygote = _ZYGOTES.get(key)
    if (
        zygote is None
        or zygote.process.poll() is not None
        or zygote.hold != hold
        or zygote.mounts != mounts
        or (warm and not zygote.warm)
    ):
        if zygote is not None:
            zygote.close()
        if not _ZYGOTES:
            atexit.register(_close_all)
            # A pool worker leaves through os._exit, past atexit, but runs these finalizers.
            multiprocessing.util.Finalize(None, _close_all, exitpriority=0)
        zygote = _ZYGOTES[key] = Zygote(
            _cgroup(plan, limits, preload), limits.memory_mb << 20, hold, warm, mounts, preload
        )
    zygote.limit_jobs(limits.memory_mb << 20)
    return zygote


def scratch_root() -> Path:
    """The folder of this user's job folders. Inside a job, the namespaces cover it with an
    empty tmpfs and mount the job's own scratch back: it must hold nothing but job folders,
    which is why it is not /tmp itself (a virtual environment may live there)."""
    root = Path(tempfile.gettempdir()) / f"grader-jobs-{os.getuid()}"
    root.mkdir(mode=0o711, exist_ok=True)
    if root.is_symlink() or root.stat().st_uid != os.getuid():
        raise ZygoteError(f"{root} is not this user's own folder: remove it and try again")
    return root


def _shared_namespaces(plan: Plan) -> tuple[str, ...]:
    """The namespaces the zygote enters once for all its jobs: as root, where namespaces work,
    the network and the host name (see `_namespaces.SHAREABLE`); every other one per job."""
    machine = plan.machine
    return ("net", "uts") if machine.namespaces and machine.root else ()


def _holds_mounts(plan: Plan) -> bool:
    """Whether the zygote builds its jobs' mounts and opens their Landlock paths once, in a mount
    namespace it holds (see `_namespaces.hold_mounts`): as root, where namespaces work;
    elsewhere every job builds its own."""
    return plan.machine.namespaces and plan.machine.root


def _held_mounts(plan: Plan, scratch: str) -> dict[str, Any]:
    """What the zygote needs for that. The jobs' scratch folder is made in the tmpfs that
    covers the folder of job folders in the zygote's mounts, never on the grader's disk."""
    child = plan.for_child(Path(scratch))
    return {
        name: child[name]
        for name in ("masks", "scratch", "scratch_mb", "read_only", "read_write", "landlock_abi")
    }


def _kept_bytes(mounts: Plan | None) -> int:
    """What a job can leave in the tmpfs mounts its zygote holds (its scratch folder and
    /dev/shm, bounded in bytes and inodes), charged to the slot's memory cgroup until the
    zygote renews them after the job. The job's share of the cgroup is never less: once the
    kernel has killed the job, what it left cannot fill the cgroup and starve the zygote."""
    if mounts is None:
        return 0
    return ((mounts.scratch_mb + SHM_MB) << 20) + 2 * INODES * INODE_BYTES


def _cgroup(plan: Plan, limits: Limits, preload: tuple[str, ...]) -> JobCgroup | None:
    if plan.cgroup is None:
        return None
    # A zygote that preloads has a cgroup of its own: `end` kills every other process of its
    # cgroup, and the slot's other zygote must not be one of them.
    name = plan.cgroup + (f"-{_digest(preload)}" if preload else "")
    return JobCgroup(
        name, memory_bytes=(limits.memory_mb + ZYGOTE_MB) << 20, processes=plan.processes + 1
    )


def _digest(preload: tuple[str, ...]) -> str:
    return hashlib.sha256(",".join(preload).encode()).hexdigest()[:8]


def _report_not_preloaded(failed: dict[str, str]) -> None:
    """A module the course asks to preload that does not import is the instructor's to fix,
    and never a learner's failure: jobs run without it (a learner's import of it then fails as
    it would anywhere). Said once per process, on the grader's standard error."""
    for name, why in sorted(failed.items()):
        if name not in _REPORTED:
            _REPORTED.add(name)
            print(
                f"grader: course problem: [sandbox] preload {name!r} could not be imported "
                f"({why}); that module's jobs run without it",
                file=sys.stderr,
            )


def _resident_bytes(pid: int) -> int:
    with open(f"/proc/{pid}/status") as status:
        for line in status:
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) * 1024
    return ZYGOTE_MB << 20


def _forget_inherited() -> None:
    """In a forked worker: drop the parent's zygotes (their sockets, their cgroups)."""
    for zygote in _ZYGOTES.values():
        zygote.socket.close()
    _ZYGOTES.clear()


os.register_at_fork(after_in_child=_forget_inherited)


def _close_all() -> None:
    for (pid, _, _), zygote in list(_ZYGOTES.items()):
        if pid == os.getpid():
            zygote.close()
    _ZYGOTES.clear()
