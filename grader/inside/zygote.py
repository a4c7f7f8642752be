"""The zygote: a clean process that imports numpy once and forks one sandboxed child per job.

Started as a script (`python -I -u zygote.py CONTROL_FD SETTINGS`) by a grading worker, it
holds nothing instructor-only: it never reads a check, a solution or a submission, and what
it receives are paths, limits, file descriptors and the names of the libraries the course
preloads for its module (`[sandbox.<module>] preload`), imported here after numpy. Forking
it costs a job about a millisecond, where a fresh interpreter that imports numpy costs a
hundred.

It is the subreaper of its jobs: whatever a job starts comes back to it when orphaned, and
`end` kills the job's process group, every other process of the slot's cgroup (a new
session does not leave a cgroup) and every orphan, then reaps them all. It sits in the
slot's cgroup itself, so a job joins the cgroup by being forked, without a migration.
"""

from __future__ import annotations

import array
import contextlib
import ctypes
import importlib
import importlib.util
import json
import os
import signal
import socket
import sys
import types
from typing import Any

_PR_SET_CHILD_SUBREAPER, _PR_SET_PDEATHSIG = 36, 1
MAX_MESSAGE = 1 << 20


def _load_child() -> types.ModuleType:
    path = os.path.join(os.path.dirname(os.path.abspath(__file__)), "child.py")
    spec = importlib.util.spec_from_file_location("_grader_child", path)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module
    spec.loader.exec_module(module)
    return module


child = _load_child()  # numpy, the wire format and every isolation layer, imported once here
for _layer in ("namespaces", "landlock", "seccomp"):
    child._load_sibling(_layer)
_libc = ctypes.CDLL(None, use_errno=True)


class Zygote:
    """Forks jobs on request and ends them; one request at a time over a Unix socket."""

    def __init__(
        self,
        control: socket.socket,
        procs: int | None,
        held: list[str],
        mounts: dict[str, Any] | None = None,
    ) -> None:
        self.control = control
        self.procs = procs  # open on the file that lists every pid of the cgroup, if any
        self.held = held  # namespaces entered once here, which every job shares in turn
        self.mounts = mounts  # the mounts built once here (`hold_mounts`), if any
        self.rules: Any = None  # the jobs' Landlock paths (`landlock.Rules`), for those mounts
        self.status: dict[int, int] = {}
        self._rules()

    def serve(self) -> None:
        while True:
            try:
                message, fds = _receive(self.control)
            except ConnectionError:
                break
            if message is None:  # the grader went away: so do its jobs
                break
            reply = self.handle(message, fds)
            self.control.sendall(json.dumps(reply).encode())
        self.end_all()

    def handle(self, message: dict[str, Any], fds: list[int]) -> dict[str, Any]:
        if message["op"] == "spawn":
            if self.mounts is not None and _children():
                for fd in fds:  # jobs share the held mounts one after another, never at once
                    os.close(fd)
                return {"refused": "a job of this zygote is still running: end it first"}
            return {"pid": self.spawn(message, fds)}
        return {"status": self.end(int(message["pid"]))}

    def spawn(self, message: dict[str, Any], fds: list[int]) -> int:
        pid = _fork()
        if pid == 0:
            self._become_job(message, fds)
        for fd in fds:
            os.close(fd)
        return pid

    def _become_job(self, message: dict[str, Any], fds: list[int]) -> None:
        """In the forked child: cut every tie to the zygote, then run the job. Never returns."""
        try:
            self.control.close()
            if self.procs is not None:  # a way out of the view, were it kept
                os.close(self.procs)
            signal.signal(signal.SIGCHLD, signal.SIG_DFL)
            os.setsid()
            request_fd, response_fd, output_fd = fds
            os.dup2(output_fd, 1)
            os.dup2(output_fd, 2)
            os.close(output_fd)
            plan = {**message["plan"], "held": self.held}
            if self.mounts is not None:
                plan.update(
                    held=[*self.held, "mnt"],
                    scratch=self.mounts["scratch"],
                    landlock_rules=self.rules,
                )
            child.run(request_fd, response_fd, {"limits": message["limits"], "plan": plan})
        finally:
            os._exit(0)

    def end(self, pid: int) -> int | None:
        """Kill the job and everything it started; its wait status once reaped."""
        with contextlib.suppress(ProcessLookupError):
            os.killpg(pid, signal.SIGKILL)
        with contextlib.suppress(ChildProcessError):
            self.status[pid] = os.waitpid(pid, 0)[1]  # SIGKILL: a short wait, not a poll
        for _ in range(1000):
            strays = self._cgroup_members() | _children()
            if not strays:
                break
            for stray in strays:
                with contextlib.suppress(ProcessLookupError):
                    os.kill(stray, signal.SIGKILL)
            self._reap()
        if self.mounts is not None and _namespaces().renew_if_used(
            self.mounts["scratch"], self.mounts["scratch_mb"]
        ):
            self._rules()  # a rule on the old tmpfs grants nothing on its replacement
        return self.status.pop(pid, None)

    def _rules(self) -> None:
        if self.mounts is None or not self.mounts["landlock_abi"]:
            return
        if self.rules is not None:
            self.rules.close()
        # Paths opened once, not one ruleset: each job makes its own, for its own /proc/<pid>.
        self.rules = child._load_sibling("landlock").Rules(
            self.mounts["read_only"], self.mounts["read_write"], abi=self.mounts["landlock_abi"]
        )

    def end_all(self) -> None:
        for pid in _children():
            self.end(pid)

    def _cgroup_members(self) -> set[int]:
        if self.procs is None:
            return set()
        os.lseek(self.procs, 0, os.SEEK_SET)
        listing = b""
        while chunk := os.read(self.procs, 1 << 16):
            listing += chunk
        return {int(p) for p in listing.split()} - {os.getpid()}

    def _reap(self) -> None:
        while True:
            try:
                pid, status = os.waitpid(-1, os.WNOHANG)
            except ChildProcessError:
                return
            if pid == 0:
                return
            self.status[pid] = status


