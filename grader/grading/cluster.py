"""Grade a class on a Dask cluster: connect, ship the course once, send each learner's files,
and take the results back as they come.

The client (the grader's main process) reads the submissions with the same safe reader as
local grading, sends each learner's files as bytes, and alone writes the gradebook, results
and reports from what comes back. Workers need only the grader installed; see
grader.grading._cluster_worker for what they do. Dask (`pip install 'grader[dask]'`) is imported
here, and only when a cluster is asked for.
"""

from __future__ import annotations

import hashlib
import os
import uuid
from collections.abc import Callable, Collection, Generator, Iterable, Iterator
from dataclasses import asdict
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeVar

from grader import __version__
from grader.course import Course, Module
from grader.grading._cluster_worker import (
    ClusterError,
    CoursePayload,
    Parcel,
    WorkerResult,
    describe_worker,
    grade_on_worker,
    the_course,
)
from grader.grading.learner import LearnerTask
from grader.load import LearnerFiles, near_misses
from grader.load.instructor_only import InstructorFiles
from grader.load.submission import SUFFIXES, _problem, _read_no_follow
from grader.results import IsolationLevel, LearnerResult
from grader.results.isolation import RANKS

if TYPE_CHECKING:
    from distributed import Client, Future

__all__ = [
    "ClusterError",
    "CoursePayload",
    "Parcel",
    "cluster_isolation",
    "connect",
    "course_payload",
    "grade_on_cluster",
    "read_parcel",
]

CONNECT_TIMEOUT = 5.0  # seconds to reach a scheduler before saying it cannot be reached
WORKERS_TIMEOUT = 30.0  # seconds to wait for a scheduler's first worker
RETRIES = 2  # a task that raised runs again, elsewhere if it can; a lost worker costs no retry
IN_FLIGHT_PER_THREAD = 4  # learners sent ahead per worker thread; the rest wait on the client
MIN_IN_FLIGHT = 16
# A worker holds only the learners it is grading: one that dies takes no other learner with it.
SATURATION = "distributed.scheduler.worker-saturation"
# Dask's statistical profiler samples every thread 100 times a second: 5-10% of the throughput.
PROFILER = "distributed.worker.profile.enabled"


T = TypeVar("T", bound=LearnerTask)


# -- the cluster ------------------------------------------------------------------------------


def connect(scheduler: str, *, timeout: float = CONNECT_TIMEOUT) -> Client:
    """A Dask client: `local:N` starts a cluster of N worker processes on this machine (it
    ends when the client is closed); `tcp://HOST:PORT` connects to a running scheduler, or
    raises ClusterError within `timeout` seconds."""
    distributed = _distributed()
    if scheduler.startswith("local:"):
        import dask  # installed with distributed

        workers = _worker_count(scheduler)
        with dask.config.set({SATURATION: 1.0, PROFILER: False}):
            return distributed.Client(
                n_workers=workers,
                threads_per_worker=1,
                processes=True,
                dashboard_address="127.0.0.1:0",
                set_as_default=False,
            )
    if "://" not in scheduler:
        raise ClusterError(
            f"--scheduler {scheduler}: give a Dask scheduler's address, "
            "tcp://HOST:PORT, or local:N for N worker processes on this machine"
        )
    try:
        client = distributed.Client(scheduler, timeout=timeout, set_as_default=False)
    except (OSError, TimeoutError, ValueError) as error:
        raise ClusterError(
            f"cannot reach the Dask scheduler at {scheduler}: {_reason(error)} "
            f"(tried for {timeout:g} s); start one with `dask scheduler` (it "
            "prints its tcp:// address) and workers with `dask worker "
            "tcp://HOST:PORT`, or grade on this machine with --scheduler "
            "local:N"
        ) from None
    return client


def cluster_isolation(
    client: Client, *, allow_weak: bool, timeout: float = WORKERS_TIMEOUT
) -> IsolationLevel:
    """The isolation the run records: that of the weakest worker, each asked now. A weak one
    is refused unless `allow_weak`, as locally; so is a worker with another grader version."""
    try:
        client.wait_for_workers(1, timeout=timeout)
    except TimeoutError:
        raise ClusterError(
            f"the Dask scheduler at {client.scheduler.address} has no worker "
            f"after {timeout:g} s: start some with `dask worker "
            f"{client.scheduler.address}` on machines with the grader "
            "installed"
        ) from None
    workers = list(client.run(describe_worker).values())
    if stale := [w for w in workers if w["grader"] != __version__]:
        raise ClusterError(
            f"the Dask worker {stale[0]['worker']} has grader "
            f"{stale[0]['grader']}, this machine {__version__}: install the "
            "same grader on every worker"
        )
    levels = {w["worker"]: IsolationLevel.from_dict(w["isolation"]) for w in workers}
    weakest = min(levels, key=lambda worker: RANKS[levels[worker].level])
    isolation = levels[weakest]
    if not isolation.hidden_checks_protected and not allow_weak:
        raise ClusterError(
            f"the Dask worker {weakest} would run learner code at "
            f"WEAK isolation, where it could {isolation.open[0]}; run "
            "`grader doctor` on that machine to see why, or pass "
            "--allow-weak-isolation to grade anyway (only code you trust)"
        )
    return isolation


