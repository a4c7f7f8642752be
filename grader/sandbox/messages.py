"""The messages between the grader and the child: a call as the child receives it, and what
the child's replies and its exit mean, as outcomes. A reply is the learner's data: whatever
it holds, reading it gives an outcome, never an exception."""

from __future__ import annotations

import json
import signal
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from grader.inside import wire
from grader.sandbox.outcomes import (
    Crashed,
    Loaded,
    LoadNote,
    Missing,
    Outcome,
    Raised,
    Returned,
    TimedOut,
)

__all__ = [
    "ZYGOTE_LOST",
    "Request",
    "call_outcome",
    "call_request",
    "exit_reason",
    "loaded",
    "summary",
]


@dataclass(frozen=True)
class Request:
    """One call as the child receives it; `text` is its JSON, nonce aside, which is also what
    tells two calls apart (1 and 1.0, 0.0 and -0.0 are different calls)."""

    text: str

    def payload(self, nonce: str) -> bytes:
        return f'{self.text[:-1]},"nonce":"{nonce}"}}'.encode()


def call_request(
    function: str,
    args: Sequence[Any],
    kwargs: dict[str, Any],
    protected: Sequence[str] = (),
    signature: Sequence[str] = (),
) -> Request:
    """The request for calling the learner's `function` with these inputs; `protected`: the
    parameters (of `signature`) the contract says the call leaves unchanged, which the child
    compares before and after the call."""
    message: dict[str, Any] = {
        "op": "call",
        "function": function,
        "args": wire.encode(list(args)),
        "kwargs": wire.encode(dict(kwargs)),
    }
    if protect := _protect(protected, signature, len(args), kwargs):
        message["protect"] = protect
    return Request(json.dumps(message, separators=(",", ":"), allow_nan=True))


def _protect(
    protected: Sequence[str], signature: Sequence[str], given: int, kwargs: dict[str, Any]
) -> list[list[Any]]:
    """Where each protected argument is in the call: [position or keyword, name]."""
    where: list[list[Any]] = []
    for name in protected:
        if name in kwargs:
            where.append([name, name])
        elif name in signature and (position := list(signature).index(name)) < given:
            where.append([position, name])
    return where


def call_outcome(reply: dict[str, Any], protected: Sequence[str] = ()) -> Outcome:
    """What a reply means; `protected`: the names the call asked about, the only ones a
    reply's `changed` may name (the rest is the learner's process talking)."""
    try:
        if "returned" in reply:
            changed = reply.get("changed")
            said = changed if isinstance(changed, list) else []
            names = tuple(name for name in protected if name in said)
            return Returned(wire.decode(reply["returned"]), names)
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


def loaded(data: dict[str, Any]) -> Loaded:
    functions = tuple(str(name) for name in data.get("functions", ()))
    notes = tuple(LoadNote(int(n.get("line") or 0), _raised(n)) for n in data.get("notes", ()))
    return Loaded(functions, notes)


# A zygote can only die with its job if the job made the kernel kill it; the job is the
# learner's, and so is the failure.
ZYGOTE_LOST = (
    "the sandbox around your code was killed with it: your code used up what its "
    "job may hold in the kernel (memory, files, pipes or other objects)"
)


def exit_reason(code: int | None) -> str:
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


def summary(outcome: Loaded | Outcome) -> str:
    if isinstance(outcome, Raised):
        return f"{outcome.type}: {outcome.message}"
    if isinstance(outcome, TimedOut):
        return "it timed out"
    if isinstance(outcome, Crashed):
        return outcome.reason
    return type(outcome).__name__