def _fork() -> int:
    """fork(2) itself, without what os.fork() runs around it for a process with threads: the
    callbacks that numpy's imports register (threading's, random's) rebuild state in every
    job, about 190 page faults and 0.5 ms of CPU a job on the grading machine. The zygote has
    one thread (OpenBLAS is started with one, and the zygote starts none), so nothing can hold
    a lock across the fork; `main` checks that it is so before serving any job. One thing a
    job sees differently: `random` is not seeded again, so an unseeded learner's `random`
    (and numpy's global generator, which a warm zygote imports) starts from the same state in
    every job of a zygote."""
    pid = _libc.fork()
    if pid < 0:
        code = ctypes.get_errno()
        raise OSError(code, f"fork: {os.strerror(code)}")
    return int(pid)


def _single_threaded() -> None:
    threads = os.listdir("/proc/self/task")
    if len(threads) != 1:
        raise RuntimeError(f"the zygote must have one thread to fork jobs; it has {len(threads)}")


def _namespaces() -> types.ModuleType:
    return child._load_sibling("namespaces")


def _children() -> set[int]:
    found: set[int] = set()
    for task in os.listdir("/proc/self/task"):
        with contextlib.suppress(OSError), open(f"/proc/self/task/{task}/children") as listing:
            found.update(int(p) for p in listing.read().split())
    return found


def _receive(control: socket.socket) -> tuple[dict[str, Any] | None, list[int]]:
    fds = array.array("i")
    data, ancillary, _, _ = control.recvmsg(MAX_MESSAGE, socket.CMSG_SPACE(3 * fds.itemsize))
    for level, kind, payload in ancillary:
        if level == socket.SOL_SOCKET and kind == socket.SCM_RIGHTS:
            fds.frombytes(payload[: len(payload) - len(payload) % fds.itemsize])
    return (json.loads(data) if data else None), list(fds)


def _settle(procs_files: list[str]) -> int | None:
    """Join the slot's cgroup, adopt orphans, die with the grader, and be killed last; a
    descriptor to list the cgroup's processes by, which works outside the jobs' view."""
    for procs in procs_files:
        with open(procs, "w") as cgroup:
            cgroup.write(str(os.getpid()))
    _libc.prctl(_PR_SET_CHILD_SUBREAPER, 1, 0, 0, 0)
    _libc.prctl(_PR_SET_PDEATHSIG, signal.SIGKILL, 0, 0, 0)
    # Its jobs share its memory cgroup: whatever they pile up, the kernel must kill them,
    # never the zygote (-1000, as root: never; otherwise as low as this user may set).
    for score in (b"-1000", b"-500"):
        with contextlib.suppress(OSError):
            _write_once("/proc/self/oom_score_adj", score)
            break
    return os.open(procs_files[0], os.O_RDONLY | os.O_CLOEXEC) if procs_files else None


def _preload(names: list[str]) -> dict[str, str]:
    """Import the libraries the course preloads for this zygote's module, once here rather
    than in every job (scikit-learn: about a second each); what failed to import, and why.
    Names come from the course's settings: the zygote's own code imports only stdlib and
    numpy."""
    failed = {}
    for name in names:
        try:
            importlib.import_module(name)
        except Exception as error:  # noqa: BLE001 - the instructor's to fix; jobs go on
            failed[name] = f"{type(error).__name__}: {error}"[:500]
    return failed


def _write_once(path: str, data: bytes) -> None:
    fd = os.open(path, os.O_WRONLY | os.O_CLOEXEC)
    try:
        os.write(fd, data)
    finally:
        os.close(fd)


def main(argv: list[str]) -> None:
    control = socket.socket(fileno=int(argv[1]))
    settings = json.loads(control.recv(MAX_MESSAGE))  # first message: never on its argv
    procs_files, held, mounts = settings["cgroup_procs"], settings["hold"], settings["mounts"]
    procs = _settle(procs_files)
    # Before the view is built: the zygote lives in it too, and the grader's files are not.
    child.prepare(warm=settings["warm"])
    not_preloaded = _preload(settings["preload"])
    try:  # what it builds once for its jobs; a job would otherwise build it, and say so
        if held:
            _namespaces().hold(held)
        if mounts is not None:
            _namespaces().hold_mounts(
                mounts["masks"],
                scratch=mounts["scratch"],
                scratch_mb=mounts["scratch_mb"],
                view=mounts["read_only"],
            )
        zygote = Zygote(control, procs, held, mounts)
    except Exception as error:  # the grader's problem: it must not grade weaker than planned
        control.sendall(json.dumps({"failed": f"{type(error).__name__}: {error}"}).encode())
        sys.exit(1)
    _single_threaded()
    control.sendall(json.dumps({"ready": os.getpid(), "not_preloaded": not_preloaded}).encode())
    zygote.serve()
    # Its jobs are ended and it has nothing to write: skip tearing down the interpreter and
    # numpy, which the grader, waiting for it to exit, would wait for (some 40 ms).
    os._exit(0)


if __name__ == "__main__":
    try:
        main(sys.argv)
    except (BrokenPipeError, ConnectionResetError):
        # The grader ended first (`grader check` on a missing file exits before the zygote it
        # started early is ready): no one is left to tell, so leave without a traceback.
        os._exit(0)
