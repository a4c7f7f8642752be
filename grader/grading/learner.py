"""Grading one learner: each of their modules against its public and hidden checks, in the
process of whichever worker was given them (a local one, or a Dask worker's).

It imports neither the class pipeline nor the worker pools, so that every kind of worker can
import it: the pipeline and the pools import it, never the other way round.
"""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import dataclass, replace
from functools import partial
from pathlib import Path

from grader.checks.run import ModuleChecks, module_checks
from grader.course import Course, Module
from grader.grading.boundary import guarded
from grader.load import LearnerFiles, Submission, choose, near_misses
from grader.load.instructor_only import InstructorFiles
from grader.results import LearnerResult, ModuleResult, ModuleStatus, Note
from grader.sandbox.isolation import Plan
from grader.sandbox.limits import Limits
from grader.selfcheck import grade_submission

__all__ = ["Grading", "LearnerTask", "all_checks", "grade_learner"]


@dataclass(frozen=True)
class LearnerTask:
    """One learner, and which of their modules to grade: what a worker is given at a time."""

    learner: LearnerFiles
    modules: tuple[str, ...]


@dataclass(frozen=True)
class Grading:
    """Everything a worker needs to grade any learner of a run; built once, before the
    workers fork, so that they share it instead of each building it again."""

    course: Course  # each module's limits are its own (Module.limits)
    checks: dict[str, ModuleChecks]
    protected: tuple[Path, ...]  # instructor folders learner code must not see

    @classmethod
    def prepare(cls, course: Course, *, protected: tuple[Path, ...]) -> Grading:
        """The run's grading, with the instructor's files read and each module's checks
        rehearsed here, in the grader's process, before the workers fork."""
        InstructorFiles.of(course)
        return cls(course, all_checks(course), protected)


def all_checks(course: Course) -> dict[str, ModuleChecks]:
    """Each module's public and hidden checks, by module name, rehearsed once here."""
    checks = {m.name: module_checks(m, hidden=True) for m in course.modules}
    for module in checks.values():
        module.expected_calls  # noqa: B018 - rehearsed once here, before the workers fork
    return checks


def grade_learner(
    learner: LearnerFiles,
    *,
    course: Course,
    checks: dict[str, ModuleChecks],
    plan: Plan | None = None,
    modules: Collection[str] | None = None,
) -> LearnerResult:
    """Grade every module of one learner (or those in `modules`), each under its own limits; a
    missing or unusable file is a result, not an error."""
    chosen = (m for m in course.modules if modules is None or m.name in modules)
    instructor = InstructorFiles.of(course)
    results = (
        guarded(
            # the course's limits for the module, not its checks': a Dask worker collects its
            # own checks from the course's files, and the run's options are not in them
            partial(_grade_module, learner, checks[m.name], m.limits, plan, instructor),
            module=m.name,
            max_score=checks[m.name].max_score,
        )
        for m in chosen
    )
    return LearnerResult(learner.learner, tuple(results))


def _grade_module(
    learner: LearnerFiles,
    checks: ModuleChecks,
    limits: Limits,
    plan: Plan | None,
    instructor: InstructorFiles,
) -> ModuleResult:
    module = checks.module
    candidates = learner.submissions(module, instructor=instructor)
    if not candidates:
        return ModuleResult(
            module.name,
            None,
            ModuleStatus.MISSING,
            max_score=checks.max_score,
            message=_missing_message(module, learner),
        )
    choice = choose(candidates, module)
    results = [_grade_file(s, checks, limits, plan) for s in choice.graded]
    best = max(results, key=lambda r: r.score)  # the first, the .py, on a tie
    return replace(best, notes=(Note(choice.why), *best.notes)) if choice.why else best


def _grade_file(
    submission: Submission, checks: ModuleChecks, limits: Limits, plan: Plan | None
) -> ModuleResult:
    if submission.problem:
        return ModuleResult(
            checks.module.name,
            submission.filename,
            ModuleStatus.ERROR,
            max_score=checks.max_score,
            message=submission.problem,
        )
    return grade_submission(submission, checks, limits=limits, plan=plan)


def _missing_message(module: Module, learner: LearnerFiles) -> str:
    if similar := near_misses(learner.folder, module):
        where = "in your folder itself and " if any("/" in name for name in similar) else ""
        return (
            f"{module.filename} not found; found {', '.join(similar)}: files must be {where}named "
            f"exactly {module.filename}"
        )
    return f"neither {module.name}.py nor {module.name}.ipynb was found: no points for this module"
