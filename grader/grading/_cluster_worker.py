"""The worker side of grading on a Dask cluster: what travels, and what a worker does with it.

A worker receives the course once (a `CoursePayload`: the bytes of its stubs, checks, reference
solutions and mistakes) and, per task, one learner's files as bytes (a `Parcel`). It writes
both into private folders (mode 0700) under one root that the sandbox masks for every job,
grades the learner exactly as a local worker does, removes the learner's folder and answers
with plain data.
This module is trusted code, like grader.grading.pool: learner code still runs only in the
sandbox's child processes, which never see these folders. It imports no Dask, so that it can be
tested and reasoned about without a cluster, and grades with grader.grading.learner, as a
local worker does, never with the class pipeline that starts Dask runs.
"""

from __future__ import annotations

import atexit
import contextlib
import dataclasses
import fcntl
import hashlib
import os
import shutil
import socket
import tempfile
from collections.abc import Iterator, Mapping
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path
from typing import Any

from grader import __version__
from grader.checks.run import ModuleChecks, module_checks
from grader.course import Course, Module, load_course
from grader.errors import BadInput
from grader.grading.learner import grade_learner
from grader.load import LearnerFiles, Submission, read_submission, refuse_instructor_files
from grader.load.instructor_only import InstructorFiles
from grader.load.submission import SUFFIXES
from grader.results import IsolationLevel, LearnerResult
from grader.sandbox import reaper
from grader.sandbox.isolation import Isolation, assess, interpreter_paths, plan_for
from grader.sandbox.limits import Limits
from grader.sandbox.zygote import zygote_for

__all__ = [
    "ClusterError",
    "CoursePayload",
    "Parcel",
    "WorkerResult",
    "describe_worker",
    "grade_on_worker",
    "the_course",
]

MAX_SLOTS = 64  # learner jobs run as uid 61000 + slot: the range the sandbox reserves
MAX_NEAR_MISSES = 32  # names of misnamed files a learner folder may send (names only)
COURSES_KEPT = 2  # courses materialised per worker process: this run's and the one before


class ClusterError(BadInput):
    """The Dask cluster cannot be used for grading; the message says what to do."""


@dataclass(frozen=True, eq=False)
class CoursePayload:
    """The course as it travels: each file's bytes by its path in the course folder, built once
    by the client and put on the cluster once, by one task, so workers need no course checkout.

    `masked` are the client's instructor-only paths (solutions, submissions, output folder,
    gradebook): a worker on the client's own machine masks them from learner code too."""

    files: Mapping[str, bytes]
    masked: tuple[str, ...] = ()

    @cached_property
    def digest(self) -> str:
        digest = hashlib.sha256()
        for name in sorted(self.files):
            data = self.files[name]
            digest.update(f"{name}\0{len(data)}\0".encode())
            digest.update(data)
        return digest.hexdigest()


@dataclass(frozen=True)
class Parcel:
    """One learner's files as they travel: the bytes of each module file that could be read,
    why each other one cannot be used (a link, too large: as the client's safe reader found),
    and the names of misnamed files (`Regression.py`), which the report mentions."""

    learner: str
    files: Mapping[str, bytes] = field(default_factory=dict)
    problems: Mapping[str, str] = field(default_factory=dict)
    near_misses: tuple[str, ...] = ()

    @property
    def digest(self) -> str:
        digest = hashlib.sha256(self.learner.encode())
        for name, data in sorted(self.files.items()):
            digest.update(f"\0{name}\0{len(data)}\0".encode())
            digest.update(data)
        digest.update(repr((sorted(self.problems.items()), self.near_misses)).encode())
        return digest.hexdigest()


@dataclass(frozen=True)
class WorkerResult:
    """What a worker sends back for one learner: plain data, and the level it graded at."""

    result: dict[str, Any]  # LearnerResult.to_dict(), which leaves the learner's code out
    sources: dict[str, str]  # module -> the learner's code, for the gradebook and the reports
    isolation: dict[str, Any]  # IsolationLevel.to_dict() of the worker's machine
    worker: str  # which machine and process graded it, for messages
    grader: str  # the grader version of the worker

    def isolation_level(self) -> IsolationLevel:
        return IsolationLevel.from_dict(self.isolation)

    def learner_result(self) -> LearnerResult:
        result = LearnerResult.from_dict(self.result)
        modules = (m.with_source(self.sources.get(m.module, "")) for m in result.modules)
        return dataclasses.replace(result, modules=tuple(modules))


# -- the task ---------------------------------------------------------------------------------


# Every job of a worker process runs on this one thread: a zygote dies with the thread that
# started it (PR_SET_PDEATHSIG), and it answers one job at a time, whatever --nthreads says.
_GRADING = ThreadPoolExecutor(max_workers=1, thread_name_prefix="grader")


def the_course(payload: CoursePayload) -> CoursePayload:
    """The Dask task that puts the course on the cluster: the payload travels in it."""
    return payload


