"""The grading pipeline as plain functions: a learner's self-check, and a whole class.

    load (grader.load) -> sandbox + checks (grader.checks.run) -> results (grader.results)
    -> gradebook (grader.gradebook) -> exports (results.json, grades.csv) and reports (HTML)

The command line, the tests and the benchmarks all call these functions.
"""

from __future__ import annotations

import ctypes
import multiprocessing
import os
import signal
import sys
import time
from collections.abc import Callable, Collection, Generator, Iterable, Iterator
from concurrent.futures import FIRST_COMPLETED, Future, ProcessPoolExecutor, wait
from contextlib import closing, contextmanager
from dataclasses import dataclass, replace
from functools import cached_property
from itertools import islice
from multiprocessing.sharedctypes import Synchronized
from pathlib import Path
from typing import Any

from . import __version__
from .changes import Changes
from .checks.run import ModuleChecks, module_checks
from .course import Course, Module, load_course
from .fingerprints import checks_fingerprint
from .gradebook import Gradebook, Run
from .instructor_only import InstructorFiles
from .lateness import Extension, LatenessError, read_extensions, read_manifest
from .load import LearnerFiles, Submission, choose, find_learners, near_misses
from .publish import Published, publish
from .publish import prepare as prepare_publishing
from .quizzes import QuizRun
from .reports._visible import visible
from .results import ClassResult, LearnerResult, ModuleResult, ModuleStatus
from .sandbox import reaper
from .sandbox.isolation import Isolation, Plan, assess, plan_for
from .sandbox.limits import Limits
from .sandbox.process import on_long_waits
from .sandbox.zygote import zygote_for

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

# The self-check lives in its own module, so that `grader check` imports none of the
# gradebook, the quizzes or the class reports; its names stay importable from here.
from .selfcheck import (  # noqa: E402
    BadInput,
    check_file,
    grade_submission,
    write_self_check_report,
)

# -- a whole class ----------------------------------------------------------------------------


# (learners graded so far, learners this run grades, the latest): unchanged ones do not count
Progress = Callable[[int, int, LearnerResult], None]


def _quiet(done: int, total: int, learner: LearnerResult) -> None:
    pass


@dataclass(frozen=True)
class Graded:
    """What a class run produced, and where it wrote it."""

    out: Path
    seconds: float
    gradebook: Path
    published: Published
    graded: int = 0  # learner modules graded in this run
    reused: int = 0  # unchanged since their latest attempt: kept from the gradebook

    @cached_property
    def result(self) -> ClassResult:
        """The whole class as the run left it, read from the gradebook when asked for (a run
        itself never holds it)."""
        with Gradebook.open(self.gradebook) as book:
            return book.class_result(__version__)

    @property
    def summary(self) -> Path:
        return self.out / "index.html"

    @property
    def grader_errors(self) -> int:
        return self.published.grader_errors

    def describe(self) -> str:
        """What a person reads when the run is over."""
        counts = self.published
        lines = [f"{counts.learners} learners ({counts.files} files) in {self.seconds:.1f} s: "
                 f"{self.graded} modules graded, {self.reused} unchanged since their last "
                 "grading and kept (--regrade grades them again)."]
        if counts.late or counts.unknown:
            lines.append(f"  handed in late: {counts.late}" + (
                f"; not in the manifest (lateness unknown): {counts.unknown}"
                if counts.unknown else ""))
        lines += _unverified_lines(counts) + _not_own_work_lines(counts)
        lines += [f"  class summary: {self.summary}",
                  f"  grades:        {self.out / 'grades.csv'}",
                  f"  results:       {self.out / 'results.json'}",
                  f"  feedback:      {self.out / 'learners'}/<learner>.html",
                  f"  gradebook:     {self.gradebook}"]
        return "\n".join(lines)


SHOWN_REFUSALS = 10  # learners named in the summary lines; the reports name every one


def _unverified_lines(counts: Published) -> list[str]:
    if not counts.unverified:
        return []
    modules = f"{counts.unverified} module{'s' if counts.unverified != 1 else ''}"
    return [f"  lateness unverified: the handed-in times of {modules} are the files' "
            "modification times, which learners can set; grade with --manifest (the "
            "course platform's submission times) for lateness you can rely on"]


