"""Write a class where the instructor reads it: results.json, grades.csv, the class summary and
each learner's feedback page, from the gradebook, every file atomically.

The class is streamed: processes each read a share of the learners from the gradebook, one
at a time, and render their pages; this process writes results.json and grades.csv as the
learners come back, in order, and folds each into the class summary. Nothing holds the whole
class, so the memory this takes does not grow with the class.

Learners' pages show what grader.results.release lets them see before their modules' feedback
is released; results.json, grades.csv and the class summary are the instructor's, and hold
everything (results.json says of each module whether its feedback is released).

A learner's page shows a project's leaderboards, ranked from the whole class before any page
is written (only what the release rule lets learners see, only their own rows saying whose).
It is rendered again only when what it shows changed (their results, attempts, overrides,
lateness, the release of feedback, the class's leaderboards, the course title, or the report
code), and the class files only when a page did, so that re-running a large class that barely
changed stays fast; `learners/.published.json` remembers what each page shows, and is written
last.
"""

from __future__ import annotations

import hashlib
import json
import multiprocessing
import os
from collections import deque
from collections.abc import Iterator
from concurrent.futures import Future, ProcessPoolExecutor
from dataclasses import dataclass, replace
from datetime import datetime
from functools import cache, partial
from pathlib import Path

from grader import __version__
from grader._atomic import AtomicFile, sync_folder, write_atomic
from grader.exports._results import (
    grades_csv_head,
    grades_csv_row,
    results_json_head,
    results_json_learner,
    results_json_tail,
)
from grader.gradebook import Gradebook, latest_evaluations
from grader.grading.boundary import AGAIN, Boundary, Trouble, unfinished
from grader.load.instructor_only import refused_as_not_own_work
from grader.load.learner_ids import file_stem
from grader.reports import (
    ClassBoards,
    ClassTally,
    LearnerRecord,
    class_boards,
    render_learner_html,
    summary_html_pieces,
)
from grader.reports import prepare as prepare_reports
from grader.reports.html import isolation_words
from grader.results import ALL_RELEASED, ClassResult, FeedbackRelease, LearnerResult, ModuleStatus

__all__ = ["Published", "prepare", "publish", "refresh_outputs"]

PUBLISHED = ".published.json"
CLASS = ""  # the key, in PUBLISHED, of what the class files show
CLASS_FILES = ("results.json", "grades.csv", "index.html")
LEARNERS_PER_TASK = 16  # a process's share at a time; fewer learners are done right here


@dataclass(frozen=True)
class Published:
    """What the published class holds, counted as it was written."""

    learners: int = 0
    files: int = 0  # module files handed in
    late: int = 0  # modules handed in late
    unknown: int = 0  # modules not in the manifest: lateness unknown
    grader_errors: int = 0  # checks and quiz questions that failed inside the grader
    rendered: int = 0  # learner pages written this time
    unverified: int = 0  # modules whose handed-in time is a file's modification time
    not_own_work: tuple[tuple[str, str], ...] = ()  # (learner, file) refused as instructor's
    troubles: tuple[Trouble, ...] = ()  # learners whose results could not be published
    release: FeedbackRelease = ALL_RELEASED  # the modules whose details learners wait for


def publish(
    db: Path,
    out: Path,
    *,
    course_title: str,
    jobs: int | None = 1,
    now: datetime | None = None,
) -> Published:
    """Write every file of the output folder for the gradebook at `db` (the class files only
    when something changed); learners' pages are rendered by `jobs` processes (None: one per
    core), with the feedback released at `now` (the current time when not given)."""
    with Gradebook.open(db) as book:
        header, names = book.class_header(__version__), book.learner_names()
        release = book.feedback_release(now)
        boards = _boards(book, names, header.modules, release)
    shown = _read_published(out / "learners")
    isolation = isolation_words(header.isolation)
    task = _Task(db, out, course_title, isolation, header, shown, release, boards)
    return replace(_publish(task, names, jobs), release=release)


def refresh_outputs(
    book: Gradebook, out: Path | None = None, now: datetime | None = None
) -> Path | None:
    """Write the output folder again from the gradebook after a change made without grading
    (an override, a release, a review collected): `out`, by default the last `grader grade`'s
    when it still exists; None when there is nothing to write."""
    last = book.last_run()
    if last is None or (out is None and not last.out.is_dir()):
        return None
    folder = out or last.out
    publish(book.path, folder, course_title=last.course_title, now=now)
    return folder


def _boards(
    book: Gradebook, names: list[str], modules: tuple[str, ...], release: FeedbackRelease
) -> ClassBoards:
    """The projects' leaderboards every learner's page shows: the learners of the class, from
    what the release lets them see."""
    in_class = set(names)
    found = latest_evaluations(book, modules)
    return class_boards(
        (row for row in found if row[0] in in_class), modules=modules, release=release
    )


