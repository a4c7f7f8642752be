"""The grading pipeline as plain functions: a learner's self-check, and a whole class.

    load (grader.load.submission) -> sandbox + checks (grader.checks.run) -> results (grader.results)
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
from collections import deque
from collections.abc import Callable, Collection, Generator, Iterable, Iterator
from concurrent.futures import FIRST_COMPLETED, Future, ProcessPoolExecutor, wait
from concurrent.futures.process import BrokenProcessPool
from contextlib import closing, contextmanager, suppress
from dataclasses import dataclass, field, replace
from functools import cached_property, partial
from multiprocessing.sharedctypes import Synchronized
from pathlib import Path
from typing import Any

from grader import __version__
from grader.checks.run import ModuleChecks, module_checks
from grader.course import Course, Module, load_course
from grader.course.lateness import Extension, LatenessError, read_extensions, read_manifest
from grader.gradebook import Entry, Gradebook, Run
from grader.grading.boundary import AGAIN, Boundary, Trouble, guarded, unfinished
from grader.grading.changes import Changes
from grader.grading.fingerprints import checks_fingerprint
from grader.grading.publish import Published, publish
from grader.grading.publish import prepare as prepare_publishing
from grader.grading.quizzes import QuizRun
from grader.load import LearnerFiles, Submission, choose, find_learners, near_misses
from grader.load.instructor_only import InstructorFiles
from grader.load.learner_ids import learner_id
from grader.reports._visible import visible
from grader.results import (
    ClassResult,
    IsolationLevel,
    LearnerResult,
    ModuleResult,
    ModuleStatus,
    Note,
)
from grader.sandbox import reaper
from grader.sandbox.isolation import Isolation, Plan, assess, plan_for
from grader.sandbox.limits import Limits
from grader.sandbox.process import on_long_waits
from grader.sandbox.zygote import zygote_for

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
from grader.selfcheck import (  # noqa: E402
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
    troubles: tuple[Trouble, ...] = ()  # learners the run could not handle as usual

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
        troubles = Boundary([*self.troubles, *self.published.troubles]).describe()
        return "\n".join(lines + troubles)


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
    learners = [replace(lf, learner=learner_id(lf.learner)) for lf in find_learners(submissions)]
    with _cluster(scheduler) as client:
        isolation = _run_isolation(client, allow_weak_isolation)
        return _grade_class(submissions, out, course, limits, learners, isolation, started,
                            _Options(course, limits, (), jobs, progress or _quiet, client,
                                     allow_weak_isolation, isolation),
                            db=db, regrade=regrade, manifest=manifest, extensions=extensions)


def _grade_class(submissions: Path, out: Path, course: Course, limits: Limits,
                 learners: list[LearnerFiles], isolation: IsolationLevel, started: float,
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
    return Graded(out, time.monotonic() - started, db, published, *counts,
                  troubles=tuple(options.boundary.troubles))


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
    isolation: IsolationLevel | None = None
    workers: _Workers | None = None  # started before the gradebook was scanned
    boundary: Boundary = field(default_factory=Boundary)  # who could not be handled, and why


@contextmanager
def _cluster(scheduler: str | None) -> Iterator[Any]:
    """A Dask client for the run (Dask is imported only when asked for), closed at its end."""
    if scheduler is None:
        yield None
        return
    from grader.grading.cluster import connect

    client = connect(scheduler)
    try:
        yield client
    finally:
        client.close()


def _run_isolation(client: Any, allow_weak: bool) -> IsolationLevel:
    """The level learner code runs at: this machine's, or on a cluster its weakest worker's;
    either way a weak one is refused unless allowed."""
    if client is None:
        return _isolation_for_hidden_checks(allow_weak).level_reached()
    from grader.grading.cluster import cluster_isolation

    return cluster_isolation(client, allow_weak=allow_weak)


def _grade_changes(book: Gradebook, run: Run, changes: Changes, quizzes: QuizRun,
                   learners: Iterable[LearnerFiles], options: _Options) -> tuple[int, int]:
    """Record the unchanged learners at once, grade the others and record each of them as
    soon as they are graded; returns (modules graded, modules kept). Quizzes that changed
    are graded here, in the grader's process, as each learner is recorded."""
    tasks, counts = [], [0, 0]
    boundary = options.boundary

    def record(learner: LearnerFiles, graded: LearnerResult | None) -> None:
        def attempt() -> list[Entry]:
            entries = changes.entries(learner, graded)
            quiz_entries = boundary.attempt(learner.learner, "grading the quizzes",
                                            lambda: quizzes.entries(learner))
            book.record(run, learner.learner, entries, quiz_entries or ())
            return entries

        entries = boundary.attempt(learner.learner, "recording", attempt,
                                   lambda why: _record_unrecordable(book, run, changes,
                                                                    learner, why))
        fresh = sum(e.result is not None for e in entries or ())
        counts[0], counts[1] = counts[0] + fresh, counts[1] + len(entries or ()) - fresh

    for learner in learners:
        if modules := boundary.attempt(learner.learner, "reading",
                                       partial(changes.to_grade, learner)):
            tasks.append(_Task(learner, modules))
        else:
            record(learner, None)
    if tasks:
        with closing(_graded(tasks, options)) as results:
            for done, (task, graded) in enumerate(results, 1):
                boundary.graded(graded)
                record(task.learner, graded)
                options.progress(done, len(tasks), graded)
                if done == 1:  # the workers are busy now: get the publishing ready meanwhile
                    prepare_publishing()
    return counts[0], counts[1]


