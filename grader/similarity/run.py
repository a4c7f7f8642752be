"""`grader similarity`: compare a graded class's submissions, module by module, from the
gradebook (the code as graded: a notebook's code cells) and each learner's results, and write
the instructor's report."""

from __future__ import annotations

import multiprocessing
import os
from collections.abc import Sequence
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

from grader.course import Course
from grader.errors import BadInput
from grader.gradebook import Gradebook, graded_size, graded_work
from grader.load.notebooks import NotebookSource, notebook_source
from grader.results import CheckResult, CheckStatus
from grader.similarity.compare import Answer, Rules, Submission, compare_module
from grader.similarity.model import ClassPair, ModuleSimilarity, Similarity

__all__ = [
    "SimilarityError",
    "class_pairs",
    "evidence",
    "find_similar",
    "similarity_report",
    "starter_code",
]

_WORTH_PROCESSES = 16 * 1024 * 1024  # a gradebook this big is worth a process per module
_EVIDENCE = (CheckStatus.FAILED, CheckStatus.ERROR)  # a time limit reached says too little


class SimilarityError(BadInput):
    """Similarity cannot run as asked: no gradebook, nothing graded, an unknown module."""


def find_similar(
    *,
    db: Path,
    course: Course,
    modules: Sequence[str] | None = None,
    rules: Rules | None = None,
    jobs: int | None = None,
) -> Similarity:
    """Compare the submissions of `modules` (every module of the course by default) as the
    gradebook at `db` last graded them, the modules shared among `jobs` processes (one per
    core by default)."""
    if not db.is_file():
        raise SimilarityError(f"{db}: no gradebook there: run `grader grade` first")
    names = list(modules) if modules else list(course.module_names)
    for name in names:
        course.module(name)  # an unknown module is said before any work
    Gradebook.open(db).close()  # a file that is not a gradebook is refused here, once
    tasks = [_Task(db, name, starter_code(course, name), rules) for name in names]
    found = _compare_all(tasks, jobs=jobs or (os.cpu_count() or 1))
    return Similarity(
        course_title=course.title,
        generated_at=datetime.now(UTC).isoformat(timespec="seconds"),
        modules=tuple(module for module, _ in found),
        class_pairs=class_pairs([module for module, _ in found], order=names),
        sources={key: code for _, sources in found for key, code in sources.items()},
    )


@dataclass(frozen=True)
class _Task:
    db: Path
    module: str
    starter: list[str]
    rules: Rules | None


_Found = tuple[ModuleSimilarity, dict[tuple[str, str], str]]


def _compare(task: _Task) -> _Found:
    """One module, read from the gradebook and compared where it runs (a worker reads its
    own module: the class's code never travels between processes), with the code of the
    learners its pairs name, for their pages."""
    with Gradebook.open(task.db) as book:
        work = graded_work(book, task.module)
    submissions = [
        Submission(w.learner, w.source, tuple(a for c in w.missed if (a := evidence(c))))
        for w in work
    ]
    found = compare_module(
        module=task.module, submissions=submissions, starter=task.starter, rules=task.rules
    )
    named = {learner for pair in found.pairs for learner in pair.learners}
    return found, {(task.module, s.learner): s.source for s in submissions if s.learner in named}


def _compare_all(tasks: Sequence[_Task], *, jobs: int) -> list[_Found]:
    """Each module compared, in their order: in `jobs` processes when there are several
    modules and the class is big enough to be worth it (a small class takes milliseconds)."""
    if jobs < 2 or len(tasks) < 2 or not _big(tasks[0].db):
        return [_compare(task) for task in tasks]
    with Gradebook.open(tasks[0].db) as book:  # the biggest first: none is left to run alone
        size = {task.module: graded_size(book, task.module) for task in tasks}
    biggest_first = sorted(tasks, key=lambda task: -size[task.module])
    context = multiprocessing.get_context("fork")
    with ProcessPoolExecutor(max_workers=min(jobs, len(tasks)), mp_context=context) as pool:
        found = dict(
            zip([t.module for t in biggest_first], pool.map(_compare, biggest_first), strict=True)
        )
    return [found[task.module] for task in tasks]


def _big(db: Path) -> bool:
    return db.stat().st_size >= _WORTH_PROCESSES


def evidence(check: CheckResult) -> Answer | None:
    """What of a check's result could show copying: a wrong answer or an error, known by its
    digest; never the stub's "not implemented" (it has none), a time limit, or the answer of
    a classic mistake, which learners working alone give alike."""
    detail = check.detail
    if check.status not in _EVIDENCE or detail.misconceptions or not detail.answer:
        return None
    return Answer(
        check_id=check.id,
        title=check.title,
        status=check.status.value,
        answer=detail.answer,
        shown=detail.got or detail.reason,
    )


def starter_code(course: Course, module: str) -> list[str]:
    """What learners were given: the stub, and the notebook's code cells as grading reads
    them, when the module has a notebook."""
    stub = course.module(module).stub
    found = [_read(stub)]
    notebook = stub.with_suffix(".ipynb")
    if notebook.is_file():
        cells = notebook_source(notebook.read_bytes(), notebook.name)
        if isinstance(cells, NotebookSource):
            found.append(cells.source)
    return [code for code in found if code]


def _read(path: Path) -> str:
    try:
        return path.read_text(encoding="utf-8", errors="replace")
    except OSError:
        return ""


def class_pairs(
    found: Sequence[ModuleSimilarity], *, order: Sequence[str]
) -> tuple[ClassPair, ...]:
    """Learners reported together, over every module: those reported in several first."""
    together: dict[tuple[str, str], list[tuple[str, float]]] = {}
    for module in found:
        for pair in module.pairs:
            together.setdefault((pair.a, pair.b), []).append((module.module, pair.score))
    rank = {name: i for i, name in enumerate(order)}
    pairs = [
        ClassPair(
            a=a,
            b=b,
            modules=tuple(sorted((m for m, _ in scores), key=lambda m: rank.get(m, len(rank)))),
            score=round(sum(s for _, s in scores), 4),
        )
        for (a, b), scores in together.items()
    ]
    return tuple(sorted(pairs, key=lambda p: (-len(p.modules), -p.score, p.a, p.b)))


def similarity_report(
    *,
    db: Path,
    course: Course,
    out: Path,
    modules: Sequence[str] | None = None,
    rules: Rules | None = None,
    jobs: int | None = None,
) -> tuple[Similarity, list[Path]]:
    """Compare the class in the gradebook at `db` and write the report into `out`: the class
    page, a page per module and per pair, and pairs.csv."""
    from grader.similarity.report import write_report

    found = find_similar(db=db, course=course, modules=modules, rules=rules, jobs=jobs)
    return found, write_report(found, out=out)
