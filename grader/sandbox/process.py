"""A sandbox for one learner file: a child process that the grader talks to in plain data.

The grader (trusted) sends the learner's source and the inputs of each call; the child
(untrusted, `_child.py`, forked by the zygote) runs them and answers with plain data. Time
limits are enforced here by waiting on the answer pipe with a deadline, never by polling,
and a child that hangs, dies or breaks the protocol is killed with everything it started
and is started again for the next call, so one bad function costs only the checks that
call it.
"""

from __future__ import annotations

import os
import secrets
import select
import shutil
import signal
import tempfile
import time
from pathlib import Path
from typing import Any

from . import wire
from .isolation import Plan, plan_for
from .limits import Limits
from .outcomes import Crashed, Loaded, LoadNote, Missing, Outcome, Raised, Returned, TimedOut
from .zygote import zygote_for

__all__ = ["Sandbox", "SandboxError"]

BOOT_TIMEOUT = 60.0  # seconds for a fresh child to start, before any learner code runs

OUTPUT_SHOWN = 16 * 1024  # how much of what the learner printed reaches the report


class _Died(Exception):
    """The child is gone or unusable; `reason` says why in a learner's words."""

    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason


class _Late(Exception):
    """No answer before the deadline."""


class SandboxError(Exception):
    """The sandbox itself could not start: a problem of the grader's, never the learner's."""


