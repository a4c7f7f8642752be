"""`grader validate`: hold a course's modules to what grading them relies on, and say what
to fix as `FILE:LINE: what to fix`."""

from __future__ import annotations

from collections.abc import Callable, Iterator, Sequence

from grader.authoring._checks import checks_are_deterministic, every_function_is_covered
from grader.authoring._files import notebook_is_in_sync, quiz_is_in_sync
from grader.authoring._grading import (
    mistakes_are_told_apart,
    reference_earns_every_point,
    stub_earns_nothing,
)
from grader.authoring.findings import Finding
from grader.course import Course, Module

__all__ = ["RULES", "Rule", "validate"]

Rule = Callable[[Course, Module], Iterator[Finding]]

# In the order a new module meets them: the cheap rules on the files first, then grading.
RULES: dict[str, Rule] = {
    "coverage": every_function_is_covered,
    "notebook": notebook_is_in_sync,
    "quiz": quiz_is_in_sync,
    "reference": reference_earns_every_point,
    "stub": stub_earns_nothing,
    "deterministic": checks_are_deterministic,
    "mistakes": mistakes_are_told_apart,
}


def validate(
    *, course: Course, modules: Sequence[str] = (), rules: Sequence[str] = tuple(RULES)
) -> list[Finding]:
    """What to fix in `modules` of `course` (all of them when none), by the named rules (all
    of them when not given), module by module. Raises UnknownModule for a module the course
    lacks and CourseProblem for check files that cannot be imported."""
    chosen = [course.module(name) for name in modules] or list(course.modules)
    return [
        finding
        for module in chosen
        for rule in rules
        for finding in dict.fromkeys(RULES[rule](course, module))  # once each, in order
    ]