def _not_own_work_lines(counts: Published) -> list[str]:
    refused = counts.not_own_work
    if not refused:
        return []
    named = ", ".join(f"{visible(learner, one_line=True)}/{file}"
                      for learner, file in refused[:SHOWN_REFUSALS])
    more = f" and {len(refused) - SHOWN_REFUSALS} more" if len(refused) > SHOWN_REFUSALS else ""
    return [f"  not their own work, refused: {len(refused)} file"
            f"{'s' if len(refused) != 1 else ''} that are, link to or copy instructor-only "
            f"files or link out of the learner's folder: {named}{more}"]


def grade_class(submissions: Path, *, out: Path, course: Course | None = None,
                jobs: int | None = None, limits: Limits | None = None,
                progress: Progress | None = None, allow_weak_isolation: bool = False,
                db: Path | None = None, regrade: bool = False, manifest: Path | None = None,
                extensions: Path | None = None, scheduler: str | None = None) -> Graded:
    """Grade every learner folder in `submissions` with public and hidden checks, keep every
    attempt in the gradebook (`db`, by default `out/gradebook.sqlite`), write the results, the
    grades and the reports into `out`, and return what was graded.

    A learner's module whose files and checks are as at its latest attempt is not graded
    again unless `regrade`; each learner's results are committed as soon as they are
    produced, so a run killed at any moment goes on where it stopped when started again.
    `manifest` gives submission times (else files' modification times); `extensions`
    replaces the extensions the gradebook keeps. With `scheduler` (`tcp://HOST:PORT`, or
    `local:N`), learners are graded on a Dask cluster; this process alone still writes."""
    started = time.monotonic()
    if scheduler and jobs:
        raise BadInput("--jobs sets how many processes grade on this machine and --scheduler "
                       "sends the grading to a Dask cluster's workers: give one of them")
    course = course or load_course()
    limits = limits or course.limits
    learners = find_learners(submissions)
    with _cluster(scheduler) as client:
        isolation = _run_isolation(client, allow_weak_isolation)
        return _grade_class(submissions, out, course, limits, learners, isolation, started,
                            _Options(course, limits, (), jobs, progress or _quiet, client,
                                     allow_weak_isolation, isolation),
                            db=db, regrade=regrade, manifest=manifest, extensions=extensions)


def _grade_class(submissions: Path, out: Path, course: Course, limits: Limits,
                 learners: list[LearnerFiles], isolation: dict[str, Any], started: float,
                 options: _Options, *, db: Path | None, regrade: bool, manifest: Path | None,
                 extensions: Path | None) -> Graded:
    db = db or out / "gradebook.sqlite"
    _refuse_writing_into(submissions, out, "the output folder", "--out")
    _refuse_writing_into(submissions, db.parent, "the gradebook", "--db")
    times = read_manifest(manifest) if manifest else None
    granted = _checked_extensions(read_extensions(extensions), course) if extensions else None
    out.mkdir(parents=True, exist_ok=True)
    options = replace(options, protected=(course.root / "solutions", submissions, out,
                                          *_gradebook_files(db)))
    with Gradebook.open(db, create=True, writer="grade") as book, \
            _early_workers(options, len(learners), book, regrade) as workers:
        if granted is not None:
            book.replace_extensions(granted)
        quizzes = QuizRun.start(course, book.latest_quizzes(), regrade=regrade)
        run = book.start_run(submissions=submissions, out=out, regrade=regrade,
                             course_title=course.title, modules=course.module_names,
                             isolation=isolation, grader_version=__version__,
                             quizzes=quizzes.quizzes)
        changes = Changes.scan(learners, course=course, latest=book.latest(), run=run,
                               fingerprints=_fingerprints(course, limits), manifest=times,
                               extensions=book.extensions())
        counts = _grade_changes(book, run, changes, quizzes, learners,
                                replace(options, workers=workers))
        book.finish_run(run, graded=counts[0], reused=counts[1])
    published = publish(db, out, course_title=course.title, jobs=options.jobs)
    return Graded(out, time.monotonic() - started, db, published, *counts)


