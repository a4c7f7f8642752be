"""The rules `grader validate` checks by grading the course's own files: the reference earns
every point, the stub none, and each classic mistake loses points on its own function only,
named first on every check it fails."""

from __future__ import annotations

import ast
from collections.abc import Iterator
from pathlib import Path

from grader.authoring.findings import Finding, assignment_line, def_line
from grader.course import Course, Module
from grader.course.settings import graded_functions
from grader.results import CheckResult
from grader.testing import Scored, score

__all__ = [
    "callers",
    "check_file",
    "mistake_constants",
    "mistakes_are_told_apart",
    "reference_earns_every_point",
    "relative",
    "stub_earns_nothing",
]

MISTAKE_TEXTS = ("MISTAKE", "HINT", "FUNCTION")


def relative(course: Course, path: Path) -> str:
    """`path` as the author reads it: from the course folder."""
    try:
        return path.relative_to(course.root).as_posix()
    except ValueError:
        return str(path)


def check_file(module: Module, check: CheckResult) -> Path:
    return module.hidden_checks if check.visibility == "hidden" else module.public_checks


def _at_check(course: Course, module: Module, check: CheckResult, message: str) -> Finding:
    path = check_file(module, check)
    return Finding(relative(course, path), def_line(path, check.id), message)


def _first_line(text: str) -> str:
    return text.strip().splitlines()[0] if text.strip() else "(no feedback)"


def _graded(course: Course, module: Module, path: Path) -> Scored:
    return score(module.name, path.read_text(encoding="utf-8"), course=course)


def reference_earns_every_point(course: Course, module: Module) -> Iterator[Finding]:
    """The reference defines the stub's functions, with their parameters, and passes every
    public and hidden check."""
    if not module.reference.is_file():
        yield Finding(
            relative(course, module.stub),
            1,
            f"no reference solution: write "
            f"{relative(course, module.reference)} with the stub's functions",
        )
        return
    where = relative(course, module.reference)
    defined = graded_functions(module.reference)
    for function, parameters in module.functions.items():
        if defined.get(function) != parameters:
            yield Finding(
                where,
                def_line(module.reference, function),
                f"the reference must define {function}({', '.join(parameters)}) as the stub does",
            )
    for function in sorted(set(defined) - set(module.functions)):
        yield Finding(
            where,
            def_line(module.reference, function),
            f"the reference defines {function}, which the stub does not: name a helper "
            f"_{function}, or add {function} to the stub",
        )
    for check in _graded(course, module, module.reference).result.checks:
        if not check.passed:
            yield _at_check(
                course,
                module,
                check,
                f"the reference solution fails {check.id}: {_first_line(check.feedback)}",
            )


def stub_earns_nothing(course: Course, module: Module) -> Iterator[Finding]:
    """Every check fails on the stub, saying the function is not implemented."""
    for check in _graded(course, module, module.stub).result.checks:
        if check.passed:
            yield _at_check(
                course,
                module,
                check,
                f"the stub passes {check.id}: a check must "
                "fail on a function that raises NotImplementedError",
            )
        elif "not implemented" not in check.feedback:
            function = check.detail.function
            yield Finding(
                relative(course, module.stub),
                def_line(module.stub, function),
                f"the stub fails {check.id} without 'not implemented' "
                f"({_first_line(check.feedback)}): its {function or 'functions'} "
                "must only raise NotImplementedError",
            )


def mistake_constants(path: Path) -> dict[str, object]:
    """The module-level constants of a mistake file (MISTAKE, HINT, FUNCTION), read with ast."""
    try:
        tree = ast.parse(path.read_text(encoding="utf-8"), str(path))
    except (OSError, SyntaxError, ValueError):
        return {}
    return {
        target.id: node.value.value
        for node in tree.body
        if isinstance(node, ast.Assign) and isinstance(node.value, ast.Constant)
        for target in node.targets
        if isinstance(target, ast.Name)
    }


def callers(path: Path, function: str) -> set[str]:
    """The functions of a file that call `function`, directly or through other functions."""
    tree = ast.parse(path.read_text(encoding="utf-8"), str(path))
    calls = {
        node.name: {
            n.func.id
            for n in ast.walk(node)
            if isinstance(n, ast.Call) and isinstance(n.func, ast.Name)
        }
        for node in tree.body
        if isinstance(node, ast.FunctionDef)
    }
    found: set[str] = set()
    wanted = {function}
    while wanted:
        new = {name for name, called in calls.items() if called & wanted} - found
        found |= new
        wanted = new
    return found - {function}


def mistakes_are_told_apart(course: Course, module: Module) -> Iterator[Finding]:
    """Each classic mistake loses points, on its own function (and the functions calling it)
    only, and is named first on every check it fails."""
    for path in module.mistakes:
        yield from _mistake(course, module, path)


def _mistake(course: Course, module: Module, path: Path) -> Iterator[Finding]:
    where = relative(course, path)
    constants = mistake_constants(path)
    if missing := [
        n for n in MISTAKE_TEXTS if not isinstance(constants.get(n), str) or not constants[n]
    ]:
        yield Finding(
            where,
            1,
            f"a classic mistake needs {', '.join(missing)}: a text each at the top of the file",
        )
        return
    function = str(constants["FUNCTION"])
    line = assignment_line(path, "FUNCTION")
    if function not in module.functions:
        yield Finding(
            where,
            line,
            f"FUNCTION = {function!r} is not a graded function of "
            f"{module.name} ({', '.join(module.functions)})",
        )
        return
    if missing_functions := sorted(set(module.functions) - set(graded_functions(path))):
        yield Finding(
            where,
            1,
            f"a classic mistake is a whole learner file: define "
            f"{', '.join(missing_functions)} too (as the reference does)",
        )
    result = _graded(course, module, path).result
    failed = [c for c in result.checks if not c.passed]
    if not failed:
        yield Finding(
            where,
            line,
            f"this classic mistake earns full points: no check tells "
            f"it from the reference; add a check of {function} that it fails",
        )
    elif not any(c.detail.function == function for c in failed):
        yield Finding(
            where,
            line,
            f"this classic mistake fails no check of {function} "
            "itself: add a check of it that the mistake fails",
        )
    affected = {function} | callers(path, function)
    for check in failed:
        if check.detail.function and check.detail.function not in affected:
            yield Finding(
                where,
                line,
                f"loses points on {check.id}, a check of "
                f"{check.detail.function}: a classic mistake is wrong in {function} "
                "only (copy the reference's other functions)",
            )
        named = [m.id for m in check.detail.misconceptions]
        if named[:1] != [path.stem]:
            yield Finding(
                where,
                line,
                f"not named first on {check.id}, which it fails "
                f"(named: {', '.join(named) or 'nothing'}): give its answer a "
                "check no other mistake gives",
            )
