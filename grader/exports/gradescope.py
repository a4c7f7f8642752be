"""Gradescope's autograder format: one results.json per learner, as Gradescope reads from
/autograder/results/results.json (score, output, tests with name, number, score, max_score,
status, output, visibility), so that the grader can run inside a Gradescope autograder."""

from __future__ import annotations

import json
from typing import Any

from grader.exports._words import module_notes, number
from grader.load.learner_ids import file_stem
from grader.results import CheckResult, LearnerResult, ModuleResult, ModuleStatus

__all__ = ["gradescope_files", "learner_results"]


def gradescope_files(learners: tuple[LearnerResult, ...]) -> dict[str, str]:
    """`<learner>/results.json` for every learner, in a folder named as their report is (the
    id itself when it is a plain name; `extra_data.learner` always holds the id)."""
    return {
        f"{file_stem(lr.learner)}/results.json": json.dumps(
            learner_results(lr), indent=2, ensure_ascii=False
        )
        + "\n"
        for lr in learners
    }


def learner_results(learner: LearnerResult) -> dict[str, Any]:
    """The top-level score is the one that counts (late penalties and overrides included);
    the tests are the checks as graded, overrides of single checks included."""
    tests = [
        test
        for number_, module in enumerate(learner.modules, 1)
        for test in _module_tests(module, number_)
    ]
    return {
        "score": learner.score,
        "output": _summary(learner),
        "tests": tests,
        "extra_data": {
            "learner": learner.learner,
            "max_score": learner.max_score,
            "modules": {m.module: _module_data(m) for m in learner.modules},
        },
    }


def _summary(learner: LearnerResult) -> str:
    lines = [
        f"{m.module}: {number(m.score)} of {number(m.max_score)}"
        + ("" if m.status is ModuleStatus.GRADED else f" ({m.status.value})")
        for m in learner.modules
    ]
    notes = [note for m in learner.modules for note in module_notes(m)]
    return "\n".join([*lines, *([""] + notes if notes else [])])


def _module_tests(module: ModuleResult, index: int) -> list[dict[str, Any]]:
    if not module.checks:  # a missing file or one that could not be read: nothing ran
        return [
            {
                "name": f"{module.module}: {module.file or module.module + '.py'}",
                "number": f"{index}.0",
                "score": 0.0,
                "max_score": module.max_score,
                "status": "failed",
                "output": module.message,
                "visibility": "visible",
            }
        ]
    return [
        _test(check, f"{module.module}: {check.title}", f"{index}.{position}")
        for position, check in enumerate(module.checks, 1)
    ]


def _test(check: CheckResult, name: str, position: str) -> dict[str, Any]:
    return {
        "name": name,
        "number": position,
        "score": check.score,
        "max_score": check.max_score,
        "status": "passed" if check.passed else "failed",
        "output": _check_output(check),
        # Hidden checks are not in the learners' self-check: show them once grades are out.
        "visibility": "visible" if check.visibility == "public" else "after_published",
    }


def _check_output(check: CheckResult) -> str:
    detail = check.detail
    lines = [check.feedback] if check.feedback else []
    lines += [
        f"{label}: {value}"
        for label, value in (
            ("called", detail.call),
            ("expected", detail.expected),
            ("got", detail.got),
            ("why", "" if detail.reason == check.feedback else detail.reason),
            ("hidden check", detail.withheld),
            ("hint", detail.hint),
        )
        if value
    ]
    if check.grader_error:
        lines.append("This check failed inside the grader, not because of your code.")
    if check.override is not None:
        lines.append(
            f"Score set by the instructor to {number(check.score)} (the check gave "
            f"{number(check.override.graded_score)}): {check.override.reason}"
        )
    return "\n".join(lines)


def _module_data(module: ModuleResult) -> dict[str, Any]:
    data: dict[str, Any] = {
        "score": module.score,
        "max_score": module.max_score,
        "status": module.status.value,
    }
    if module.lateness is not None:
        data["lateness"] = module.lateness.to_dict()
        data["penalty"] = module.penalty
    if module.override is not None:
        data["override"] = module.override.to_dict()
    return data
