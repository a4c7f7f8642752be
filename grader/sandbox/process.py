"""A sandbox for one learner file: a child process that the grader talks to in plain data.

The grader (trusted) sends the learner's source and the inputs of each call; the child
(untrusted, `_child.py`, forked by the zygote) runs them and answers with plain data. Time
limits are enforced here by waiting on the answer pipe with a deadline, never by polling,
and a child that hangs, dies or breaks the protocol is killed with everything it started
and is started again for the next call, so one bad function costs only the checks that
call it.

Calls the checks are expected to make (`load(..., then=...)`) are sent with the file: the
child answers them one after another while the grader reads the answers as the checks ask,
which spares a round trip per call. The answers are only taken while the checks ask for the
same calls in the same order. When they ask for another one, the child may have run calls
the checks never made: it is started again and made to answer the calls it had answered, and
what the extra calls printed is cut from the output, so that the result is the one of calls
made one at a time.
"""

from __future__ import annotations

import contextlib
import os
import secrets
import select
import shutil
import subprocess
import tempfile
import time
from collections import deque
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from grader.errors import GraderFault
from grader.inside import wire
from grader.sandbox.isolation import Plan, plan_for
from grader.sandbox.limits import Limits
from grader.sandbox.messages import (
    ZYGOTE_LOST,
    Request,
    call_outcome,
    call_request,
    exit_reason,
    loaded,
    summary,
)
from grader.sandbox.outcomes import (
    Crashed,
    Loaded,
    Outcome,
    TimedOut,
)
from grader.sandbox.waiting import answered, ready
from grader.sandbox.zygote import ZygoteError, scratch_root, zygote_for

__all__ = ["Sandbox", "SandboxError"]

BOOT_TIMEOUT = 60.0  # seconds for a fresh child to start, before any learner code runs

OUTPUT_SHOWN = 16 * 1024  # how much of what the learner printed reaches the report

# Calls sent ahead must fit in the request pipe (64 KiB), so that writing them never waits
# for a child that is itself waiting for the grader to read its answers.
AHEAD_BYTES = 32 * 1024


class _Died(Exception):
    """The child is gone or unusable; `reason` says why in a learner's words."""

    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason


class _Late(Exception):
    """No answer before the deadline."""


class SandboxError(GraderFault):
    """The sandbox itself could not start: a problem of the grader's, never the learner's."""