def _record_unrecordable(book: Gradebook, run: Run, changes: Changes, learner: LearnerFiles,
                         why: str) -> list[Entry]:
    """What the gradebook keeps of a learner whose results it could not take: an error for
    each module, so that reports and later runs show them rather than stopping on them."""
    message = ("Your results could not be recorded, so they are not shown here. " + AGAIN)
    course = changes.course
    max_scores = {m.name: module_checks(m, hidden=True).max_score for m in course.modules}
    error = unfinished(learner.learner, course.module_names, max_scores, why=why,
                       message=message)
    entries = [Entry(m.module, result=m, checks_fingerprint=changes.fingerprints[m.module])
               for m in error.modules]
    book.record(run, learner.learner, entries)
    return entries


def _graded(tasks: list[_Task], options: _Options) -> Generator[tuple[_Task, LearnerResult],
                                                                 None, None]:
    """Each task with its result, graded by local workers or on the Dask cluster."""
    if options.workers is not None:
        yield from options.workers.grade(tasks)
        return
    if options.client is None:
        yield from _grade_all(tasks, _grading(options), options.jobs)
        return
    from grader.grading.cluster import grade_on_cluster

    def lost(task: _Task, why: str) -> LearnerResult:
        max_scores = {m: module_checks(options.course.module(m), hidden=True).max_score
                      for m in task.modules}
        return unfinished(task.learner.learner, task.modules, max_scores, why=why,
                          message="The grader could not grade your files: its own process "
                                  "failed on them, again and again. " + AGAIN)

    for task, result, _ in grade_on_cluster(
            tasks, client=options.client, course=options.course, limits=options.limits,
            protected=options.protected, allow_weak=options.allow_weak,
            isolation=options.isolation, lost=lost):
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
# Seconds a learner's file may take in the grader's own process beyond the sandbox's time
# for it (reading, the checks' own work, classic mistakes, the smallest input): far more than
# any honest file needs. A worker still busy with a learner past that is replaced.
TRUSTED_SECONDS = 60.0
DEATHS = 2  # a learner whose grading ends a worker this many times is not sent again
LEAVE_SECONDS = 5.0  # for the other workers of a broken pool to end

# Set in each worker process: the grading it takes part in, and its sandbox plan.
_current: tuple[_Grading, Plan] | None = None
# Set in each pool worker: its row of its pool's board (see _Pool).
_row: tuple[Any, int] | None = None


def default_jobs() -> int:
    """Grading processes when not told: one per core, and one more. A worker spends part of
    each file waiting for its learner's process to wake and answer; measured on 2 cores, the
    extra worker filling those gaps graded a class about 5 % faster (medians of 4 interleaved
    runs each, with the calls sent ahead that made those waits fewer)."""
    return (os.cpu_count() or 1) + 1