def _distributed() -> Any:
    try:
        import distributed
    except ImportError:
        raise ClusterError(
            "grading on a Dask cluster needs Dask: pip install 'grader[dask]'"
        ) from None
    return distributed


def _worker_count(scheduler: str) -> int:
    count = scheduler.removeprefix("local:")
    if not count.isdigit() or int(count) < 1:
        raise ClusterError(
            f"--scheduler {scheduler}: local:N takes a number of worker "
            "processes, at least 1 (local:2, say)"
        )
    return int(count)


def _reason(error: BaseException) -> str:
    """The innermost system error (`connection refused`), else what Dask says."""
    found: BaseException | None = error
    while found is not None:
        if isinstance(found, OSError) and found.strerror:
            return found.strerror[0].lower() + found.strerror[1:]
        found = found.__cause__ or found.__context__
    if isinstance(error, TimeoutError) or "Timed out" in str(error):
        return "no answer"
    return str(error) or type(error).__name__


# -- what travels -----------------------------------------------------------------------------


def course_payload(course: Course, masked: Iterable[Path] = ()) -> CoursePayload:
    """The course as workers need it (no quizzes, no learner files), and the client's
    instructor-only paths, which a worker on this machine masks too."""
    return CoursePayload(_course_files(course), tuple(str(p.resolve()) for p in masked))


def _course_files(course: Course) -> dict[str, bytes]:
    """The files of `course` a worker needs, by path in the course folder: course.toml, the
    stubs (`.py` and notebook), the public and hidden checks, the reference solutions, the
    classic mistakes, and the data a project's checks read (exercises/data, solutions/data).
    Quizzes and learner files are not among them."""
    root = course.root
    paths = {root / "exercises" / "course.toml"}
    for module in course.modules:
        paths |= {
            module.stub,
            module.stub.with_suffix(".ipynb"),
            module.public_checks,
            module.hidden_checks,
            module.reference,
            *module.mistakes,
        }
    for folder in (
        "exercises/checks",
        "solutions/checks",
        "solutions/mistakes",
        "exercises/data",
        "solutions/data",
    ):
        paths |= set(_files_under(root / folder))
    return {
        path.relative_to(root).as_posix(): path.read_bytes()
        for path in sorted(paths)
        if path.is_file()
    }


def _files_under(folder: Path) -> Iterable[Path]:
    if folder.is_dir():
        yield from (p for p in folder.rglob("*") if p.is_file() and "__pycache__" not in p.parts)


def read_parcel(
    learner: LearnerFiles, modules: Collection[Module], instructor: InstructorFiles | None = None
) -> Parcel:
    """A learner's files for `modules` as bytes, read as local grading reads them: links,
    special files and files over the size cap are sent as their problem, never followed;
    so is a file that is, or links to, an `instructor` file (a worker sees only copies)."""
    files: dict[str, bytes] = {}
    problems: dict[str, str] = {}
    for name in (f"{m.name}{suffix}" for m in modules for suffix in SUFFIXES):
        path = learner.folder / name
        found = (instructor and instructor.link_refusal(path, learner.folder)) or _read(path)
        if isinstance(found, bytes):
            files[name] = found
        elif found:
            problems[name] = found
    misnamed = sorted({n for m in modules for n in near_misses(learner.folder, m)})
    return Parcel(learner.learner, files, problems, tuple(misnamed))


def _read(path: Path) -> bytes | str | None:
    """The file's bytes; or why it cannot be used; or None when there is no such file."""
    try:
        info = os.lstat(path)
    except FileNotFoundError:
        return None
    except OSError as error:
        return f"{path.name} cannot be read: {error.strerror}"
    if problem := _problem(path, info):
        return problem
    try:
        return _read_no_follow(path)
    except OSError as error:
        return f"{path.name} cannot be read: {error.strerror}"


# -- grading ----------------------------------------------------------------------------------