class Sandbox:
    """One learner file in its own child process, restarted whenever it has to be killed."""

    def __init__(self, limits: Limits | None = None, plan: Plan | None = None) -> None:
        self.limits = limits or Limits()
        self.plan = plan or plan_for()
        self._scratch = Path(tempfile.mkdtemp(prefix="grader-job-", dir=_scratch_root()))
        self._output = self._scratch.parent / f"{self._scratch.name}.out"
        self._output.touch()
        self._zygote = zygote_for(self.plan, self.limits)
        self._pid: int | None = None  # the job's process, while it runs
        self._closed = False
        self._loaded: dict[str, str] | None = None

    def __enter__(self) -> Sandbox:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # -- what the checks use -------------------------------------------------------------

    def start(self) -> None:
        """Start the child now, so it boots while the grader does other work."""
        if self._pid is None:
            self._spawn()

    def load(self, source: str, filename: str, module: str, timeout: float) -> Loaded | Outcome:
        """Load the learner's file; top-level statements that raise become notes."""
        self._loaded = {"op": "load", "source": source, "filename": filename, "module": module}
        return self._load(timeout)

    def call(self, function: str, args: tuple[Any, ...], kwargs: dict[str, Any],
             timeout: float) -> Outcome:
        """Call one of the learner's functions with these inputs, within `timeout` seconds."""
        request = {
            "op": "call",
            "function": function,
            "args": wire.encode(list(args)),
            "kwargs": wire.encode(dict(kwargs)),
        }
        deadline = time.monotonic() + timeout
        outcome = self._call_once(request, timeout, deadline)
        if isinstance(outcome, Crashed) and time.monotonic() < deadline:
            # A process can be killed between two calls by what the previous call left
            # behind (a thread, a wrapped channel); a fresh child tells whose crash it is.
            outcome = self._call_once(request, timeout, deadline)
        return outcome

    def _call_once(self, request: dict[str, Any], timeout: float, deadline: float) -> Outcome:
        if self._pid is not None and self._spoke_out_of_turn():
            self._kill()  # it died or wrote after its last answer: restart, charge no one
        if self._pid is None:
            restarted = self._load(max(0.0, deadline - time.monotonic()))
            if not isinstance(restarted, Loaded):
                return Crashed(f"your file could not be loaded again after an earlier failure "
                               f"({_summary(restarted)})")
        try:
            reply = self._exchange(request, deadline)
        except _Late:
            self._kill()
            return TimedOut(timeout)
        except _Died as died:
            return Crashed(died.reason)
        return _call_outcome(reply)

    def _spoke_out_of_turn(self) -> bool:
        """Whether the child closed its end or wrote something since its last answer."""
        poller = select.poll()
        poller.register(self._response, select.POLLIN)
        return bool(poller.poll(0))

    def output(self) -> str:
        """What the learner's code printed, cut to what a report can show."""
        with open(self._output, "rb") as printed:
            data = printed.read(OUTPUT_SHOWN + 1)
        text = data[:OUTPUT_SHOWN].decode("utf-8", errors="replace")
        if len(data) > OUTPUT_SHOWN:
            text += "\n... (output cut here)"
        return text

    def close(self) -> str:
        """Kill everything the job started, remove its scratch folder, return its output."""
        if self._closed:
            return ""
        self._kill()
        printed = self.output()
        shutil.rmtree(self._scratch, ignore_errors=True)
        self._output.unlink(missing_ok=True)
        self._closed = True
        return printed

    # -- the child process ---------------------------------------------------------------

    def _spawn(self) -> None:
        request_read, self._request = os.pipe()
        self._response, response_write = os.pipe()
        output = os.open(self._output, os.O_WRONLY | os.O_APPEND | os.O_CLOEXEC)
        try:
            self._pid = self._zygote.spawn([request_read, response_write, output],
                                           self.limits.for_child(),
                                           self.plan.for_child(self._scratch))
        finally:
            for fd in (request_read, response_write, output):
                os.close(fd)

    def _load(self, timeout: float) -> Loaded | Outcome:
        assert self._loaded is not None
        self.start()
        self._await_ready()
        try:
            reply = self._exchange(self._loaded, time.monotonic() + timeout)
        except _Late:
            self._kill()
            return TimedOut(timeout, "loading the file (its top-level code) took too long")
        except _Died as died:
            return Crashed(died.reason)
        if "loaded" in reply:
            return _loaded(reply["loaded"])
        self._kill()
        return _call_outcome(reply)

    def _await_ready(self) -> None:
        """The child's first frame says it is up; before it, no learner code has run."""
        try:
            header = self._receive(wire.HEADER_SIZE, time.monotonic() + BOOT_TIMEOUT)
            ready = wire.parse(self._receive(wire.frame_length(header), time.monotonic() + 1))
        except (_Late, _Died, wire.WireError) as error:
            self._kill()
            raise SandboxError(f"the sandbox did not start ({error!r}); it printed:\n"
                               f"{self.output()}") from None
        if "ready" not in ready:
            self._kill()
            raise SandboxError(f"the sandbox could not apply its isolation: {ready.get('failed')}")

    def _exchange(self, request: dict[str, Any], deadline: float) -> dict[str, Any]:
        """Send a request and read its reply. Each request carries a fresh random nonce that
        its reply must echo, so a frame learner code writes ahead of time is never taken for
        the answer to a later call."""
        nonce = secrets.token_hex(16)
        try:
            self._send(wire.frame({**request, "nonce": nonce}), deadline)
            header = self._receive(wire.HEADER_SIZE, deadline)
            reply = wire.parse(self._receive(wire.frame_length(header), deadline))
            if reply.get("nonce") != nonce:
                raise wire.WireError("a reply that answers no request of the grader's")
        except wire.WireError as error:
            self._kill()
            raise _Died(f"your code broke the grader's channel ({error})") from None
        return reply

    def _send(self, data: bytes, deadline: float) -> None:
        view = memoryview(data)
        while view:
            if not _ready(self._request, select.POLLOUT, deadline):
                raise _Late
            try:
                view = view[os.write(self._request, view[: select.PIPE_BUF]) :]
            except BrokenPipeError:
                raise _Died(self._death()) from None

    def _receive(self, size: int, deadline: float) -> bytes:
        chunks: list[bytes] = []
        while size:
            if not _ready(self._response, select.POLLIN, deadline):
                raise _Late
            chunk = os.read(self._response, min(size, 1 << 20))
            if not chunk:
                raise _Died(self._death())
            chunks.append(chunk)
            size -= len(chunk)
        return b"".join(chunks)

    def _death(self) -> str:
        """Why the child stopped answering, after making sure it is gone."""
        return _exit_reason(self._kill())

    def _kill(self) -> int | None:
        """End the job and everything it started; its exit code (negative: a signal)."""
        pid, self._pid = self._pid, None
        if pid is None:
            return None
        for fd in (self._request, self._response):
            os.close(fd)
        status = self._zygote.end(pid)
        return None if status is None else os.waitstatus_to_exitcode(status)