def task_budget(task: _Task, limits: Limits) -> float:
    """The wall time a worker may spend on a learner before it is replaced: each module's
    files (a .py and a notebook may both be graded) in the sandbox, and the grader's own work."""
    return len(task.modules) * 2 * (limits.file_timeout + TRUSTED_SECONDS)


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
                       parent: int, spare: bool, board: Any, rows: Synchronized[int]) -> None:
    global _row
    _die_with_parent(parent)
    with rows.get_lock():
        row, rows.value = rows.value, rows.value + 1
    board[3 * row], board[3 * row + 1] = os.getpid(), -1
    _row = (board, row)
    # A pool that lost a process ends the others with SIGTERM: they leave their row idle, so
    # that the learner still on a row is the one whose process died (see _Pool.culprits).
    signal.signal(signal.SIGTERM, _leave)
    _start_worker(grading, slots, boot=not spare)  # a spare may never grade: no zygote yet
    on_long_waits(lambda long: _count(waiting, 1 if long else -1))


def _leave(signum: int, frame: object) -> None:
    if _row is not None:
        board, row = _row
        board[3 * row + 1] = -1
    os._exit(1)


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


class _Pool:
    """A process pool whose processes each keep a row of a board shared with the grader:
    their pid, the task they grade (-1: none) and since when, so that the grader sees a
    runaway learner and which learner a process died on."""

    def __init__(self, grading: _Grading, size: int, *, spare: bool, slots: Synchronized[int],
                 waiting: Synchronized[int]) -> None:
        context = multiprocessing.get_context("fork")
        self.board = context.Array("d", [-1.0] * (3 * size), lock=False)
        self.executor = ProcessPoolExecutor(
            max_workers=size, mp_context=context, initializer=_start_pool_worker,
            initargs=(grading, slots, waiting, os.getpid(), spare, self.board,
                      context.Value("i", 0)))
        self.size = size

    def rows(self) -> Iterator[tuple[int, int, float]]:
        """(pid, task serial, started) of each process grading a task now."""
        for row in range(self.size):
            serial = int(self.board[3 * row + 1])
            if serial >= 0:
                yield int(self.board[3 * row]), serial, self.board[3 * row + 2]

    def culprits(self) -> set[int]:
        """Once the pool broke: the tasks its dead processes were grading. The others leave
        their rows on SIGTERM; one that cannot take it in LEAVE_SECONDS (stuck in C code) is
        killed, and counted with the culprits."""
        pids = [int(self.board[3 * row]) for row in range(self.size) if self.board[3 * row] > 0]
        deadline = time.monotonic() + LEAVE_SECONDS
        while any(map(_alive, pids)) and time.monotonic() < deadline:
            time.sleep(NOTICE / 2)
        for pid in filter(_alive, pids):
            with suppress(ProcessLookupError):
                os.kill(pid, signal.SIGKILL)
        self.executor.shutdown(wait=True, cancel_futures=True)
        return {serial for _, serial, _ in self.rows()}


def _alive(pid: int) -> bool:
    """Whether the process runs still (an ended one, reaped or not, does not)."""
    try:
        stat = Path(f"/proc/{pid}/stat").read_text()
    except OSError:
        return False
    return stat.rpartition(")")[2].split()[0] not in ("Z", "X")