def _publish(task: _Task, names: list[str], jobs: int | None) -> Published:
    out, header, shown = task.out, task.header, task.shown
    tally = ClassTally(header.modules, header.quizzes)
    keys: dict[str, str] = {}
    counts = Published()
    with AtomicFile(out / "results.json") as results, AtomicFile(out / "grades.csv") as grades:
        results.write(results_json_head(header))
        grades.write(grades_csv_head(header))
        for index, page in enumerate(_pages(task, names, jobs)):
            results.write((",\n" if index else "") + page.json)
            grades.write(page.csv)
            tally.add(page.record)
            keys[page.learner] = page.key
            counts = page.counted(counts)
        results.write(results_json_tail(header))
        whole = _key({"pages": keys, "modules": header.modules, "grader": __version__})
        if (
            not counts.rendered
            and shown.get(CLASS) == whole
            and all((out / name).is_file() for name in CLASS_FILES)
        ):
            return counts  # nothing changed: the class files stay as they are
        results.commit()
        grades.commit()
    with AtomicFile(out / "index.html") as summary:
        for piece in summary_html_pieces(
            tally.summary(),
            course_title=task.course_title,
            isolation=task.isolation,
            grader_version=__version__,
        ):
            summary.write(piece)
        summary.commit()
    if counts.rendered:  # the pages reach the disk before the file that says they are there
        sync_folder(out / "learners")
    _drop_pages(out / "learners", [name for name in shown if name != CLASS and name not in keys])
    write_atomic(
        out / "learners" / PUBLISHED,
        json.dumps({**keys, CLASS: whole}, indent=0, sort_keys=True) + "\n",
    )
    return counts


def prepare() -> None:
    """Compile the report templates in this process, before it forks the processes that
    publish: about 0.2 s of CPU once, instead of once in each of them. Best called while
    workers grade, when this process only waits."""
    prepare_reports()


@dataclass(frozen=True)
class _Task:
    """What every process publishing a share of the class needs."""

    db: Path
    out: Path
    course_title: str
    isolation: str
    header: ClassResult  # the class without its learners: modules, quizzes, isolation
    shown: dict[str, str]  # what each page showed when it was last written
    release: FeedbackRelease = ALL_RELEASED  # what learners may see of each module
    boards: ClassBoards = ClassBoards()  # the projects' leaderboards, as learners see them


@dataclass(frozen=True)
class _Page:
    """One learner, published: their page written if it changed, their lines of the class
    files, and what they add to the class summary."""

    learner: str
    key: str
    rendered: bool
    json: str
    csv: str
    record: LearnerRecord
    files: int
    late: int
    unknown: int
    grader_errors: int
    unverified: int = 0
    not_own_work: tuple[tuple[str, str], ...] = ()
    trouble: Trouble | None = None

    def counted(self, counts: Published) -> Published:
        return Published(
            counts.learners + 1,
            counts.files + self.files,
            counts.late + self.late,
            counts.unknown + self.unknown,
            counts.grader_errors + self.grader_errors,
            counts.rendered + self.rendered,
            counts.unverified + self.unverified,
            counts.not_own_work + self.not_own_work,
            counts.troubles + ((self.trouble,) if self.trouble else ()),
        )


def _pages(task: _Task, names: list[str], jobs: int | None) -> Iterator[_Page]:
    """Each learner's page, in the order of `names`."""
    shares = [names[i : i + LEARNERS_PER_TASK] for i in range(0, len(names), LEARNERS_PER_TASK)]
    jobs = min(jobs or os.cpu_count() or 1, len(shares))
    if jobs <= 1:
        with Gradebook.open(task.db) as book:
            for share in shares:
                yield from _publish_share(task, share, book)
        return
    # Each process is sent what the pages of its own share showed, not the whole class's.
    tasks = [
        replace(task, shown={n: task.shown[n] for n in share if n in task.shown})
        for share in shares
    ]
    context = multiprocessing.get_context("fork")
    with ProcessPoolExecutor(max_workers=jobs, mp_context=context) as pool:
        # A few shares ahead, taken in order: the pages' lines never pile up here.
        ahead: deque[Future[list[_Page]]] = deque()
        for share_task, share in zip(tasks, shares, strict=True):
            ahead.append(pool.submit(_publish_share, share_task, share))
            if len(ahead) > 2 * jobs:
                yield from ahead.popleft().result()
        while ahead:
            yield from ahead.popleft().result()


