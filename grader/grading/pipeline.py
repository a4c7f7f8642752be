"""A whole class graded in one run: the learners read, their changed modules graded by this
machine's workers or a Dask cluster's, every attempt recorded, then published.

    load (grader.load) -> grade each learner (grader.grading.learner, in grader.grading.pool's
    workers or grader.grading.cluster's) -> gradebook (grader.gradebook) -> exports
    (results.json, grades.csv) and reports (HTML), by grader.grading.publish

The command line, the tests and the benchmarks call `grade_class`.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Generator, Iterable, Iterator
from contextlib import closing, contextmanager
from dataclasses import asdict, dataclass, field, replace
from functools import partial
from pathlib import Path
from typing import Any

from grader import __version__
from grader.checks.run import module_checks
from grader.course import Course, load_course
from grader.course.lateness import (
    Extension,
    LatenessError,
    Manifest,
    read_extensions,
    read_manifest,
)
from grader.errors import BadInput
from grader.gradebook import Entry, Gradebook, Releases, Run
from grader.grading.boundary import AGAIN, Boundary, unfinished
from grader.grading.changes import Changes
from grader.grading.class_list import admit
from grader.grading.fingerprints import checks_fingerprint
from grader.grading.graded import Graded
from grader.grading.learner import Grading, LearnerTask
from grader.grading.pool import Workers, grade_locally
from grader.grading.publish import prepare as prepare_publishing
from grader.grading.publish import publish
from grader.grading.quizzes import QuizRun
from grader.load import LearnerFiles, find_learners
from grader.load.learner_ids import learner_id
from grader.load.roster import read_roster
from grader.results import IsolationLevel, LearnerResult
from grader.sandbox.isolation import Isolation, assess
from grader.sandbox.limits import Limits

__all__ = ["ClassRun", "Progress", "grade_class"]

# (learners graded so far, learners this run grades, the latest): unchanged ones do not count
Progress = Callable[[int, int, LearnerResult], None]


def _quiet(done: int, total: int, learner: LearnerResult) -> None:
    pass


def grade_class(
    submissions: Path,
    *,
    out: Path,
    course: Course | None = None,
    jobs: int | None = None,
    limits: Limits | None = None,
    progress: Progress | None = None,
    allow_weak_isolation: bool = False,
    db: Path | None = None,
    regrade: bool = False,
    manifest: Path | None = None,
    extensions: Path | None = None,
    scheduler: str | None = None,
    roster: Path | None = None,
) -> Graded:
    """Grade every learner folder in `submissions` with public and hidden checks, keep every
    attempt in the gradebook (`db`, by default `out/gradebook.sqlite`), write the results, the
    grades and the reports into `out`, and return what was graded.

    A learner's module whose files and checks are as at its latest attempt is not graded
    again unless `regrade`; each learner's results are committed as soon as they are
    produced, so a run killed at any moment goes on where it stopped when started again.
    `manifest` gives submission times (else files' modification times); `extensions`
    replaces the extensions the gradebook keeps, and `roster` its roster (who is graded, and
    every learner on it in every output: grader.grading.class_list). With `scheduler`
    (`tcp://HOST:PORT`, or `local:N`), learners are graded on a Dask cluster; this process
    alone still writes."""
    started = time.monotonic()
    if scheduler and jobs:
        raise BadInput(
            "--jobs sets how many processes grade on this machine and --scheduler "
            "sends the grading to a Dask cluster's workers: give one of them"
        )
    course = course or load_course()
    if limits is not None:  # the same limits for every module, as the caller asks
        course = course.with_limits(**asdict(limits))
    learners = [replace(lf, learner=learner_id(lf.learner)) for lf in find_learners(submissions)]
    with _cluster(scheduler) as client:
        class_run = ClassRun(
            submissions=submissions,
            out=out,
            db=db or out / "gradebook.sqlite",
            course=course,
            jobs=jobs,
            progress=progress or _quiet,
            allow_weak=allow_weak_isolation,
            regrade=regrade,
            manifest=manifest,
            extensions=extensions,
            roster=roster,
            client=client,
            started=started,
            isolation=_run_isolation(client, allow_weak_isolation),
        )
        return _grade_class(class_run, learners)


@dataclass(frozen=True, kw_only=True)
class ClassRun:
    """One run over a class, as `grade_class` was asked for it: built once, when the run has
    its cluster (if any) and knows the isolation it grades at, and read by every step below."""

    submissions: Path
    out: Path
    db: Path  # the gradebook
    course: Course  # each module's limits as this run has them (Module.limits)
    jobs: int | None  # processes grading on this machine (None: default_jobs())
    progress: Progress
    allow_weak: bool  # learner code may run at weak isolation
    regrade: bool
    manifest: Path | None  # submission times, else the files' modification times
    extensions: Path | None  # replaces the extensions the gradebook keeps
    roster: Path | None  # replaces the roster the gradebook keeps
    client: Any  # a Dask client, when learners are graded on a cluster; else None
    isolation: IsolationLevel  # the level learner code runs at, as the run records it
    started: float  # time.monotonic() when the run was asked for

    @property
    def protected(self) -> tuple[Path, ...]:
        """The instructor folders learner code must not see: the course's solutions, the
        submissions, the output and the gradebook."""
        return (
            self.course.root / "solutions",
            self.submissions,
            self.out,
            *_gradebook_files(self.db),
        )

    def grading(self, learners: list[LearnerFiles]) -> Grading:
        """What every worker of this machine needs to grade `learners`; built before they
        fork."""
        return Grading.prepare(self.course, protected=self.protected, learners=learners)


def _grade_class(class_run: ClassRun, learners: list[LearnerFiles]) -> Graded:
    """The run itself: its inputs checked, then grading, recording and publishing."""
    submissions, out, db = class_run.submissions, class_run.out, class_run.db
    _refuse_writing_into(submissions, out, "the output folder", "--out")
    _refuse_writing_into(submissions, db.parent, "the gradebook", "--db")
    times = read_manifest(class_run.manifest) if class_run.manifest else None
    granted = (
        _checked_extensions(read_extensions(class_run.extensions), class_run.course)
        if class_run.extensions
        else None
    )
    roster = read_roster(class_run.roster) if class_run.roster else None
    out.mkdir(parents=True, exist_ok=True)
    with Gradebook.open(db, create=True, writer="grade") as book:
        if granted is not None:
            book.replace_extensions(granted)
        Releases(book).replace_policies({m.name: m.feedback for m in class_run.course.modules})
        admitted = admit(book, learners, roster)
        with _early_workers(class_run, admitted.learners, book) as workers:
            recording = _Recording.start(book, class_run, admitted.learners, times)
            _grade_changes(recording, admitted.learners, class_run, workers)
            book.finish_run(recording.run, graded=recording.graded, reused=recording.reused)
    published = publish(db, out, course_title=class_run.course.title, jobs=class_run.jobs)
    return Graded(
        out,
        time.monotonic() - class_run.started,
        db,
        published,
        recording.graded,
        recording.reused,
        troubles=tuple(recording.boundary.troubles),
        undated=tuple(m.name for m in class_run.course.modules if m.feedback.undated),
        admitted=admitted,
    )


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


@dataclass
class _Recording:
    """The run as the gradebook takes it: each learner recorded as soon as their results come,
    the modules graded and kept counted, and who could not be handled as usual."""

    book: Gradebook
    run: Run
    changes: Changes
    quizzes: QuizRun
    boundary: Boundary = field(default_factory=Boundary)
    graded: int = 0  # learner modules graded in this run
    reused: int = 0  # unchanged since their latest attempt: kept from the gradebook

    @classmethod
    def start(
        cls,
        book: Gradebook,
        class_run: ClassRun,
        learners: list[LearnerFiles],
        manifest: Manifest | None,
    ) -> _Recording:
        """The run started in the gradebook, and what changed since its latest attempts."""
        course = class_run.course
        quizzes = QuizRun.start(course, book.latest_quizzes(), regrade=class_run.regrade)
        run = book.start_run(
            submissions=class_run.submissions,
            out=class_run.out,
            regrade=class_run.regrade,
            course_title=course.title,
            modules=course.module_names,
            isolation=class_run.isolation,
            grader_version=__version__,
            quizzes=quizzes.quizzes,
        )
        changes = Changes.scan(
            learners,
            course=course,
            latest=book.latest(),
            run=run,
            fingerprints=_fingerprints(course),
            manifest=manifest,
            extensions=book.extensions(),
        )
        return cls(book, run, changes, quizzes)

    def record(self, learner: LearnerFiles, graded: LearnerResult | None) -> None:
        """Record a learner, graded now or (None) unchanged; quizzes that changed are graded
        here, in the grader's process, as the learner is recorded."""

        def attempt() -> list[Entry]:
            entries = self.changes.entries(learner, graded)
            quiz_entries = self.boundary.attempt(
                learner.learner, "grading the quizzes", lambda: self.quizzes.entries(learner)
            )
            self.book.record(self.run, learner.learner, entries, quiz_entries or ())
            return entries

        entries = (
            self.boundary.attempt(
                learner.learner, "recording", attempt, partial(self._unrecordable, learner)
            )
            or []
        )
        fresh = sum(e.result is not None for e in entries)
        self.graded, self.reused = self.graded + fresh, self.reused + len(entries) - fresh

    def _unrecordable(self, learner: LearnerFiles, why: str) -> list[Entry]:
        """What the gradebook keeps of a learner whose results it could not take: an error
        for each module, so that reports and later runs show them rather than stopping on
        them."""
        message = "Your results could not be recorded, so they are not shown here. " + AGAIN
        course = self.changes.course
        max_scores = {m.name: module_checks(m, hidden=True).max_score for m in course.modules}
        error = unfinished(
            learner.learner, course.module_names, max_scores, why=why, message=message
        )
        entries = [
            Entry(m.module, result=m, checks_fingerprint=self.changes.fingerprints[m.module])
            for m in error.modules
        ]
        self.book.record(self.run, learner.learner, entries)
        return entries


def _grade_changes(
    recording: _Recording,
    learners: Iterable[LearnerFiles],
    class_run: ClassRun,
    workers: Workers | None,
) -> None:
    """Record the unchanged learners at once, grade the others and record each of them as
    soon as they are graded."""
    tasks, boundary = [], recording.boundary
    for learner in learners:
        if modules := boundary.attempt(
            learner.learner, "reading", partial(recording.changes.to_grade, learner)
        ):
            tasks.append(LearnerTask(learner, modules))
        else:
            recording.record(learner, None)
    if tasks:
        with closing(_graded(tasks, class_run, workers)) as results:
            for done, (task, graded) in enumerate(results, 1):
                boundary.graded(graded)
                recording.record(task.learner, graded)
                class_run.progress(done, len(tasks), graded)
                if done == 1:  # the workers are busy now: get the publishing ready meanwhile
                    prepare_publishing()


def _graded(
    tasks: list[LearnerTask], class_run: ClassRun, workers: Workers | None
) -> Generator[tuple[LearnerTask, LearnerResult], None, None]:
    """Each task with its result, graded by local workers or on the Dask cluster."""
    if workers is not None:
        yield from workers.grade(tasks)
    elif class_run.client is None:
        grading = class_run.grading([task.learner for task in tasks])
        yield from grade_locally(tasks, grading=grading, jobs=class_run.jobs)
    else:
        yield from _graded_on_cluster(tasks, class_run)


def _graded_on_cluster(
    tasks: list[LearnerTask], class_run: ClassRun
) -> Generator[tuple[LearnerTask, LearnerResult], None, None]:
    from grader.grading.cluster import grade_on_cluster

    def lost(task: LearnerTask, why: str) -> LearnerResult:
        max_scores = {
            m: module_checks(class_run.course.module(m), hidden=True).max_score
            for m in task.modules
        }
        return unfinished(
            task.learner.learner,
            task.modules,
            max_scores,
            why=why,
            message="The grader could not grade your files: its own process "
            "failed on them, again and again. " + AGAIN,
        )

    for task, result, _ in grade_on_cluster(
        tasks,
        client=class_run.client,
        course=class_run.course,
        protected=class_run.protected,
        allow_weak=class_run.allow_weak,
        isolation=class_run.isolation,
        lost=lost,
    ):
        yield task, result


@contextmanager
def _early_workers(
    class_run: ClassRun, learners: list[LearnerFiles], book: Gradebook
) -> Iterator[Workers | None]:
    """This machine's workers, started now when the run will grade every learner (a first
    run, or --regrade), so that they boot while the gradebook is scanned; else none yet (a
    run that grades nothing should not start them)."""
    if class_run.client is not None or not learners or not (class_run.regrade or book.is_empty()):
        yield None
        return
    workers = Workers(class_run.grading(learners), jobs=class_run.jobs, tasks=len(learners))
    try:
        yield workers
    finally:
        workers.close()


def _gradebook_files(db: Path) -> tuple[Path, ...]:
    """The gradebook and the files SQLite keeps beside it: masked wherever they are."""
    return tuple(db.with_name(db.name + suffix) for suffix in ("", "-wal", "-shm", ".lock"))


def _fingerprints(course: Course) -> dict[str, str]:
    return {m.name: checks_fingerprint(m, __version__) for m in course.modules}


def _checked_extensions(extensions: tuple[Extension, ...], course: Course) -> tuple[Extension, ...]:
    for extension in extensions:
        if extension.module != "*" and extension.module not in course.module_names:
            raise LatenessError(
                f"extension for {extension.learner}: no module "
                f"{extension.module!r} (the modules are "
                f"{', '.join(course.module_names)}, or * for all)"
            )
    return extensions


def _isolation_for_hidden_checks(allow_weak: bool) -> Isolation:
    isolation = assess()
    if not isolation.hidden_checks_protected and not allow_weak:
        raise BadInput(
            "learner code would run at WEAK isolation on this machine, where it "
            f"could {isolation.open[0]}; run `grader doctor` to see why, or pass "
            "--allow-weak-isolation to grade anyway (only code you trust)"
        )
    return isolation


def _refuse_writing_into(submissions: Path, folder: Path, what: str, option: str) -> None:
    inside = folder.resolve()
    if inside == submissions.resolve() or submissions.resolve() in inside.parents:
        raise BadInput(
            f"{what} {folder} is inside the submissions folder "
            f"{submissions}; the submissions are never written to: choose {option}"
        )
