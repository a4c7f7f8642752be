"""The rules `grader validate` checks on the check files themselves: two runs against the
reference make the same calls, and every graded function has public and hidden checks and
classic mistakes of its own."""

from __future__ import annotations

import json
import tomllib
from collections import Counter
from collections.abc import Iterator
from pathlib import Path
from types import ModuleType

from grader.authoring._grading import mistake_constants, relative
from grader.authoring.findings import Finding, def_line
from grader.checks.collect import CheckSpec, collect, load_trusted_module
from grader.checks.rehearsal import rehearse
from grader.course import Course, CourseFileError, Module

__all__ = [
    "MIN_MISTAKES",
    "checks_are_deterministic",
    "every_function_is_covered",
    "mistakes_per_function",
]

MIN_MISTAKES = 3  # classic mistakes of its own each graded function needs, unless the
# course says otherwise in `[validate] mistakes_per_function` (a course for tests may), or for
# one module in `[validate.<module>]` (a project whose mistakes behaviour probes name)


def mistakes_per_function(course: Course, module: str | None = None) -> int:
    """How many classic mistakes of its own each graded function needs in this course, or
    in its `module` when the course sets that module apart."""
    config = course.root / "exercises" / "course.toml"
    table = tomllib.loads(config.read_text(encoding="utf-8")).get("validate", {})
    where = "[validate]"
    wanted = table.get("mistakes_per_function", MIN_MISTAKES) if isinstance(table, dict) else None
    own = table.get(module) if isinstance(table, dict) and module else None
    if isinstance(own, dict) and "mistakes_per_function" in own:
        where, wanted = f"[validate.{module}]", own["mistakes_per_function"]
    if not isinstance(wanted, int) or isinstance(wanted, bool) or not 0 <= wanted <= 20:
        raise CourseFileError(
            f"{config}: {where} mistakes_per_function must be a whole number from 0 to 20"
        )
    return wanted


def _specs(module: Module) -> list[tuple[Path, CheckSpec]]:
    """The module's checks, from files imported afresh: an input drawn when a check file is
    imported counts as one a check draws."""
    return [
        *((module.public_checks, s) for s in collect(module.public_checks, "public")),
        *((module.hidden_checks, s) for s in collect(module.hidden_checks, "hidden")),
    ]


def _reference(module: Module) -> ModuleType | None:
    if not module.reference.is_file():
        return None
    return load_trusted_module(module.reference, f"grader_validate_reference_{module.name}")


def _calls(module: Module, reference: ModuleType) -> dict[str, tuple[str, ...]]:
    """Each check's calls of the learner's functions, as rehearsed against the reference."""
    calls = {}
    for _, spec in _specs(module):
        rehearsal = rehearse([spec], module, reference)
        calls[spec.id] = tuple(r.text for r in (*rehearsal.calls, *rehearsal.later))
    return calls


def checks_are_deterministic(course: Course, module: Module) -> Iterator[Finding]:
    """Run twice against the reference, every check makes the same calls: learners' answers
    are rehearsed once and compared with the reference's (grader.checks.rehearsal)."""
    reference = _reference(module)
    if reference is None:
        return  # the reference rule says so
    first, second = _calls(module, reference), _calls(module, reference)
    for path, spec in _specs(module):
        if first.get(spec.id) != second.get(spec.id):
            yield Finding(
                relative(course, path),
                def_line(path, spec.id),
                f"{spec.id} is not deterministic: two runs against the reference "
                "made different calls; draw its inputs from a seeded generator "
                "(np.random.default_rng(SEED))",
            )


def every_function_is_covered(course: Course, module: Module) -> Iterator[Finding]:
    """Each graded function is called by a public and a hidden check, and has at least
    MIN_MISTAKES classic mistakes of its own."""
    reference = _reference(module)
    called: dict[str, set[str]] = {"public": set(), "hidden": set()}
    if reference is not None:
        for _, spec in _specs(module):
            rehearsal = rehearse([spec], module, reference)
            for request in (*rehearsal.calls, *rehearsal.later):
                called[spec.visibility].add(json.loads(request.text)["function"])
    counts = Counter(mistake_constants(path).get("FUNCTION") for path in module.mistakes)
    wanted = mistakes_per_function(course, module.name)
    stub = relative(course, module.stub)
    for function in module.functions:
        line = def_line(module.stub, function)
        for visibility, path in (
            ("public", module.public_checks),
            ("hidden", module.hidden_checks),
        ):
            if reference is not None and function not in called[visibility]:
                yield Finding(
                    stub,
                    line,
                    f"no {visibility} check calls {function}: add one to {relative(course, path)}",
                )
        if counts[function] < wanted:
            folder = module.reference.parent / "mistakes" / module.name
            yield Finding(
                stub,
                line,
                f"{function} has {counts[function]} classic mistake"
                f"{'' if counts[function] == 1 else 's'} of its own: write at least "
                f"{wanted} in {relative(course, folder)}/",
            )