class _Workers:
    """The processes that grade on this machine. Each starts its zygote as it starts, and a
    zygote takes a few tenths of a second to boot: started before the gradebook is scanned,
    they boot meanwhile.

    Beside them wait as many spares, which grade only while workers wait long for a
    learner's answer (a hanging function keeps its worker waiting for its whole time limit):
    then there are still as many workers grading as cores can keep busy, and the rest of the
    class flows on. A spare starts its zygote on its first learner.

    A worker still on one learner past its budget (a parser looping on their data) is
    killed; so is, by the system, one that a learner's data crashes. Either way the pool is
    replaced and the other learners it held are sent again; that learner's modules are sent
    again one by one, and the module that runs away again, or crashes a worker twice (a
    worker can die of something else), gets an error result.

    Asked for one job (--jobs 1), this process grades alone, with no pool to fork (a
    process holding other threads, Dask's say, must not fork): an exception on a learner's
    data is still their result, but nothing can stop a runaway one."""

    def __init__(self, grading: _Grading, jobs: int | None, tasks: int) -> None:
        self.grading = grading
        self.jobs = min(max(1, jobs or default_jobs()), max(1, tasks))
        self.alone = jobs == 1
        if self.alone:
            _start_worker(grading, None)
            return
        context = multiprocessing.get_context("fork")
        self.slots, self.waiting = context.Value("i", 0), context.Value("i", 0)
        self.deaths: dict[int, int] = {}  # task serial -> workers it ended
        self.spares, self.pool = (self._pool(spare=spare) for spare in (True, False))
        # A pool forks its processes with its first task, then starts its threads. The
        # workers fork while the spares' pool threads run: those touch only the spares'
        # own queues and locks, which the workers never use, and once the spares' first
        # task is back they are idle.
        self.spares.executor.submit(int).result()
        self.pool.executor.submit(int)

    def _pool(self, *, spare: bool) -> _Pool:
        return _Pool(self.grading, self.jobs, spare=spare, slots=self.slots,
                     waiting=self.waiting)

    def grade(self, tasks: list[_Task]) -> Iterator[tuple[_Task, LearnerResult]]:
        if self.alone:
            yield from ((task, _grade_task(task)) for task in tasks)
            return
        # A few tasks per worker in flight, more sent as results come back: a future holds
        # its learner's results, code included, and the class is never in memory at once.
        self.tasks, self.unsent = list(tasks), iter(enumerate(tasks))
        self.backlog: deque[tuple[int, _Task]] = deque()  # sent to a pool that broke
        self.running: dict[Future[LearnerResult], tuple[int, _Task, _Pool]] = {}
        self.overdue: dict[int, float] = {}  # task serial -> the budget it ran past
        self.part_of: dict[int, int] = {}  # a module sent alone -> its learner's task
        self.wholes: dict[int, tuple[_Task, dict[str, ModuleResult]]] = {}  # their results
        self._top_up()
        while self.running:
            done, _ = wait(self.running, timeout=NOTICE, return_when=FIRST_COMPLETED)
            for future in done:
                if future not in self.running:  # taken back with its broken pool
                    continue
                serial, task, pool = self.running.pop(future)
                if isinstance(future.exception(), BrokenProcessPool):
                    yield from self._replace(pool, serial, task)
                    continue
                self._top_up()
                yield from self._finished(serial, task, future.result())
            self._top_up()
            spared = sum(pool is self.spares for _, _, pool in self.running.values())
            for _ in range(min(self.waiting.value, self.jobs) - spared):
                if not self._send(self.spares):
                    break
            self._stop_runaways()

    def _top_up(self) -> None:
        """Keep IN_FLIGHT_PER_WORKER tasks per worker with the workers."""
        held = sum(pool is self.pool for _, _, pool in self.running.values())
        for _ in range(self.jobs * IN_FLIGHT_PER_WORKER - held):
            if not self._send(self.pool):
                break

    def _send(self, pool: _Pool) -> bool:
        """Send the next task to `pool`; False when there is none, or the pool just broke."""
        following = self.backlog.popleft() if self.backlog else next(self.unsent, None)
        if following is None:
            return False
        serial, task = following
        try:
            future = pool.executor.submit(_grade_task, task, serial)
        except (BrokenProcessPool, RuntimeError):  # its futures say so in a moment
            self.backlog.appendleft((serial, task))
            return False
        self.running[future] = (serial, task, pool)
        return True

    def _stop_runaways(self) -> None:
        now = time.monotonic()
        for pool in (self.pool, self.spares):
            for pid, serial, started in pool.rows():
                budget = task_budget(self.tasks[serial], self.grading.limits)
                if now - started > budget and serial not in self.overdue:
                    self.overdue[serial] = budget
                    with suppress(ProcessLookupError):
                        os.kill(pid, signal.SIGKILL)

    def _replace(self, broken: _Pool, serial: int,
                 task: _Task) -> Iterator[tuple[_Task, LearnerResult]]:
        """A pool lost a process: a new pool takes its place and the learners it held, but
        the one the process died on (sent again once, unless it ran out of time)."""
        held = [(serial, task)]
        for future, (other, other_task, pool) in list(self.running.items()):
            if pool is broken:
                del self.running[future]
                held.append((other, other_task))
        culprits = broken.culprits()
        if broken is self.spares:
            self.spares = self._pool(spare=True)
        else:
            self.pool = self._pool(spare=False)
        self.waiting.value = 0  # the counts of the dead processes went with them
        for serial, task in sorted(held, reverse=True):  # sent again in their first order
            if serial in culprits:
                self.deaths[serial] = self.deaths.get(serial, 0) + 1
            if (serial in self.overdue or serial in culprits) and len(task.modules) > 1:
                self._split(serial, task)
            elif serial in self.overdue or self.deaths.get(serial, 0) >= DEATHS:
                yield from self._finished(serial, task, self._unfinished(serial, task))
            else:
                self.backlog.appendleft((serial, task))
        self._top_up()

    def _split(self, serial: int, task: _Task) -> None:
        """Send a learner a worker was lost on again module by module: only the module that
        loses a worker again costs the learner its points."""
        self.wholes[serial] = (task, {})
        for name in task.modules:
            self.part_of[len(self.tasks)] = serial
            self.backlog.append((len(self.tasks), _Task(task.learner, (name,))))
            self.tasks.append(self.backlog[-1][1])

    def _finished(self, serial: int, task: _Task,
                  result: LearnerResult) -> Iterator[tuple[_Task, LearnerResult]]:
        """A task's result; a module sent alone waits for the others of its learner."""
        if (whole := self.part_of.pop(serial, None)) is None:
            yield task, result
            return
        task, found = self.wholes[whole]
        found.update((m.module, m) for m in result.modules)
        if len(found) == len(task.modules):
            del self.wholes[whole]
            yield task, replace(result, modules=tuple(found[m] for m in task.modules))

    def _unfinished(self, serial: int, task: _Task) -> LearnerResult:
        if (budget := self.overdue.get(serial)) is not None:
            why = f"grading ran past its budget of {budget:.0f} s: the worker was replaced"
            message = (f"The grader gave up on your files after {budget:.0f} s of its own "
                       "work (your code's time limits are not what ran out). " + AGAIN)
        else:
            why = f"the worker grading it died {DEATHS} times"
            message = "Grading your files ended the grader's own process, twice. " + AGAIN
        max_scores = {name: self.grading.checks[name].max_score for name in task.modules}
        return unfinished(task.learner.learner, task.modules, max_scores, why=why,
                          message=message)

    def close(self) -> None:
        if not self.alone:
            for pool in (self.pool, self.spares):
                pool.executor.shutdown(cancel_futures=True)