# Each publishing process's own connection to the gradebook, opened on first use; the
# process is the pool's, and ends with the pool.
_books: dict[tuple[int, Path], Gradebook] = {}


def _publish_share(task: _Task, names: list[str], book: Gradebook | None = None) -> list[_Page]:
    if book is None:
        key = (os.getpid(), task.db)
        book = _books.get(key) or _books.setdefault(key, Gradebook.open(task.db))
    return [_publish_learner(task, learner) for learner in book.learner_results(__version__, names)]


def _publish_learner(task: _Task, learner: LearnerResult) -> _Page:
    """The learner's page and lines. Whatever stops them (the file system refusing the page,
    a report that cannot be rendered) leaves the learner in the class files without a page,
    or, failing that too, with an error result there; the instructor is told, and the class
    is published."""
    boundary = Boundary()
    page = (
        boundary.attempt(learner.learner, "writing their report", partial(_page, task, learner))
        or boundary.attempt(
            learner.learner, "publishing", partial(_page, task, learner, written=False)
        )
        or _page(task, _unpublishable(learner, boundary.troubles[-1].why), written=False)
    )
    return replace(page, trouble=boundary.troubles[0]) if boundary.troubles else page


def _unpublishable(learner: LearnerResult, why: str) -> LearnerResult:
    message = "Your results could not be published as usual, so they are not shown here. " + AGAIN
    return unfinished(
        learner.learner,
        [m.module for m in learner.modules],
        {m.module: m.max_score for m in learner.modules},
        why=why,
        message=message,
    )


def _page(task: _Task, learner: LearnerResult, *, written: bool = True) -> _Page:
    """The learner's lines and record, and their page written when it changed (`written`);
    without a page, the class page lists them without a link, and the next run tries again."""
    header = task.header
    line = results_json_learner(task.release.marked(learner))
    # A page not written has a key no page has: the class files follow its lines, and the
    # next publishing tries the page again.
    key = ("" if written else "unwritten:") + _page_key(line, learner, task)
    page = task.out / "learners" / f"{file_stem(learner.learner)}.html"
    stale = written and (task.shown.get(learner.learner) != key or not page.is_file())
    if stale:
        write_atomic(
            page,
            render_learner_html(
                task.release.shown(learner),
                course_title=task.course_title,
                isolation=task.isolation,
                boards=task.boards,
            ),
            durable=False,
        )
    modules = learner.modules
    return _Page(
        learner=learner.learner,
        key=key,
        rendered=stale,
        json=line,
        csv=grades_csv_row(header, learner),
        record=LearnerRecord.of(
            learner,
            modules=header.modules,
            quizzes=header.quizzes,
            href=f"learners/{page.name}" if written else "",
        ),
        files=sum(m.status is not ModuleStatus.MISSING for m in modules),
        late=sum(bool(m.lateness and m.lateness.late) for m in modules),
        unknown=sum(bool(m.lateness and m.lateness.submitted_at is None) for m in modules),
        grader_errors=sum(c.grader_error for m in modules for c in m.checks)
        + sum(q.grader_errors for q in learner.quizzes),
        unverified=sum(bool(m.lateness and not m.lateness.verified) for m in modules),
        not_own_work=tuple(
            (learner.learner, str(m.file)) for m in modules if refused_as_not_own_work(m)
        ),
    )


def _page_key(line: str, learner: LearnerResult, task: _Task) -> str:
    return _key(
        {
            "learner": line,
            "sources": [m.source for m in learner.modules],
            "course_title": task.course_title,
            "isolation": task.isolation,
            "release": task.release.key(),
            "boards": task.boards.key(learner.learner),
            "reports": _reports_code(),
        }
    )


def _key(shows: object) -> str:
    return hashlib.sha256(json.dumps(shows, sort_keys=True).encode("utf-8")).hexdigest()


@cache
def _reports_code() -> str:
    """The report code and templates: a new version of either renders every page again."""
    folder = Path(__file__).resolve().parent.parent / "reports"
    digest = hashlib.sha256()
    for path in sorted(folder.rglob("*")):
        if path.is_file() and path.suffix in (".py", ".j2", ".css", ".js"):
            digest.update(path.relative_to(folder).as_posix().encode() + b"\0")
            digest.update(path.read_bytes())
    return digest.hexdigest()


def _drop_pages(folder: Path, learners: list[str]) -> None:
    """The pages of learners no longer in the class (removed, or renamed): gone with them."""
    for learner in learners:
        (folder / f"{file_stem(learner)}.html").unlink(missing_ok=True)


def _read_published(folder: Path) -> dict[str, str]:
    try:
        shown = json.loads((folder / PUBLISHED).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    return shown if isinstance(shown, dict) else {}
