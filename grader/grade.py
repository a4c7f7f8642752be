"""The grading pipeline as plain functions: a learner's self-check, and a whole class.

    load (grader.load) -> sandbox + checks (grader.checks.run) -> results (grader.results)
    -> exports (results.json, grades.csv) and reports (HTML)

The command line, the tests and the benchmarks all call these functions.
"""

from __future__ import annotations

import multiprocessing
import os
from collections.abc import Callable, Iterator
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, replace
from datetime import UTC, datetime
from functools import partial
from pathlib import Path

from . import __version__
from ._atomic import write_atomic
from .checks.run import ModuleChecks, module_checks, run_checks
from .course import Course, CourseError, Module, find_course_root, load_course
from .exports import write_grades_csv, write_results_json
from .load import LearnerFiles, Submission, find_learners, near_misses, read_submission
from .reports import render_class_html, render_learner_html
from .results import ClassResult, LearnerResult, ModuleResult, ModuleStatus
from .sandbox import reaper
from .sandbox.limits import Limits

__all__ = [
    "BadInput",
    "Graded",
    "Progress",
    "check_file",
    "grade_class",
    "grade_learner",
    "write_self_check_report",
]


class BadInput(Exception):
    """The user asked for something the grader cannot do; the message says what to fix."""


# -- a learner's self-check -------------------------------------------------------------------


def check_file(path: Path, *, module: str | None = None, course: Course | None = None,
               limits: Limits | None = None) -> ModuleResult:
    """Run a module's public checks against one learner file."""
    if not path.is_file() and not path.is_symlink():
        raise BadInput(f"{path}: no such file")
    course = course or _course_for(path)
    name = module or path.stem
    try:
        checks = module_checks(course.module(name), hidden=False)
    except CourseError as error:
        hint = "" if module else " (the module comes from the file name; use --module to choose)"
        raise BadInput(f"{error}{hint}") from None
    submission = read_submission(path, name)
    if submission.path is None:
        raise BadInput(f"{path}: no such file")
    if submission.problem:
        raise BadInput(submission.problem)
    reaper.become_subreaper()
    return run_checks(checks, submission.source, path.name, limits=limits or course.limits)


def write_self_check_report(result: ModuleResult, path: Path) -> None:
    """A learner's self-check as an HTML feedback report."""
    learner = LearnerResult(path.stem, (result,))
    write_atomic(path, render_learner_html(learner, course_title="Self-check"))


def _course_for(path: Path) -> Course:
    try:
        return load_course(find_course_root(path.resolve().parent))
    except CourseError:
        return load_course(find_course_root())


# -- a whole class ----------------------------------------------------------------------------


Progress = Callable[[int, int, LearnerResult], None]  # (learners done, learners in all, latest)


def _quiet(done: int, total: int, learner: LearnerResult) -> None:
    pass


@dataclass(frozen=True)
class Graded:
    """What a class run produced, and where it wrote it."""

    result: ClassResult
    out: Path
    seconds: float

    @property
    def summary(self) -> Path:
        return self.out / "index.html"

    @property
    def grader_errors(self) -> int:
        return sum(c.grader_error for lr in self.result.learners for m in lr.modules
                   for c in m.checks)

    def describe(self) -> str:
        """What a person reads when the run is over."""
        learners = self.result.learners
        files = sum(m.status is not ModuleStatus.MISSING for lr in learners for m in lr.modules)
        return (f"Graded {len(learners)} learners ({files} files) in {self.seconds:.1f} s.\n"
                f"  class summary: {self.summary}\n"
                f"  grades:        {self.out / 'grades.csv'}\n"
                f"  results:       {self.out / 'results.json'}\n"
                f"  feedback:      {self.out / 'learners'}/<learner>.html")


def grade_class(submissions: Path, *, out: Path, course: Course | None = None,
                jobs: int | None = None, limits: Limits | None = None,
                progress: Progress | None = None) -> Graded:
    """Grade every learner folder in `submissions` with public and hidden checks, write the
    results, the grades and the reports into `out`, and return what was graded."""
    started = datetime.now(UTC)
    course = course or load_course()
    limits = limits or course.limits
    learners = find_learners(submissions)
    _refuse_writing_into(submissions, out)
    out.mkdir(parents=True, exist_ok=True)
    results = _grade_all(learners, course, limits, out, jobs, progress or _quiet)
    result = ClassResult(__version__, tuple(results), course.module_names)
    _write_class(result, course, out)
    seconds = (datetime.now(UTC) - started).total_seconds()
    return Graded(result, out, seconds)