def grade_on_worker(
    payload: CoursePayload,
    parcel: Parcel,
    modules: tuple[str, ...],
    limits: Mapping[str, Mapping[str, Any]],
    allow_weak: bool,
) -> WorkerResult:
    """The Dask task: grade one learner's `modules` with the course's public and hidden checks.

    Pure and idempotent (nothing is kept but a cache of the course), so Dask may run it again
    on another worker when this one dies."""
    host = _Host.here()  # Dask tells which worker this is on its own thread only
    return _GRADING.submit(
        _grade,
        payload,
        parcel,
        modules,
        {name: Limits(**values) for name, values in limits.items()},
        allow_weak,
        host,
    ).result()


def describe_worker(dask_worker: Any = None) -> dict[str, Any]:
    """What the client checks before it sends work (`Client.run` passes `dask_worker`): the
    grader's version, and the level learner code runs at here."""
    host = _Host.of(dask_worker)
    return {
        "grader": __version__,
        "isolation": assess().level_reached().to_dict(),
        "worker": host.name,
    }


@dataclass(frozen=True)
class _Host:
    """The Dask worker a task runs in, when it runs in one."""

    name: str  # its address, machine and process, for messages
    directory: str | None  # Dask's own folder for this worker

    @classmethod
    def here(cls) -> _Host:
        try:
            from distributed import get_worker

            return cls.of(get_worker())
        except (ImportError, ValueError):
            return cls.of(None)

    @classmethod
    def of(cls, worker: Any) -> _Host:
        where = f"{socket.gethostname()}, pid {os.getpid()}"
        if worker is None:
            return cls(where, None)
        return cls(f"{worker.address} ({where})", str(worker.local_directory))


def _grade(
    payload: CoursePayload,
    parcel: Parcel,
    modules: tuple[str, ...],
    limits: Mapping[str, Limits],
    allow_weak: bool,
    host: _Host,
) -> WorkerResult:
    isolation = _refuse_weak(assess(), allow_weak, host)
    worker = _worker(host)
    course, checks = worker.course(payload)
    course = course.with_module_limits(limits)
    with worker.learner_folder(parcel) as learner:
        plan = plan_for(worker.masks(payload, course, learner.folder), slot=worker.slot)
        zygote_for(plan, course.limits, warm=True)  # a worker grades many files: warm its zygote
        result = grade_learner(learner, course=course, checks=checks, plan=plan, modules=modules)
    sources = {m.module: m.source for m in result.modules if m.source}
    return WorkerResult(
        result.to_dict(), sources, isolation.level_reached().to_dict(), host.name, __version__
    )


def _refuse_weak(isolation: Isolation, allow_weak: bool, host: _Host) -> Isolation:
    if not isolation.hidden_checks_protected and not allow_weak:
        raise ClusterError(
            f"the Dask worker {host.name} would run learner code at WEAK "
            f"isolation, where it could {isolation.open[0]}; run `grader "
            "doctor` on that machine to see why, or pass --allow-weak-isolation "
            "to grade anyway (only code you trust)"
        )
    return isolation


# -- this worker process ----------------------------------------------------------------------


@dataclass(frozen=True)
class _ShippedLearner(LearnerFiles):
    """A learner's files as written on the worker, with the problems the client found."""

    problems: Mapping[str, str] = field(default_factory=dict)

    def submissions(
        self, module: Module, *, instructor: InstructorFiles | None = None
    ) -> list[Submission]:
        found = []
        for name in (f"{module.name}{suffix}" for suffix in SUFFIXES):
            if name in self.problems:
                found.append(
                    Submission(module.name, self.folder / name, problem=self.problems[name])
                )
            elif (submission := read_submission(self.folder / name, module.name)).path:
                # by text only: the files here are copies of the learner's
                found.append(refuse_instructor_files(submission, instructor, self.folder))
        return found


class _Worker:
    """This worker process's part: its sandbox slot, its private folder, the courses it holds."""

    def __init__(self, host: _Host) -> None:
        reaper.become_subreaper()  # what escapes a job comes back here, as in a local worker
        self.slot = _take_slot()
        self.root = _workers_root()
        self.folder = Path(tempfile.mkdtemp(prefix=f"{os.getpid()}-", dir=self.root))
        atexit.register(shutil.rmtree, self.folder, True)
        self.dask_folder = _dask_folder(host)
        self._courses: dict[str, tuple[Course, dict[str, ModuleChecks]]] = {}

    def course(self, payload: CoursePayload) -> tuple[Course, dict[str, ModuleChecks]]:
        """The course, written out and its checks collected once per payload."""
        if payload.digest not in self._courses:
            root = self.folder / f"course-{payload.digest[:16]}"
            shutil.rmtree(root, ignore_errors=True)  # what a failed attempt left
            course = load_course(_write_course(payload, root))
            self._courses[payload.digest] = (
                course,
                {m.name: module_checks(m, hidden=True) for m in course.modules},
            )
            self._forget_old_courses()
        return self._courses[payload.digest]

    def _forget_old_courses(self) -> None:
        while len(self._courses) > COURSES_KEPT:
            course, _ = self._courses.pop(next(iter(self._courses)))
            shutil.rmtree(course.root, ignore_errors=True)

    @contextlib.contextmanager
    def learner_folder(self, parcel: Parcel) -> Iterator[_ShippedLearner]:
        """The learner's files in a folder of their own, removed when graded."""
        folder = Path(tempfile.mkdtemp(prefix="learner-", dir=self.folder))
        try:
            for name, data in parcel.files.items():
                _write_private(folder / _plain_name(name), data)
            for name in parcel.near_misses[:MAX_NEAR_MISSES]:
                if name not in parcel.files:  # only the name counts: `found Regression.py`
                    _write_private(_near_miss_path(folder, name), b"")
            yield _ShippedLearner(parcel.learner, folder, dict(parcel.problems))
        finally:
            shutil.rmtree(folder, ignore_errors=True)

    def masks(self, payload: CoursePayload, course: Course, learner: Path) -> list[Path]:
        """Everything instructor-only on this machine: every grading worker's folder (this
        one's course and learner, and those of the other workers here), where Dask may spill
        data, and the client's folders, where they exist here."""
        own = [self.root, self.folder, course.root, learner]
        dask = [self.dask_folder] if self.dask_folder else []
        return own + [path for path in (*dask, *map(Path, payload.masked)) if _maskable(path)]


