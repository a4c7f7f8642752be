"""The processes that grade a class on this machine: a fork pool of workers, spares for when
workers wait long on a learner, and the budget past which a runaway worker is replaced.

The class pipeline hands it learner tasks and takes each result back as soon as it is graded;
grading one learner is grader.grading.learner's.
"""

from __future__ import annotations

import ctypes
import multiprocessing
import os
import signal
import sys
import time
from collections import deque
from collections.abc import Generator, Iterator
from concurrent.futures import FIRST_COMPLETED, Future, ProcessPoolExecutor, wait
from concurrent.futures.process import BrokenProcessPool
from contextlib import suppress
from dataclasses import replace
from multiprocessing.sharedctypes import Synchronized
from pathlib import Path
from typing import Any

from grader.course import Course
from grader.grading.boundary import AGAIN, unfinished
from grader.grading.learner import Grading, LearnerTask, grade_learner
from grader.results import LearnerResult, ModuleResult
from grader.sandbox import reaper
from grader.sandbox.isolation import Plan, plan_for
from grader.sandbox.waiting import on_long_waits
from grader.sandbox.zygote import zygote_for

__all__ = ["Workers", "default_jobs", "grade_locally", "task_budget"]

IN_FLIGHT_PER_WORKER = 4  # tasks handed to the pool ahead, per worker
NOTICE = 0.1  # seconds: how soon the spares hear that workers wait long
# Seconds a learner's file may take in the grader's own process beyond the sandbox's time
# for it (reading, the checks' own work, classic mistakes, the smallest input): far more than
# any honest file needs. A worker still busy with a learner past that is replaced.
TRUSTED_SECONDS = 60.0
DEATHS = 2  # a learner whose grading ends a worker this many times is not sent again
LEAVE_SECONDS = 5.0  # for the other workers of a broken pool to end

# Set in each worker process: the grading it takes part in, and its sandbox plan.
_current: tuple[Grading, Plan] | None = None
# Set in each pool worker: its row of its pool's board (see _Pool).
_row: tuple[Any, int] | None = None


def default_jobs() -> int:
    """Grading processes when not told: one per core, and one more. A worker spends part of
    each file waiting for its learner's process to wake and answer; measured on 2 cores, the
    extra worker filling those gaps graded a class about 5 % faster (medians of 4 interleaved
    runs each, with the calls sent ahead that made those waits fewer)."""
    return (os.cpu_count() or 1) + 1


def task_budget(task: LearnerTask, course: Course) -> float:
    """The wall time a worker may spend on a learner before it is replaced: each module's
    files (a .py and a notebook may both be graded) in the sandbox, under that module's
    limits, and the grader's own work."""
    return sum(
        2 * (course.module(name).limits.file_timeout + TRUSTED_SECONDS) for name in task.modules
    )


def grade_locally(
    tasks: list[LearnerTask], *, grading: Grading, jobs: int | None = None
) -> Generator[tuple[LearnerTask, LearnerResult], None, None]:
    """Each task with its result, as soon as it is graded (in the order they finish), by
    `jobs` workers on this machine (by default `default_jobs()`)."""
    workers = Workers(grading, jobs=jobs, tasks=len(tasks))
    try:
        yield from workers.grade(tasks)
    finally:
        workers.close()


