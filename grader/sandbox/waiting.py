"""Waiting for the child's answer without polling in a loop, and telling a grading worker
when a wait runs long (so that a spare can grade meanwhile)."""

from __future__ import annotations

import select
import time
from collections.abc import Callable

__all__ = ["LONG_WAIT", "answered", "on_long_waits", "ready"]


LONG_WAIT = 0.25  # of the time an answer is given: past it, the wait is a long one
_long_waits: Callable[[bool], None] | None = None


def on_long_waits(hook: Callable[[bool], None] | None) -> None:
    """Have this process call `hook(True)` when a wait for a child's answer has lasted a
    quarter of the time the answer is given (0.5 s of a call's 2 s: a call that runs long,
    or hangs), and `hook(False)` when that wait ends; a grading worker lets a spare grade
    meanwhile. Answers that come sooner, nearly all of them, cost nothing more. Relative to
    the limit, so that a course whose calls are given longer does not call its usual calls
    long."""
    global _long_waits
    _long_waits = hook


def answered(fd: int, deadline: float) -> bool:
    hook = _long_waits
    if hook is None:
        return ready(fd, select.POLLIN, deadline)
    now = time.monotonic()
    if ready(fd, select.POLLIN, now + (deadline - now) * LONG_WAIT):
        return True
    if time.monotonic() >= deadline:
        return False
    hook(True)
    try:
        return ready(fd, select.POLLIN, deadline)
    finally:
        hook(False)


def ready(fd: int, event: int, deadline: float) -> bool:
    """Wait for a pipe without polling in a loop: the kernel wakes us on data, EOF or deadline."""
    poller = select.poll()
    poller.register(fd, event)
    return bool(poller.poll(max(0.0, deadline - time.monotonic()) * 1000))