@dataclass(frozen=True)
class _Options:
    """How this run grades."""

    course: Course
    limits: Limits
    protected: tuple[Path, ...]  # instructor folders learner code must not see
    jobs: int | None
    progress: Progress
    client: Any = None  # a Dask client, when learners are graded on a cluster
    allow_weak: bool = False
    isolation: dict[str, Any] | None = None
    workers: _Workers | None = None  # started before the gradebook was scanned


@contextmanager
def _cluster(scheduler: str | None) -> Iterator[Any]:
    """A Dask client for the run (Dask is imported only when asked for), closed at its end."""
    if scheduler is None:
        yield None
        return
    from .cluster import connect

    client = connect(scheduler)
    try:
        yield client
    finally:
        client.close()


def _run_isolation(client: Any, allow_weak: bool) -> dict[str, Any]:
    """The level learner code runs at: this machine's, or on a cluster its weakest worker's;
    either way a weak one is refused unless allowed."""
    if client is None:
        return _isolation_for_hidden_checks(allow_weak).to_dict()
    from .cluster import cluster_isolation

    return cluster_isolation(client, allow_weak=allow_weak)


def _grade_changes(book: Gradebook, run: Run, changes: Changes, quizzes: QuizRun,
                   learners: Iterable[LearnerFiles], options: _Options) -> tuple[int, int]:
    """Record the unchanged learners at once, grade the others and record each of them as
    soon as they are graded; returns (modules graded, modules kept). Quizzes that changed
    are graded here, in the grader's process, as each learner is recorded."""
    tasks, counts = [], [0, 0]

    def record(learner: LearnerFiles, graded: LearnerResult | None) -> None:
        entries = changes.entries(learner, graded)
        book.record(run, learner.learner, entries, quizzes.entries(learner))
        fresh = sum(e.result is not None for e in entries)
        counts[0], counts[1] = counts[0] + fresh, counts[1] + len(entries) - fresh

    for learner in learners:
        if modules := changes.to_grade(learner):
            tasks.append(_Task(learner, modules))
        else:
            record(learner, None)
    if tasks:
        with closing(_graded(tasks, options)) as results:
            for done, (task, graded) in enumerate(results, 1):
                record(task.learner, graded)
                options.progress(done, len(tasks), graded)
                if done == 1:  # the workers are busy now: get the publishing ready meanwhile
                    prepare_publishing()
    return counts[0], counts[1]


def _graded(tasks: list[_Task], options: _Options) -> Generator[tuple[_Task, LearnerResult],
                                                                 None, None]:
    """Each task with its result, graded by local workers or on the Dask cluster."""
    if options.workers is not None:
        yield from options.workers.grade(tasks)
        return
    if options.client is None:
        yield from _grade_all(tasks, _grading(options), options.jobs)
        return
    from .cluster import grade_on_cluster

    for task, result, _ in grade_on_cluster(
            tasks, client=options.client, course=options.course, limits=options.limits,
            protected=options.protected, allow_weak=options.allow_weak,
            isolation=options.isolation):
        yield task, result


@contextmanager
def _early_workers(options: _Options, learners: int, book: Gradebook,
                   regrade: bool) -> Iterator[_Workers | None]:
    """This machine's workers, started now when the run will grade every learner (a first
    run, or --regrade), so that they boot while the gradebook is scanned; else none yet (a
    run that grades nothing should not start them)."""
    if options.client is not None or not learners or not (regrade or book.is_empty()):
        yield None
        return
    workers = _Workers(_grading(options), options.jobs, learners)
    try:
        yield workers
    finally:
        workers.close()


def _grading(options: _Options) -> _Grading:
    InstructorFiles.of(options.course)  # read once here, before the workers fork
    return _Grading(options.course, options.limits, _all_checks(options.course),
                    options.protected)


def _gradebook_files(db: Path) -> tuple[Path, ...]:
    """The gradebook and the files SQLite keeps beside it: masked wherever they are."""
    return tuple(db.with_name(db.name + suffix) for suffix in ("", "-wal", "-shm", ".lock"))


def _fingerprints(course: Course, limits: Limits) -> dict[str, str]:
    return {m.name: checks_fingerprint(m, limits, __version__) for m in course.modules}


