"""Grading one learner: each of their modules against its public and hidden checks, in the
process of whichever worker was given them (a local one, or a Dask worker's).

It imports neither the class pipeline nor the worker pools, so that every kind of worker can
import it: the pipeline and the pools import it, never the other way round.
"""

from __future__ import annotations

from collections.abc import Collection, Iterator, Mapping
from dataclasses import dataclass, replace
from functools import partial
from pathlib import Path

from grader.checks.run import ModuleChecks, module_checks
from grader.course import Course, Module
from grader.grading.boundary import guarded
from grader.load import LearnerFiles, Submission, choose, near_misses
from grader.load.instructor_only import InstructorFiles
from grader.load.submission import SUFFIXES
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
    checks: Mapping[str, ModuleChecks]
    protected: tuple[Path, ...]  # instructor folders learner code must not see

    @classmethod
    def prepare(
        cls,
        course: Course,
        *,
        protected: tuple[Path, ...],
        learners: Collection[LearnerFiles] | None = None,
    ) -> Grading:
        """The run's grading, with the instructor's files read and the checks of each module
        some of `learners` handed in (every module without them) rehearsed here, in the
        grader's process, before the workers fork."""
        InstructorFiles.of(course)
        return cls(course, all_checks(course, learners=learners), protected)


class CourseChecks(Mapping[str, ModuleChecks]):
    """Each module's public and hidden checks, by module name, collected the first time they
    are asked for (and rehearsed the first time a file of the module is graded: the
    ModuleChecks' own cached rehearsal). A module nobody handed in (a project, whose
    reference fits models when rehearsed) costs a run no more than reading its points."""

    def __init__(self, course: Course) -> None:
        self._course = course
        self._built: dict[str, ModuleChecks] = {}

    def __getitem__(self, name: str) -> ModuleChecks:
        if name not in self._built:
            self._built[name] = module_checks(self._course.module(name), hidden=True)
        return self._built[name]

    def __iter__(self) -> Iterator[str]:
        return iter(self._course.module_names)

    def __len__(self) -> int:
        return len(self._course.module_names)


def all_checks(course: Course, *, learners: Collection[LearnerFiles] | None = None) -> CourseChecks:
    """Each module's checks, those of the modules some of `learners` handed in (all of them
    without `learners`) rehearsed here and now, before the workers fork and share them."""
    checks = CourseChecks(course)
    for module in course.modules:
        if learners is None or any(_handed_in(learner, module) for learner in learners):
            checks[module.name].expected_calls  # noqa: B018 - rehearsed now, before the fork
    return checks


def _handed_in(learner: LearnerFiles, module: Module) -> bool:
    return any((learner.folder / f"{module.name}{suffix}").exists() for suffix in SUFFIXES)


def grade_learner(
    learner: LearnerFiles,
    *,
    course: Course,
    checks: Mapping[str, ModuleChecks],
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
