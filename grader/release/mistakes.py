"""The classic mistakes a release ships without their code: each one's answers to the calls
the module's public checks make, computed here, in the trusted process, at release time.

The public checks run against the reference and against every mistake file as if each were
a learner's, and every call they make is noted (a check that stops at the first wrong answer,
or whose calls depend on the answers, makes other calls for other files). Each mistake then
answers every noted call. Answers the same as the reference's are left out: they can name no
mistake, and the table holds no answer of the reference's (grader.checks.precomputed).
"""

from __future__ import annotations

from collections.abc import Callable
from types import ModuleType
from typing import Any

from grader.checks.api import Call
from grader.checks.collect import CheckSpec, collect, load_trusted_module
from grader.checks.misconceptions import Mistake, load_mistakes
from grader.checks.precomputed import Recorded, call_key, mistakes_document
from grader.course import Module
from grader.inside import wire
from grader.sandbox.outcomes import Crashed, Missing, Outcome, Raised, Returned

__all__ = ["mistakes_table"]


def mistakes_table(module: Module) -> str | None:
    """The JSON table of `module`'s classic mistakes; None when it has none."""
    if not module.mistakes:
        return None
    checks = collect(module.public_checks, "public")
    mistakes = load_mistakes(module.mistakes, module.name)
    reference = _reference(module)
    calls: dict[str, Call] = {}
    for player in (*([reference] if reference else []), *mistakes):
        for key, call in _calls_made(checks, module, player).items():
            calls.setdefault(key, call)
    table = [(m.misconception, _answers(m, calls, reference)) for m in mistakes]
    return mistakes_document(module.name, table)


def _reference(module: Module) -> Mistake | None:
    """The reference, asked like a mistake: with the same time limit and copies of inputs."""
    if not module.reference.is_file():
        return None
    code = load_trusted_module(module.reference, f"grader_release_reference_{module.name}")
    return Mistake("reference", "", "", "", code)


def _answers(
    mistake: Mistake, calls: dict[str, Call], reference: Mistake | None
) -> dict[str, Recorded]:
    answers = {}
    for key, call in calls.items():
        answer = mistake.answer(call)
        if answer is None:
            continue  # no such function, or too slow: the full course names nothing either
        if reference is not None and _same(answer, reference.answer(call)):
            continue
        answers[key] = answer
    return answers


def _same(answer: Recorded, theirs: Recorded | None) -> bool:
    """Whether two answers cannot be told apart: the same data, or the same error."""
    if theirs is None:
        return False
    (value, error), (their_value, their_error) = answer, theirs
    if error is not None or their_error is not None:
        return _error(error) == _error(their_error)
    return bool(wire.encode(value) == wire.encode(their_value))


def _error(error: BaseException | None) -> tuple[str, str] | None:
    return None if error is None else (type(error).__name__, str(error))


def _calls_made(checks: list[CheckSpec], module: Module, player: Mistake) -> dict[str, Call]:
    """Every call the checks make of a learner whose file is `player`'s, by its key."""
    learner = _Learner(module, player)
    for spec in checks:  # public checks ask for the learner alone (grader.checks.collect)
        try:
            spec.function(**{name: learner for name in spec.fixtures})
        except Exception:  # noqa: BLE001, S112 - a check that fails has made its calls all the same
            continue
    return learner.calls


class _Learner:
    """Plays a learner's module with `player`'s functions, noting each call the checks make."""

    def __init__(self, module: Module, player: Mistake) -> None:
        self._module = module
        self._player = player
        self.calls: dict[str, Call] = {}

    def __getattr__(self, name: str) -> Callable[..., Call]:
        if name.startswith("_"):
            raise AttributeError(name)
        signature = self._module.functions.get(name, ())

        def call(*args: Any, **kwargs: Any) -> Call:
            asked = Call(name, signature, args, kwargs, Missing(name))
            if (key := call_key(name, args, kwargs)) is not None:
                self.calls.setdefault(key, asked)
            outcome = _outcome(name, self._player.code, self._player.answer(asked))
            return Call(name, signature, args, kwargs, outcome)

        return call


def _outcome(name: str, code: ModuleType, answer: Recorded | None) -> Outcome:
    """What a learner's process would have sent back for this answer."""
    if answer is None:
        return Missing(name) if not callable(getattr(code, name, None)) else Crashed("too slow")
    value, error = answer
    if error is not None:
        return Raised(type(error).__name__, str(error))
    return Returned(wire.decode(wire.encode(value)))