class Sandbox:
    """One learner file in its own child process, restarted whenever it has to be killed."""

    def __init__(
        self, limits: Limits | None = None, plan: Plan | None = None, preload: tuple[str, ...] = ()
    ) -> None:
        self.limits = limits or Limits()
        self.plan = plan or plan_for()
        self.preload = preload  # what the zygote of its jobs imported: the module's libraries
        self._zygote = zygote_for(self.plan, self.limits, preload=preload)
        handle, output = tempfile.mkstemp(prefix="grader-job-", suffix=".out", dir=scratch_root())
        os.close(handle)
        self._output = Path(output)
        # A folder of this job's own, unless its zygote holds one that its jobs share in turn.
        self._scratch = None if self._zygote.scratch else Path(output[: -len(".out")])
        if self._scratch is not None:
            self._scratch.mkdir(mode=0o700)
        self._pid: int | None = None  # the job's process, while it runs
        self._zygote_lost = False  # the zygote died with the job: see `_kill`
        self._closed = False
        self._loaded: dict[str, str] | None = None
        self._inbox = bytearray()  # read from the child, not yet taken as an answer
        self._ahead: deque[tuple[Request, str]] = deque()  # sent ahead, with their nonces
        self._answered: list[Request] = []  # the calls this child answered, in order
        self._printed_before = 0  # the output's size when this child started
        self._printed: int | None = None  # ... and after the latest answer taken, by the child
        self.replayed = 0.0  # seconds spent bringing a child back to where the checks left it

    def __enter__(self) -> Sandbox:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # -- what the checks use -------------------------------------------------------------

    def start(self) -> None:
        """Start the child now, so it boots while the grader does other work."""
        if self._pid is None:
            self._spawn()

    def load(
        self,
        source: str,
        filename: str,
        module: str,
        timeout: float,
        *,
        then: Sequence[Request] = (),
    ) -> Loaded | Outcome:
        """Load the learner's file; top-level statements that raise become notes. `then`: the
        calls the checks are expected to make first, in order, sent with the file."""
        self._loaded = {"op": "load", "source": source, "filename": filename, "module": module}
        return self._load(timeout, then)

    def call(
        self,
        function: str,
        args: tuple[Any, ...],
        kwargs: dict[str, Any],
        timeout: float,
        *,
        protected: Sequence[str] = (),
        signature: Sequence[str] = (),
    ) -> Outcome:
        """Call one of the learner's functions with these inputs, within `timeout` seconds;
        `protected`: the parameters (of `signature`) the call must leave unchanged."""
        request = call_request(function, args, kwargs, protected, signature)
        if self._ahead and self._ahead[0][0] != request:
            self._diverged()  # before this call's time starts
        deadline = time.monotonic() + timeout
        outcome = self._call_once(request, timeout, deadline, protected)
        if isinstance(outcome, Crashed) and time.monotonic() < deadline:
            # A process can be killed between two calls by what the previous call left
            # behind (a thread, a wrapped channel); a fresh child tells whose crash it is.
            outcome = self._call_once(request, timeout, deadline, protected)
        return outcome

    def send_ahead(self, requests: Sequence[Request]) -> None:
        """Send now calls the checks are expected to make next, as `load(then=...)` sends
        them with the file: only to a running child that has answered all it was sent."""
        if self._ahead or self._pid is None or not requests:
            return
        try:
            self._send_ahead(requests, time.monotonic() + self.limits.call_timeout)
        except (_Late, _Died):
            self._kill()  # the next call starts a fresh child, which is sent nothing ahead

    def _call_once(
        self, request: Request, timeout: float, deadline: float, protected: Sequence[str]
    ) -> Outcome:
        if not self._ahead and self._pid is not None and self._spoke_out_of_turn():
            self._kill()  # it died or wrote after its last answer: restart, charge no one
        if self._pid is None:
            restarted = self._load(max(0.0, deadline - time.monotonic()))
            if not isinstance(restarted, Loaded):
                return Crashed(
                    f"your file could not be loaded again after an earlier failure "
                    f"({summary(restarted)})"
                )
        try:
            if self._ahead:
                reply = self._answer(self._ahead.popleft()[1], deadline)
                self._answered.append(request)
            else:
                reply = self._exchange(request, deadline)
        except _Late:
            self._kill()
            return TimedOut(timeout)
        except _Died as died:
            return Crashed(died.reason)
        return call_outcome(reply, protected)

    def _diverged(self) -> None:
        """The checks asked for another call than the next one sent ahead, which the child may
        have run already: start it again, and have it answer the calls it had answered (the
        same answers, for code that does the same thing when called the same way). The time
        this takes is no one's: it is added to `replayed`, which the file's clock gives back."""
        started = time.monotonic()
        try:
            self._replay(self._answered)
        finally:
            self.replayed += time.monotonic() - started

    def _replay(self, answered: list[Request]) -> None:
        self._kill()
        with contextlib.suppress(OSError):  # what it printed is printed again below
            os.truncate(self._output, self._printed_before)
        if not isinstance(self._load(self.limits.load_timeout), Loaded):
            return
        for request in answered:
            try:
                self._exchange(request, time.monotonic() + self.limits.call_timeout)
            except _Late:
                self._kill()
                return
            except _Died:
                return

    def _spoke_out_of_turn(self) -> bool:
        """Whether the child closed its end or wrote something since its last answer."""
        if self._inbox:
            return True
        poller = select.poll()
        poller.register(self._response, select.POLLIN)
        return bool(poller.poll(0))

    def printed(self) -> int:
        """How many bytes the learner's code has printed so far (it writes unbuffered)."""
        try:
            return os.stat(self._output).st_size
        except OSError:
            return 0

    def output(self, upto: int | None = None) -> str:
        """What the learner's code printed (its first `upto` bytes), cut to what a report can
        show."""
        shown = OUTPUT_SHOWN if upto is None else min(upto, OUTPUT_SHOWN)
        with open(self._output, "rb") as printed:
            data = printed.read(shown + 1)
        text = data[:shown].decode("utf-8", errors="replace")
        if len(data) > shown and shown == OUTPUT_SHOWN:
            text += "\n... (output cut here)"
        return text

    def close(self) -> str:
        """Kill everything the job started, remove its scratch folder, return its output."""
        if self._closed:
            return ""
        unasked = bool(self._ahead)
        self._kill()
        if unasked and self._printed is not None:  # calls the checks never made printed too
            with contextlib.suppress(OSError):
                os.truncate(self._output, min(self._printed, os.stat(self._output).st_size))
        printed = self.output()
        if self._scratch is not None:
            shutil.rmtree(self._scratch, ignore_errors=True)
        self._output.unlink(missing_ok=True)
        self._closed = True
        return printed

    # -- the child process ---------------------------------------------------------------

    def _spawn(self) -> None:
        request_read, self._request = os.pipe()
        self._response, response_write = os.pipe()
        output = os.open(self._output, os.O_WRONLY | os.O_APPEND | os.O_CLOEXEC)
        self._printed_before = os.fstat(output).st_size
        self._printed = None
        try:
            self._pid = self._fork([request_read, response_write, output])
        finally:
            for fd in (request_read, response_write, output):
                os.close(fd)

    def _fork(self, fds: list[int]) -> int:
        """The job's process, from this slot's zygote; one that died since its last job
        (nothing a job does should kill it, but a zygote gone is no learner's fault) is
        started again, once."""
        limits = self.limits.for_child()
        try:
            return self._zygote.spawn(fds, limits, self.plan.for_child(self._job_scratch()))
        except ZygoteError:
            if not self._restart_zygote():
                raise
        return self._zygote.spawn(fds, limits, self.plan.for_child(self._job_scratch()))

    def _restart_zygote(self) -> bool:
        """If the zygote has exited, start this slot's zygote again; False if it still runs."""
        try:
            self._zygote.process.wait(timeout=1.0)
        except subprocess.TimeoutExpired:
            return False
        self._zygote = zygote_for(
            self.plan, self.limits, warm=self._zygote.warm, preload=self.preload
        )
        return True

    def _job_scratch(self) -> Path:
        return self._scratch or Path(str(self._zygote.scratch))

    def _load(self, timeout: float, then: Sequence[Request] = ()) -> Loaded | Outcome:
        assert self._loaded is not None
        self.start()
        self._await_ready()
        deadline = time.monotonic() + timeout
        try:
            nonce = self._send_message(self._loaded, deadline)
            self._send_ahead(then, deadline)
            reply = self._answer(nonce, deadline)
        except _Late:
            self._kill()
            return TimedOut(timeout, "loading the file (its top-level code) took too long")
        except _Died as died:
            return Crashed(died.reason)
        if "loaded" in reply:
            return loaded(reply["loaded"])
        self._kill()
        return call_outcome(reply)

    def _await_ready(self) -> None:
        """The child's first frame says it is up; before it, no learner code has run."""
        try:
            header = self._receive(wire.HEADER_SIZE, time.monotonic() + BOOT_TIMEOUT)
            ready = wire.parse(self._receive(wire.frame_length(header), time.monotonic() + 1))
        except (_Late, _Died, wire.WireError) as error:
            self._kill()
            raise SandboxError(
                f"the sandbox did not start ({error!r}); it printed:\n{self.output()}"
            ) from None
        if "ready" not in ready:
            self._kill()
            raise SandboxError(f"the sandbox could not apply its isolation: {ready.get('failed')}")

    def _exchange(self, request: Request, deadline: float) -> dict[str, Any]:
        """Send a call and read its answer."""
        nonce = secrets.token_hex(16)
        self._send(wire.frame_payload(request.payload(nonce)), deadline)
        reply = self._answer(nonce, deadline)
        self._answered.append(request)
        return reply

    def _send_message(self, message: dict[str, Any], deadline: float) -> str:
        nonce = secrets.token_hex(16)
        self._send(wire.frame({**message, "nonce": nonce}), deadline)
        return nonce

    def _send_ahead(self, requests: Sequence[Request], deadline: float) -> None:
        """Send calls before their turn, as many as the request pipe holds without waiting."""
        room = AHEAD_BYTES
        for request in requests:
            nonce = secrets.token_hex(16)
            data = wire.frame_payload(request.payload(nonce))
            room -= len(data)
            if room < 0:
                return
            self._send(data, deadline)
            self._ahead.append((request, nonce))

    def _answer(self, nonce: str, deadline: float) -> dict[str, Any]:
        """The child's next frame, which must answer the request sent with `nonce`: a random
        nonce per request, so a frame learner code writes ahead of time is never taken for
        the answer to a later call."""
        try:
            header = self._receive(wire.HEADER_SIZE, deadline)
            reply = wire.parse(self._receive(wire.frame_length(header), deadline))
            if reply.get("nonce") != nonce:
                raise wire.WireError("a reply that answers no request of the grader's")
        except wire.WireError as error:
            self._kill()
            raise _Died(f"your code broke the grader's channel ({error})") from None
        printed = reply.get("printed")
        self._printed = printed if type(printed) is int and printed >= 0 else None
        return reply

    def _send(self, data: bytes, deadline: float) -> None:
        view = memoryview(data)
        while view:
            if not ready(self._request, select.POLLOUT, deadline):
                raise _Late
            try:
                view = view[os.write(self._request, view[: select.PIPE_BUF]) :]
            except BrokenPipeError:
                raise _Died(self._death()) from None

    def _receive(self, size: int, deadline: float) -> bytes:
        """The next `size` bytes from the child; what it sent beyond them waits in the inbox
        (answers sent ahead often arrive together)."""
        inbox = self._inbox
        while len(inbox) < size:
            if not answered(self._response, deadline):
                raise _Late
            chunk = os.read(self._response, min(max(size - len(inbox), 1 << 16), 1 << 20))
            if not chunk:
                raise _Died(self._death())
            inbox += chunk
        data = bytes(inbox[:size])
        del inbox[:size]
        return data

    def _death(self) -> str:
        """Why the child stopped answering, after making sure it is gone."""
        code = self._kill()
        return ZYGOTE_LOST if self._zygote_lost else exit_reason(code)

    def _kill(self) -> int | None:
        """End the job and everything it started; its exit code (negative: a signal)."""
        pid, self._pid = self._pid, None
        if pid is None:
            return None
        self._inbox.clear()
        self._ahead.clear()
        self._answered = []
        for fd in (self._request, self._response):
            os.close(fd)
        try:
            status = self._zygote.end(pid)
        except ZygoteError:  # it died, and its job with it (PR_SET_PDEATHSIG)
            self._zygote_lost = self._restart_zygote()
            if not self._zygote_lost:
                raise
            return None
        self._zygote_lost = False
        return None if status is None else os.waitstatus_to_exitcode(status)