def _grade_task(task: _Task, serial: int = -1) -> LearnerResult:
    """Grade a learner's modules in a worker; the learner's code comes back with the results,
    for the gradebook to keep and the reports to show. The worker's row of its board says
    which learner it grades, and since when."""
    assert _current is not None, "a worker grades only after _start_worker"
    grading, plan = _current
    if _row is not None:
        board, row = _row
        board[3 * row + 2], board[3 * row + 1] = time.monotonic(), serial
    try:
        return grade_learner(task.learner, course=grading.course, checks=grading.checks,
                             limits=grading.limits, plan=plan, modules=task.modules)
    finally:
        if _row is not None:
            board[3 * row + 1] = -1


def grade_learner(learner: LearnerFiles, *, course: Course, checks: dict[str, ModuleChecks],
                  limits: Limits, plan: Plan | None = None,
                  modules: Collection[str] | None = None) -> LearnerResult:
    """Grade every module of one learner (or those in `modules`); a missing or unusable file
    is a result, not an error."""
    chosen = (m for m in course.modules if modules is None or m.name in modules)
    instructor = InstructorFiles.of(course)
    results = (guarded(partial(_grade_module, learner, checks[m.name], limits, plan, instructor),
                       module=m.name, max_score=checks[m.name].max_score)
               for m in chosen)
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
    return replace(best, notes=(Note(choice.why), *best.notes)) if choice.why else best


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
