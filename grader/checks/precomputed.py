"""Classic mistakes without their code: each one's answers to the public checks' calls, recorded
when the course was released, so that a learner's copy names the same mistakes.

A release (grader.release) runs the module's public checks against the reference and against
every mistake file, records every call they make, and writes each mistake's answer to each
call (what it returned, or the type and message of what it raised) into
`exercises/checks/mistakes_<module>.json`. The table holds nothing a learner could not see:
the calls are the public checks' own, and the answers are the mistakes', never the
reference's. A course folder without `solutions/mistakes/<module>/` but with that file loads
these precomputed mistakes; `answer(call)` gives the recorded answer, or None for a call
never recorded, so that `diagnose()` works as with the mistakes' code.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from grader._data_files import read_data_file
from grader.checks.api import Call
from grader.checks.collect import CollectError
from grader.inside import wire
from grader.results import Misconception
from grader.sandbox.messages import call_request

__all__ = [
    "FORMAT",
    "PrecomputedMistake",
    "Recorded",
    "call_key",
    "load_precomputed",
    "mistakes_document",
]

FORMAT = "grader precomputed mistakes 1"
MAX_BYTES = 16 * 1024 * 1024  # the course's own file, but a copy may be damaged: read it bounded


class _RecordedError(Exception):
    """What a mistake raised, as recorded: its type's name and its message. An answer, never
    raised (so in no family of grader.errors)."""

    def __init__(self, type_name: str, message: str) -> None:
        super().__init__(message)
        self.type_name = type_name


Recorded = tuple[Any, BaseException | None]


@dataclass(eq=False)
class PrecomputedMistake:
    """A classic mistake known only by its answers to the public checks' calls."""

    id: str
    name: str
    hint: str
    function: str
    answers: Mapping[str, Recorded] = field(default_factory=dict, repr=False)

    @property
    def misconception(self) -> Misconception:
        return Misconception(self.id, self.name, self.hint, self.function)

    def answer(self, call: Call) -> Recorded | None:
        """The recorded answer to the call's inputs; None for a call never recorded."""
        key = call_key(call.function, call.args, call.kwargs)
        return self.answers.get(key) if key is not None else None


def call_key(function: str, args: Sequence[Any], kwargs: Mapping[str, Any]) -> str | None:
    """A call by the content of its inputs, as the learner's process receives them (1 and 1.0,
    0.0 and -0.0 are different calls): sha256 of its request. None when an input is no plain
    data (an object cannot be told apart by its content)."""
    text = call_request(function, tuple(args), dict(kwargs)).text
    if '{"opaque":' in text:
        return None
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def mistakes_document(
    module: str, mistakes: Sequence[tuple[Misconception, Mapping[str, Recorded]]]
) -> str:
    """The JSON text of a module's table: each mistake with its answers by call key."""
    document = {
        "format": FORMAT,
        "module": module,
        "mistakes": [
            {
                "id": m.id,
                "name": m.name,
                "hint": m.hint,
                "function": m.function,
                "answers": {key: _written(answer) for key, answer in sorted(answers.items())},
            }
            for m, answers in mistakes
        ],
    }
    return json.dumps(document, indent=1, ensure_ascii=False, allow_nan=False) + "\n"


def _written(answer: Recorded) -> dict[str, Any]:
    value, error = answer
    if error is not None:
        return {"raised": [getattr(error, "type_name", type(error).__name__), str(error)]}
    return {"returned": wire.encode(value)}


def load_precomputed(path: Path | None, module: str) -> tuple[PrecomputedMistake, ...]:
    """The precomputed mistakes of `module` at `path`; none when there is no such file."""
    if path is None or not path.is_file():
        return ()
    try:
        document = read_data_file(
            path, format=FORMAT, what="a table of precomputed mistakes", max_bytes=MAX_BYTES
        )
        if document.get("module") != module:
            raise ValueError(f"the table of module {document.get('module')!r}, not {module!r}")
        return tuple(_mistake(entry) for entry in document["mistakes"])
    except (OSError, ValueError, KeyError, TypeError, RecursionError, wire.WireError) as error:
        raise CollectError(
            f"{path}: cannot be used ({error}); release the course again "
            "(`grader release`) or ask your instructor for a fresh copy"
        ) from None


def _mistake(entry: dict[str, Any]) -> PrecomputedMistake:
    mistake_id, name, hint, function = (entry[key] for key in ("id", "name", "hint", "function"))
    if not all(isinstance(text, str) and text for text in (mistake_id, name, hint, function)):
        raise ValueError("a mistake needs an id, a name, a hint and a function")
    answers = {str(key): _read(answer) for key, answer in entry["answers"].items()}
    return PrecomputedMistake(mistake_id, name, hint, function, answers)


def _read(answer: dict[str, Any]) -> Recorded:
    if "raised" in answer:
        type_name, message = answer["raised"]
        return None, _RecordedError(str(type_name), str(message))
    return wire.decode(answer["returned"]), None