def _checked_extensions(extensions: tuple[Extension, ...], course: Course) -> tuple[Extension, ...]:
    for extension in extensions:
        if extension.module != "*" and extension.module not in course.module_names:
            raise LatenessError(f"extension for {extension.learner}: no module "
                                f"{extension.module!r} (the modules are "
                                f"{', '.join(course.module_names)}, or * for all)")
    return extensions


def _isolation_for_hidden_checks(allow_weak: bool) -> Isolation:
    isolation = assess()
    if not isolation.hidden_checks_protected and not allow_weak:
        raise BadInput("learner code would run at WEAK isolation on this machine, where it "
                       f"could {isolation.open[0]}; run `grader doctor` to see why, or pass "
                       "--allow-weak-isolation to grade anyway (only code you trust)")
    return isolation


def _refuse_writing_into(submissions: Path, folder: Path, what: str, option: str) -> None:
    inside = folder.resolve()
    if inside == submissions.resolve() or submissions.resolve() in inside.parents:
        raise BadInput(f"{what} {folder} is inside the submissions folder "
                       f"{submissions}; the submissions are never written to: choose {option}")


def _all_checks(course: Course) -> dict[str, ModuleChecks]:
    checks = {m.name: module_checks(m, hidden=True) for m in course.modules}
    for module in checks.values():
        module.expected_calls  # noqa: B018 - rehearsed once here, before the workers fork
    return checks


@dataclass(frozen=True)
class _Grading:
    """Everything a worker needs; built once, before the workers fork."""

    course: Course
    limits: Limits
    checks: dict[str, ModuleChecks]
    protected: tuple[Path, ...]


@dataclass(frozen=True)
class _Task:
    """One learner, and which of their modules to grade."""

    learner: LearnerFiles
    modules: tuple[str, ...]


IN_FLIGHT_PER_WORKER = 4  # tasks handed to the pool ahead, per worker
NOTICE = 0.1  # seconds: how soon the spares hear that workers wait long

# Set in each worker process: the grading it takes part in, and its sandbox plan.
_current: tuple[_Grading, Plan] | None = None


def default_jobs() -> int:
    """Grading processes when not told: one per core, and one more. A worker spends part of
    each file waiting for its learner's process to wake and answer; measured on 2 cores, the
    extra worker filling those gaps graded a class about 5 % faster (medians of 4 interleaved
    runs each, with the calls sent ahead that made those waits fewer)."""
    return (os.cpu_count() or 1) + 1


def _start_worker(grading: _Grading, slots: Synchronized[int] | None, *,
                  boot: bool = True) -> None:
    global _current
    reaper.become_subreaper()
    slot = 0
    if slots is not None:
        with slots.get_lock():
            slot, slots.value = slots.value, slots.value + 1
    plan = plan_for(grading.protected, slot=slot)
    if boot:
        zygote_for(plan, grading.limits, warm=True)  # it boots while this worker waits for work
    _current = (grading, plan)


def _start_pool_worker(grading: _Grading, slots: Synchronized[int], waiting: Synchronized[int],
                       parent: int, spare: bool) -> None:
    _die_with_parent(parent)
    _start_worker(grading, slots, boot=not spare)  # a spare may never grade: no zygote yet
    on_long_waits(lambda long: _count(waiting, 1 if long else -1))


def _count(counter: Synchronized[int], step: int) -> None:
    with counter.get_lock():
        counter.value += step


def _die_with_parent(parent: int) -> None:
    """A worker whose grader was killed (SIGKILL included) is killed too, instead of waiting
    forever for work; the sandbox ends the learner processes it had started."""
    if sys.platform.startswith("linux"):
        ctypes.CDLL(None, use_errno=True).prctl(1, signal.SIGKILL, 0, 0, 0)  # PR_SET_PDEATHSIG
    if os.getppid() != parent:  # the grader died before the line above
        os._exit(1)


def _grade_all(tasks: list[_Task], grading: _Grading,
               jobs: int | None) -> Generator[tuple[_Task, LearnerResult], None, None]:
    """Each task with its result, as soon as it is graded (in the order they finish)."""
    workers = _Workers(grading, jobs, len(tasks))
    try:
        yield from workers.grade(tasks)
    finally:
        workers.close()