def _scratch_root() -> Path:
    """The folder of this user's job folders. Inside a job, the namespaces cover it with an
    empty tmpfs and mount the job's own scratch back: it must hold nothing but job folders,
    which is why it is not /tmp itself (a virtual environment may live there)."""
    root = Path(tempfile.gettempdir()) / f"grader-jobs-{os.getuid()}"
    root.mkdir(mode=0o711, exist_ok=True)
    if root.is_symlink() or root.stat().st_uid != os.getuid():
        raise SandboxError(f"{root} is not this user's own folder: remove it and try again")
    return root


def _call_outcome(reply: dict[str, Any]) -> Outcome:
    try:
        if "returned" in reply:
            return Returned(wire.decode(reply["returned"]))
        if "raised" in reply:
            return _raised(reply["raised"])
        if "missing" in reply:
            return Missing(str(reply["missing"]))
    except (wire.WireError, KeyError, TypeError) as error:
        return Crashed(f"your code sent back something the grader cannot read ({error})")
    return Crashed("your code sent back something the grader cannot read")


def _raised(data: dict[str, Any]) -> Raised:
    line = data.get("line")
    return Raised(
        type=str(data.get("type", "Exception"))[:100],
        message=str(data.get("message", ""))[:2000],
        traceback=str(data.get("traceback", ""))[:6000],
        line=line if isinstance(line, int) else None,
    )


def _loaded(data: dict[str, Any]) -> Loaded:
    functions = tuple(str(name) for name in data.get("functions", ()))
    notes = tuple(LoadNote(int(n.get("line") or 0), _raised(n)) for n in data.get("notes", ()))
    return Loaded(functions, notes)


def _exit_reason(code: int | None) -> str:
    if code is None:
        return "your code closed the grader's channel"
    if code < 0:
        name = signal.Signals(-code).name
        why = {
            "SIGSEGV": "a segmentation fault",
            "SIGKILL": "it was killed (out of memory or CPU time?)",
            "SIGXCPU": "it used up its CPU time",
            "SIGABRT": "an abort",
        }.get(name, name)
        return f"the Python process running your code crashed: {why}"
    return f"your code ended the Python process (exit code {code}, e.g. os._exit)"


def _summary(outcome: Loaded | Outcome) -> str:
    if isinstance(outcome, Raised):
        return f"{outcome.type}: {outcome.message}"
    if isinstance(outcome, TimedOut):
        return "it timed out"
    if isinstance(outcome, Crashed):
        return outcome.reason
    return type(outcome).__name__


def _child_environment(scratch: Path) -> dict[str, str]:
    """A minimal environment: nothing of the instructor's reaches learner code."""
    return {
        "PATH": "/usr/local/bin:/usr/bin:/bin",
        "HOME": str(scratch),
        "TMPDIR": str(scratch),
        "LANG": "C.UTF-8",
        "OPENBLAS_NUM_THREADS": "1",
        "OMP_NUM_THREADS": "1",
        "MKL_NUM_THREADS": "1",
        "PYTHONDONTWRITEBYTECODE": "1",
        "PYTHONHASHSEED": "0",
    }


def _ready(fd: int, event: int, deadline: float) -> bool:
    """Wait for a pipe without polling in a loop: the kernel wakes us on data, EOF or deadline."""
    poller = select.poll()
    poller.register(fd, event)
    return bool(poller.poll(max(0.0, deadline - time.monotonic()) * 1000))