def grade_on_cluster(
    tasks: Iterable[T],
    *,
    client: Client,
    course: Course,
    protected: Iterable[Path] = (),
    allow_weak: bool = False,
    isolation: IsolationLevel | None = None,
    lost: Callable[[T, str], LearnerResult] | None = None,
) -> Generator[tuple[T, LearnerResult, IsolationLevel | None], None, None]:
    """Each task with its result and the isolation it was graded at, in the order they
    finish, each exactly once (a worker lost mid-task costs a new run of that task, and its
    result is taken once). A result graded below `isolation`'s level, the run's, stops the
    run: the grader never records a level its workers did not keep. A learner whose grading
    killed worker after worker, or raised on every try, is given the result `lost(task,
    why)`; without `lost`, one that killed workers is left ungraded, and named at the end,
    once every other learner is graded, and one that raised stops the run.

    Learners are read and sent a few per worker thread ahead, so a class of any size costs
    the scheduler little memory."""
    distributed = _distributed()
    payload = _course_on(client, course_payload(course, protected))
    sender = _Sender(client, payload, course, allow_weak, iter(tasks))
    finished = distributed.as_completed(loop=client.loop)
    ungraded: list[str] = []
    try:
        for _ in range(_in_flight(client)):
            sender.send(finished)
        for future in finished:
            task = sender.running.pop(future)
            sender.send(finished)
            received = _received(future, task, distributed, caught=lost is not None)
            if isinstance(received, str):
                if lost is None:
                    ungraded.append(task.learner.learner)
                else:
                    yield task, lost(task, received), None
                continue
            _check_worker(received, isolation)
            yield task, received.learner_result(), received.isolation_level()
    finally:
        client.cancel(list(sender.running))
    if ungraded:
        names = ", ".join(sorted(ungraded)[:5]) + (", ..." if len(ungraded) > 5 else "")
        raise ClusterError(
            f"{len(ungraded)} learners were not graded: grading each of them "
            f"killed Dask workers again and again ({names}); every other "
            "learner is graded "
            "and kept: see the workers' logs, then run the same command again"
        )


def _course_on(client: Client, payload: CoursePayload) -> Future:
    """The course on the cluster, as the result of a task rather than scattered data: when
    every worker holding it is lost, Dask computes it again from the scheduler's copy, where
    scattered data would be gone, and every learner waiting for it cancelled."""
    digest = hashlib.sha256(f"{payload.digest}{payload.masked}".encode()).hexdigest()
    return client.submit(the_course, payload, key=f"grader-course-{digest[:32]}", retries=RETRIES)


class _Sender:
    """Reads the next learner and sends it to the cluster, keeping track of what runs."""

    def __init__(
        self,
        client: Client,
        payload: Future,
        course: Course,
        allow_weak: bool,
        tasks: Iterator[T],
    ) -> None:
        self.client, self.payload, self.course = client, payload, course
        # Each module's limits as this run has them (options included): a worker reads the
        # course's files, not this process's overrides.
        self.limits = {m.name: asdict(m.limits) for m in course.modules}
        self.allow_weak, self.tasks = allow_weak, tasks
        self.running: dict[Future, Any] = {}
        self.run = uuid.uuid4().hex  # another run's outcome, an error say, is never taken

    def send(self, finished: Any) -> None:
        task = next(self.tasks, None)
        if task is None:
            return
        parcel = read_parcel(
            task.learner,
            [self.course.module(m) for m in task.modules],
            InstructorFiles.of(self.course),
        )
        future = self.client.submit(
            grade_on_worker,
            self.payload,
            parcel,
            task.modules,
            self.limits,
            self.allow_weak,
            key=self._key(parcel, task),
            retries=RETRIES,
        )
        self.running[future] = task
        finished.add(future)

    def _key(self, parcel: Parcel, task: LearnerTask) -> str:
        """One key per learner and run: a task Dask runs twice is still one result."""
        digest = hashlib.sha256(parcel.digest.encode())
        digest.update(
            repr(
                (
                    task.modules,
                    sorted(self.limits.items()),
                    self.allow_weak,
                    self.payload.key,
                    self.run,
                )
            ).encode()
        )
        return f"grade-{digest.hexdigest()[:32]}"


def _in_flight(client: Client) -> int:
    threads = sum(client.nthreads().values())
    return max(MIN_IN_FLIGHT, IN_FLIGHT_PER_THREAD * threads)


def _received(
    future: Future, task: LearnerTask, distributed: Any, *, caught: bool
) -> WorkerResult | str:
    """What the worker sent back; else why there is nothing: the task killed every worker it
    was given, or (when `caught`) raised on the learner's data on every try."""
    try:
        result: WorkerResult = future.result()
    except distributed.KilledWorker:
        return "grading it ended Dask worker after worker"
    except distributed.CancelledError:
        raise ClusterError(
            f"the Dask cluster dropped the grading of {task.learner.learner} "
            "(the scheduler was lost or restarted); the learners graded so far "
            "are kept: run the same command again"
        ) from None
    except Exception as error:
        if not caught or isinstance(error, ClusterError):  # a weak worker: the cluster's
            raise
        return f"grading it raised {type(error).__name__}: {error}"
    return result


def _check_worker(received: WorkerResult, isolation: IsolationLevel | None) -> None:
    """A worker that joined after the start must grade as those asked at the start."""
    if received.grader != __version__:
        raise ClusterError(
            f"the Dask worker {received.worker} has grader {received.grader}, "
            f"this machine {__version__}: install the same grader on every "
            "worker, then run the same command again"
        )
    if isolation is None:
        return
    graded = received.isolation_level()
    if graded.below(isolation):
        raise ClusterError(
            f"the Dask worker {received.worker} graded at {graded.level.upper()} "
            f"isolation, below the {isolation.level} level this run records (it "
            "joined after the start?); grade on workers of one level, then run "
            "the same command again"
        )