_current: _Worker | None = None


def _worker(host: _Host) -> _Worker:
    global _current
    if _current is None:  # only the grading thread gets here
        _current = _Worker(host)
    return _current


def _workers_root() -> Path:
    """The folder of every grading worker of this user on this machine, masked as a whole:
    a job sees no worker's copy of the course, its own worker's or another's. Folders of
    workers that are gone (killed before they could clean up) are removed."""
    root = Path(tempfile.gettempdir()) / f"grader-workers-{os.geteuid()}"
    root.mkdir(mode=0o700, exist_ok=True)
    if root.is_symlink() or root.stat().st_uid != os.geteuid():
        raise ClusterError(
            f"{root} is not this user's own folder: remove it, then start the Dask worker again"
        )
    root.chmod(0o700)
    for folder in root.iterdir():
        owner = folder.name.split("-", 1)[0]
        if owner.isdigit() and not os.path.exists(f"/proc/{owner}"):
            shutil.rmtree(folder, ignore_errors=True)
    return root


def _dask_folder(host: _Host) -> Path | None:
    """Where Dask keeps this worker's files (spilled data among them): the folder of every
    worker of this machine when it is Dask's usual one, else this worker's."""
    if host.directory is None:
        return None
    folder = Path(host.directory)
    return folder.parent if folder.parent.name == "dask-scratch-space" else folder


def _take_slot() -> int:
    """A sandbox slot no other grading process on this machine holds (its uid and cgroup are
    the slot's): a lock file per slot, held until this process ends, however it ends."""
    folder = Path(tempfile.gettempdir()) / f"grader-slots-{os.geteuid()}"
    folder.mkdir(mode=0o700, exist_ok=True)
    for slot in range(MAX_SLOTS):
        fd = os.open(folder / f"slot{slot}.lock", os.O_RDWR | os.O_CREAT | os.O_NOFOLLOW, 0o600)
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            os.close(fd)
            continue
        os.set_inheritable(fd, False)
        return slot  # the descriptor stays open, and the lock held, for the process's life
    raise ClusterError(
        f"more than {MAX_SLOTS} grading processes on {socket.gethostname()}: "
        "start fewer Dask workers there"
    )


def _write_course(payload: CoursePayload, root: Path) -> Path:
    root.mkdir(mode=0o700)
    for name, data in payload.files.items():
        path = root / _relative(name)
        path.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
        _write_private(path, data)
    return root


def _write_private(path: Path, data: bytes) -> None:
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL | os.O_NOFOLLOW, 0o600)
    with os.fdopen(fd, "wb") as handle:
        handle.write(data)


def _near_miss_path(folder: Path, name: str) -> Path:
    """Where a misnamed or misplaced file's empty stand-in goes: in the learner's folder, or in
    one subfolder of it (`homework/regression.py`), as near_misses names them."""
    sub, _, file = name.rpartition("/")
    if not sub:
        return folder / _plain_name(file)
    (folder / _plain_name(sub)).mkdir(exist_ok=True)
    return folder / sub / _plain_name(file)


def _plain_name(name: str) -> str:
    if not name or "/" in name or "\0" in name or name in (".", ".."):
        raise ValueError(f"not a file name: {name!r}")
    return name


def _relative(name: str) -> Path:
    path = Path(name)
    if path.is_absolute() or ".." in path.parts or not path.parts:
        raise ValueError(f"not a path inside the course: {name!r}")
    return path


def _maskable(path: Path) -> bool:
    """A path that exists here and can be masked without hiding the interpreter or the
    sandbox's scratch folders (another machine may lay its folders out differently)."""
    if not path.exists():
        return False
    found = os.path.realpath(path)
    return not (
        _within(os.path.realpath(tempfile.gettempdir()), found)
        or any(_within(found, p) or _within(p, found) for p in interpreter_paths())
    )


def _within(path: str, folder: str) -> bool:
    return path == folder or path.startswith(folder.rstrip("/") + "/")