class Workers:
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

    def __init__(self, grading: Grading, *, jobs: int | None, tasks: int) -> None:
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
        return _Pool(self.grading, self.jobs, spare=spare, slots=self.slots, waiting=self.waiting)

    def grade(self, tasks: list[LearnerTask]) -> Iterator[tuple[LearnerTask, LearnerResult]]:
        if self.alone:
            yield from ((task, _grade_task(task)) for task in tasks)
            return
        # A few tasks per worker in flight, more sent as results come back: a future holds
        # its learner's results, code included, and the class is never in memory at once.
        self.tasks, self.unsent = list(tasks), iter(enumerate(tasks))
        self.backlog: deque[tuple[int, LearnerTask]] = deque()  # sent to a pool that broke
        self.running: dict[Future[LearnerResult], tuple[int, LearnerTask, _Pool]] = {}
        self.overdue: dict[int, float] = {}  # task serial -> the budget it ran past
        self.part_of: dict[int, int] = {}  # a module sent alone -> its learner's task
        self.wholes: dict[int, tuple[LearnerTask, dict[str, ModuleResult]]] = {}  # their results
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
                budget = task_budget(self.tasks[serial], self.grading.course)
                if now - started > budget and serial not in self.overdue:
                    self.overdue[serial] = budget
                    with suppress(ProcessLookupError):
                        os.kill(pid, signal.SIGKILL)

    def _replace(
        self, broken: _Pool, serial: int, task: LearnerTask
    ) -> Iterator[tuple[LearnerTask, LearnerResult]]:
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

    def _split(self, serial: int, task: LearnerTask) -> None:
        """Send a learner a worker was lost on again module by module: only the module that
        loses a worker again costs the learner its points."""
        self.wholes[serial] = (task, {})
        for name in task.modules:
            self.part_of[len(self.tasks)] = serial
            self.backlog.append((len(self.tasks), LearnerTask(task.learner, (name,))))
            self.tasks.append(self.backlog[-1][1])

    def _finished(
        self, serial: int, task: LearnerTask, result: LearnerResult
    ) -> Iterator[tuple[LearnerTask, LearnerResult]]:
        """A task's result; a module sent alone waits for the others of its learner."""
        if (whole := self.part_of.pop(serial, None)) is None:
            yield task, result
            return
        task, found = self.wholes[whole]
        found.update((m.module, m) for m in result.modules)
        if len(found) == len(task.modules):
            del self.wholes[whole]
            yield task, replace(result, modules=tuple(found[m] for m in task.modules))

    def _unfinished(self, serial: int, task: LearnerTask) -> LearnerResult:
        if (budget := self.overdue.get(serial)) is not None:
            why = f"grading ran past its budget of {budget:.0f} s: the worker was replaced"
            message = (
                f"The grader gave up on your files after {budget:.0f} s of its own "
                "work (your code's time limits are not what ran out). " + AGAIN
            )
        else:
            why = f"the worker grading it died {DEATHS} times"
            message = "Grading your files ended the grader's own process, twice. " + AGAIN
        max_scores = {name: self.grading.checks[name].max_score for name in task.modules}
        return unfinished(task.learner.learner, task.modules, max_scores, why=why, message=message)

    def close(self) -> None:
        if not self.alone:
            for pool in (self.pool, self.spares):
                pool.executor.shutdown(cancel_futures=True)


class _Pool:
    """A process pool whose processes each keep a row of a board shared with the grader:
    their pid, the task they grade (-1: none) and since when, so that the grader sees a
    runaway learner and which learner a process died on."""

    def __init__(
        self,
        grading: Grading,
        size: int,
        *,
        spare: bool,
        slots: Synchronized[int],
        waiting: Synchronized[int],
    ) -> None:
        context = multiprocessing.get_context("fork")
        self.board = context.Array("d", [-1.0] * (3 * size), lock=False)
        self.executor = ProcessPoolExecutor(
            max_workers=size,
            mp_context=context,
            initializer=_start_pool_worker,
            initargs=(
                grading,
                slots,
                waiting,
                os.getpid(),
                spare,
                self.board,
                context.Value("i", 0),
            ),
        )
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


# -- in each worker process ------------------------------------------------------------------


def _start_worker(grading: Grading, slots: Synchronized[int] | None, *, boot: bool = True) -> None:
    global _current
    reaper.become_subreaper()
    slot = 0
    if slots is not None:
        with slots.get_lock():
            slot, slots.value = slots.value, slots.value + 1
    plan = plan_for(grading.protected, slot=slot)
    if boot:
        # it boots while this worker waits for work; a module that preloads starts its own
        zygote_for(plan, grading.course.limits, warm=True)
    _current = (grading, plan)


def _start_pool_worker(
    grading: Grading,
    slots: Synchronized[int],
    waiting: Synchronized[int],
    parent: int,
    spare: bool,
    board: Any,
    rows: Synchronized[int],
) -> None:
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


def _grade_task(task: LearnerTask, serial: int = -1) -> LearnerResult:
    """Grade a learner's modules in a worker; the learner's code comes back with the results,
    for the gradebook to keep and the reports to show. The worker's row of its board says
    which learner it grades, and since when."""
    assert _current is not None, "a worker grades only after _start_worker"
    grading, plan = _current
    if _row is not None:
        board, row = _row
        board[3 * row + 2], board[3 * row + 1] = time.monotonic(), serial
    try:
        return grade_learner(
            task.learner,
            course=grading.course,
            checks=grading.checks,
            plan=plan,
            modules=task.modules,
        )
    finally:
        if _row is not None:
            board[3 * row + 1] = -1
