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
from multiprocessing.sharedctypes import Synchronized
from pathlib import Path

from . import __version__
from ._atomic import write_atomic
from .checks.run import ModuleChecks, module_checks, run_checks
from .course import Course, CourseError, Module, find_course_root, load_course
from .exports import write_grades_csv, write_results_json
from .load import LearnerFiles, Submission, choose, find_learners, near_misses, read_submission
from .notebooks import in_cells
from .reports import render_class_html, render_learner_html
from .results import ClassResult, LearnerResult, ModuleResult, ModuleStatus
from .sandbox import reaper
from .sandbox.isolation import Isolation, Plan, assess, plan_for
from .sandbox.limits import Limits

__all__ = [
    "BadInput",
    "Graded",
    "Progress",
    "check_file",
    "grade_class",
    "grade_learner",
    "grade_submission",
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
    plan = plan_for([course.root / "solutions"])
    return grade_submission(submission, checks, limits=limits or course.limits, plan=plan)


def grade_submission(submission: Submission, checks: ModuleChecks, *, limits: Limits,
                     plan: Plan | None = None) -> ModuleResult:
    """Grade one learner file, `.py` or notebook, that was read without a problem."""
    result = run_checks(checks, submission.source, str(submission.filename), limits=limits,
                        plan=plan)
    return in_cells(result, submission.notebook) if submission.notebook else result


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
                progress: Progress | None = None, allow_weak_isolation: bool = False) -> Graded:
    """Grade every learner folder in `submissions` with public and hidden checks, write the
    results, the grades and the reports into `out`, and return what was graded."""
    started = datetime.now(UTC)
    course = course or load_course()
    isolation = _isolation_for_hidden_checks(allow_weak_isolation)
    learners = find_learners(submissions)
    _refuse_writing_into(submissions, out)
    out.mkdir(parents=True, exist_ok=True)
    grading = _Grading(course, limits or course.limits, _all_checks(course), out,
                       protected=(course.root / "solutions", submissions, out),
                       isolation=isolation)
    results = _grade_all(learners, grading, jobs, progress or _quiet)
    result = ClassResult(__version__, tuple(results), course.module_names, isolation.to_dict())
    _write_class(result, course, out)
    seconds = (datetime.now(UTC) - started).total_seconds()
    return Graded(result, out, seconds)


def _isolation_for_hidden_checks(allow_weak: bool) -> Isolation:
    isolation = assess()
    if not isolation.hidden_checks_protected and not allow_weak:
        raise BadInput("learner code would run at WEAK isolation on this machine, where it "
                       f"could {isolation.open[0]}; run `grader doctor` to see why, or pass "
                       "--allow-weak-isolation to grade anyway (only code you trust)")
    return isolation


def _refuse_writing_into(submissions: Path, out: Path) -> None:
    inside = out.resolve()
    if inside == submissions.resolve() or submissions.resolve() in inside.parents:
        raise BadInput(f"the output folder {out} is inside the submissions folder "
                       f"{submissions}; the submissions are never written to: choose --out")


def _all_checks(course: Course) -> dict[str, ModuleChecks]:
    return {m.name: module_checks(m, hidden=True) for m in course.modules}


@dataclass(frozen=True)
class _Grading:
    """Everything a worker needs; built once, before the workers fork."""

    course: Course
    limits: Limits
    checks: dict[str, ModuleChecks]
    out: Path
    protected: tuple[Path, ...]
    isolation: Isolation


# Set in each worker process: the grading it takes part in, and its sandbox plan.
_current: tuple[_Grading, Plan] | None = None


def _start_worker(grading: _Grading, slots: Synchronized[int] | None) -> None:
    global _current
    reaper.become_subreaper()
    slot = 0
    if slots is not None:
        with slots.get_lock():
            slot, slots.value = slots.value, slots.value + 1
    _current = (grading, plan_for(grading.protected, slot=slot))


def _grade_all(learners: list[LearnerFiles], grading: _Grading, jobs: int | None,
               progress: Progress) -> list[LearnerResult]:
    jobs = min(max(1, jobs or os.cpu_count() or 1), max(1, len(learners)))
    results: list[LearnerResult] = []
    pool = None
    if jobs == 1:
        _start_worker(grading, None)
        mapped: Iterator[LearnerResult] = map(_grade_and_report, learners)
    else:
        context = multiprocessing.get_context("fork")
        pool = ProcessPoolExecutor(max_workers=jobs, mp_context=context,
                                   initializer=_start_worker,
                                   initargs=(grading, context.Value("i", 0)))
        mapped = pool.map(_grade_and_report, learners)
    try:
        for learner in mapped:
            results.append(learner)
            progress(len(results), len(learners), learner)
    finally:
        if pool is not None:
            pool.shutdown(cancel_futures=True)
    return results


def _grade_and_report(learner: LearnerFiles) -> LearnerResult:
    assert _current is not None, "a worker grades only after _start_worker"
    grading, plan = _current
    result = grade_learner(learner, course=grading.course, checks=grading.checks,
                           limits=grading.limits, plan=plan)
    html = render_learner_html(result, course_title=grading.course.title,
                               isolation=grading.isolation.summary())
    write_atomic(grading.out / "learners" / f"{learner.learner}.html", html)
    return _without_sources(result)


def grade_learner(learner: LearnerFiles, *, course: Course, checks: dict[str, ModuleChecks],
                  limits: Limits, plan: Plan | None = None) -> LearnerResult:
    """Grade every module of one learner; a missing or unusable file is a result, not an error."""
    modules = (_grade_module(learner, checks[m.name], limits, plan) for m in course.modules)
    return LearnerResult(learner.learner, tuple(modules))


def _grade_module(learner: LearnerFiles, checks: ModuleChecks, limits: Limits,
                  plan: Plan | None) -> ModuleResult:
    module = checks.module
    candidates = learner.submissions(module)
    if not candidates:
        return ModuleResult(module.name, None, ModuleStatus.MISSING, max_score=checks.max_score,
                            message=_missing_message(module, learner))
    choice = choose(candidates, module)
    results = [_grade_file(s, checks, limits, plan) for s in choice.graded]
    best = max(results, key=lambda r: r.score)  # the first, the .py, on a tie
    return replace(best, notes=(choice.why, *best.notes)) if choice.why else best


def _grade_file(submission: Submission, checks: ModuleChecks, limits: Limits,
                plan: Plan | None) -> ModuleResult:
    if submission.problem:
        return ModuleResult(checks.module.name, submission.filename, ModuleStatus.ERROR,
                            max_score=checks.max_score, message=submission.problem)
    return grade_submission(submission, checks, limits=limits, plan=plan)


def _missing_message(module: Module, learner: LearnerFiles) -> str:
    if similar := near_misses(learner.folder, module):
        return (f"{module.filename} not found; found {', '.join(similar)}: files must be named "
                f"exactly {module.filename}")
    return f"neither {module.name}.py nor {module.name}.ipynb was found: no points for this module"


def _without_sources(result: LearnerResult) -> LearnerResult:
    return replace(result, modules=tuple(replace(m, source="") for m in result.modules))


def _write_class(result: ClassResult, course: Course, out: Path) -> None:
    write_results_json(result, out / "results.json")
    write_grades_csv(result, out / "grades.csv")
    links = {lr.learner: f"learners/{lr.learner}.html" for lr in result.learners}
    write_atomic(out / "index.html",
                 render_class_html(result, course_title=course.title, report_links=links))