class _Workers:
    """The processes that grade on this machine (or this process alone, for one job). Each
    starts its zygote as it starts, and a zygote takes a few tenths of a second to boot:
    started before the gradebook is scanned, they boot meanwhile.

    Beside them wait as many spares, which grade only while workers wait long for a
    learner's answer (a hanging function keeps its worker waiting for its whole time limit):
    then there are still as many workers grading as cores can keep busy, and the rest of the
    class flows on. A spare starts its zygote on its first learner."""

    def __init__(self, grading: _Grading, jobs: int | None, tasks: int) -> None:
        self.jobs = min(max(1, jobs or default_jobs()), max(1, tasks))
        self.pool: ProcessPoolExecutor | None = None
        self.spares: ProcessPoolExecutor | None = None
        if self.jobs == 1:
            _start_worker(grading, None)
            return
        context = multiprocessing.get_context("fork")
        slots, self.waiting = context.Value("i", 0), context.Value("i", 0)
        self.spares, self.pool = (
            ProcessPoolExecutor(max_workers=self.jobs, mp_context=context,
                                initializer=_start_pool_worker,
                                initargs=(grading, slots, self.waiting, os.getpid(), spare))
            for spare in (True, False))
        # A pool forks its processes with its first task, then starts its threads. The
        # workers fork while the spares' pool threads run: those touch only the spares'
        # own queues and locks, which the workers never use, and once the spares' first
        # task is back they are idle.
        self.spares.submit(int).result()
        self.pool.submit(int)

    def grade(self, tasks: list[_Task]) -> Iterator[tuple[_Task, LearnerResult]]:
        if self.pool is None or self.spares is None:
            yield from ((task, _grade_task(task)) for task in tasks)
            return
        # A few tasks per worker in flight, more sent as results come back: a future holds
        # its learner's results, code included, and the class is never in memory at once.
        waiting = iter(tasks)
        running: dict[Future[LearnerResult], tuple[_Task, bool]] = {}
        for task in islice(waiting, self.jobs * IN_FLIGHT_PER_WORKER):
            running[self.pool.submit(_grade_task, task)] = (task, False)
        spared = 0  # learners with the spares
        while running:
            done, _ = wait(running, timeout=NOTICE, return_when=FIRST_COMPLETED)
            for future in done:
                task, spare = running.pop(future)
                spared -= spare
                if not spare:
                    for task_after in islice(waiting, 1):
                        running[self.pool.submit(_grade_task, task_after)] = (task_after, False)
                yield task, future.result()
            for task in islice(waiting, max(0, min(self.waiting.value, self.jobs) - spared)):
                running[self.spares.submit(_grade_task, task)] = (task, True)
                spared += 1

    def close(self) -> None:
        for pool in (self.pool, self.spares):
            if pool is not None:
                pool.shutdown(cancel_futures=True)


def _grade_task(task: _Task) -> LearnerResult:
    """Grade a learner's modules in a worker; the learner's code comes back with the results,
    for the gradebook to keep and the reports to show."""
    assert _current is not None, "a worker grades only after _start_worker"
    grading, plan = _current
    return grade_learner(task.learner, course=grading.course, checks=grading.checks,
                         limits=grading.limits, plan=plan, modules=task.modules)


def grade_learner(learner: LearnerFiles, *, course: Course, checks: dict[str, ModuleChecks],
                  limits: Limits, plan: Plan | None = None,
                  modules: Collection[str] | None = None) -> LearnerResult:
    """Grade every module of one learner (or those in `modules`); a missing or unusable file
    is a result, not an error."""
    chosen = (m for m in course.modules if modules is None or m.name in modules)
    instructor = InstructorFiles.of(course)
    results = (_grade_module(learner, checks[m.name], limits, plan, instructor) for m in chosen)
    return LearnerResult(learner.learner, tuple(results))


def _grade_module(learner: LearnerFiles, checks: ModuleChecks, limits: Limits,
                  plan: Plan | None, instructor: InstructorFiles) -> ModuleResult:
    module = checks.module
    candidates = learner.submissions(module, instructor=instructor)
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