def _refuse_writing_into(submissions: Path, out: Path) -> None:
    inside = out.resolve()
    if inside == submissions.resolve() or submissions.resolve() in inside.parents:
        raise BadInput(f"the output folder {out} is inside the submissions folder "
                       f"{submissions}; the submissions are never written to: choose --out")


def _grade_all(learners: list[LearnerFiles], course: Course, limits: Limits, out: Path,
               jobs: int | None, progress: Progress) -> list[LearnerResult]:
    jobs = max(1, jobs or os.cpu_count() or 1)
    _prepare_workers(course, limits)
    task = partial(_grade_and_report, out=out)
    results: list[LearnerResult] = []
    if jobs == 1 or len(learners) <= 1:
        reaper.become_subreaper()
        mapped: Iterator[LearnerResult] = map(task, learners)
        pool = None
    else:
        pool = ProcessPoolExecutor(max_workers=min(jobs, len(learners)),
                                   mp_context=multiprocessing.get_context("fork"),
                                   initializer=reaper.become_subreaper)
        mapped = pool.map(task, learners)
    try:
        for learner in mapped:
            results.append(learner)
            progress(len(results), len(learners), learner)
    finally:
        if pool is not None:
            pool.shutdown(cancel_futures=True)
    return results


# The checks are collected once, before the workers fork, and every worker grades with them.
_worker: dict[str, object] = {}


def _prepare_workers(course: Course, limits: Limits) -> None:
    _worker["course"] = course
    _worker["limits"] = limits
    _worker["checks"] = {m.name: module_checks(m, hidden=True) for m in course.modules}


def _grade_and_report(learner: LearnerFiles, *, out: Path) -> LearnerResult:
    course: Course = _worker["course"]  # type: ignore[assignment]
    result = grade_learner(learner, course=course, checks=_worker["checks"],  # type: ignore[arg-type]
                           limits=_worker["limits"])  # type: ignore[arg-type]
    html = render_learner_html(result, course_title=course.title)
    write_atomic(out / "learners" / f"{learner.learner}.html", html)
    return _without_sources(result)


def grade_learner(learner: LearnerFiles, *, course: Course, checks: dict[str, ModuleChecks],
                  limits: Limits) -> LearnerResult:
    """Grade every module of one learner; a missing or unusable file is a result, not an error."""
    modules = []
    for module in course.modules:
        submission = learner.submission(module)
        modules.append(_grade_module(submission, checks[module.name], learner, limits))
    return LearnerResult(learner.learner, tuple(modules))


def _grade_module(submission: Submission, checks: ModuleChecks, learner: LearnerFiles,
                  limits: Limits) -> ModuleResult:
    module = checks.module
    if submission.path is None:
        return ModuleResult(module.name, None, ModuleStatus.MISSING, max_score=checks.max_score,
                            message=_missing_message(module, learner))
    if submission.problem:
        return ModuleResult(module.name, submission.filename, ModuleStatus.ERROR,
                            max_score=checks.max_score, message=submission.problem)
    return run_checks(checks, submission.source, module.filename, limits=limits)


def _missing_message(module: Module, learner: LearnerFiles) -> str:
    if similar := near_misses(learner.folder, module):
        return (f"{module.filename} not found; found {', '.join(similar)}: files must be named "
                f"exactly {module.filename}")
    return f"{module.filename} not found: no points for this module"


def _without_sources(result: LearnerResult) -> LearnerResult:
    return replace(result, modules=tuple(replace(m, source="") for m in result.modules))


def _write_class(result: ClassResult, course: Course, out: Path) -> None:
    write_results_json(result, out / "results.json")
    write_grades_csv(result, out / "grades.csv")
    links = {lr.learner: f"learners/{lr.learner}.html" for lr in result.learners}
    write_atomic(out / "index.html",
                 render_class_html(result, course_title=course.title, report_links=links))
