"""What a review packet shows of one submission, worked out once for all its reviewers: its
code (a notebook as its cells), highlighted and without names, and its automated results as
a learner may see them, without names either.

The submission is the author's file as it was graded: hostile, so read within bounds (its
size, a notebook's cells, nesting and code through grader.load's reader, the text shown),
and whatever cannot be read becomes a sentence on the page, never the end of the run.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, replace
from pathlib import PurePath
from typing import Literal

from markupsafe import Markup

from grader.load._notebook_file import Unreadable, read_notebook
from grader.load.submission import MAX_NOTEBOOK_BYTES, MAX_SOURCE_BYTES
from grader.reports import EvaluationView, evaluation_views, highlighted_lines
from grader.results import CheckResult, CheckStatus, Evaluation, ModuleResult, ModuleStatus

__all__ = ["Block", "CheckLine", "SubmissionView", "submission_view"]

MAX_TEXT = 20_000  # characters of one markdown or raw cell shown
MAX_TEXTS = 200_000  # and of all of them: an image pasted into markdown is text too
_MARGIN = 200  # characters past a cut that are scrubbed with the rest: longer than a name
Scrub = Callable[[str], str]


@dataclass(frozen=True)
class Block:
    """A part of the submission's code: a whole `.py` file, or one cell of a notebook."""

    kind: Literal["code", "markdown", "raw"]
    cell: int  # the cell's number as Jupyter counts them, from 1; 0 for a `.py` file
    lines: tuple[Markup, ...] = ()  # code, highlighted: one piece of HTML a line
    text: str = ""  # markdown and raw cells, as written (the page escapes them)

    @property
    def label_width(self) -> int:
        return len(str(len(self.lines)))


@dataclass(frozen=True)
class CheckLine:
    title: str
    visibility: str
    status: str  # a CheckStatus value
    score: float
    max_score: float


@dataclass(frozen=True)
class SubmissionView:
    """One submission as every reviewer of it sees it."""

    pseudonym: str
    file: str  # the file's name, without folders
    blocks: tuple[Block, ...]
    problem: str  # why the code cannot be shown; "" when it can
    status: str  # the module's ModuleStatus value: whether the checks ran at all
    checks: tuple[CheckLine, ...]
    score: float  # the checks' points, before any lateness or peer mark
    max_score: float
    evaluations: tuple[EvaluationView, ...]
    cut: int = 0  # characters of markdown and raw cells left out, past MAX_TEXTS

    @property
    def passed(self) -> int:
        return sum(check.status == CheckStatus.PASSED for check in self.checks)

    @property
    def not_run(self) -> str:
        """Why no check ran, for a module that was not graded; "" for one that was."""
        if self.status == ModuleStatus.MISSING:
            return "The file was missing when the module was graded: no check ran."
        if self.status == ModuleStatus.ERROR:
            return "The file could not be loaded when the module was graded: no check ran."
        return ""


def submission_view(
    *, pseudonym: str, file: str, content: bytes, result: ModuleResult, scrub: Scrub
) -> SubmissionView:
    """`content`, the file named `file`, and its `result`, as a reviewer sees them, every
    text passed through `scrub` first."""
    name = scrub(PurePath(file.replace("\\", "/")).name or "submission")
    try:
        blocks, problem, cut = _code(name, content, scrub)
    except Exception as error:  # noqa: BLE001 - one learner's file never ends the run
        # The grader's failure, not the learner's: the page and the instructor say so, by
        # the error's kind alone, since its message may quote the file, names and all.
        failed = type(error).__name__
        blocks, problem, cut = (), f"{name} cannot be shown: the grader failed ({failed})", 0
    return SubmissionView(
        pseudonym=pseudonym,
        file=name,
        blocks=blocks,
        problem=problem,
        status=result.status.value,
        checks=tuple(_check(check, scrub) for check in result.checks),
        score=result.checks_score,
        max_score=result.max_score,
        evaluations=evaluation_views(
            tuple(_anonymous(e, scrub) for e in result.evaluations), f"p-{pseudonym}"
        ),
        cut=cut,
    )


def _check(check: CheckResult, scrub: Scrub) -> CheckLine:
    return CheckLine(
        title=scrub(check.title),
        visibility=check.visibility,
        status=check.status.value,
        score=check.score,
        max_score=check.max_score,
    )


def _code(name: str, content: bytes, scrub: Scrub) -> tuple[tuple[Block, ...], str, int]:
    if name.lower().endswith(".ipynb"):
        return _notebook(name, content, scrub)
    if len(content) > MAX_SOURCE_BYTES:
        return (), _too_large(name, content, MAX_SOURCE_BYTES), 0
    source = scrub(_text(content))
    if not source.strip():
        return (), f"{name} is empty.", 0
    return (Block("code", 0, _highlighted(source)),), "", 0


def _notebook(name: str, content: bytes, scrub: Scrub) -> tuple[tuple[Block, ...], str, int]:
    if len(content) > MAX_NOTEBOOK_BYTES:
        return (), _too_large(name, content, MAX_NOTEBOOK_BYTES), 0
    try:
        # Outputs, attachments and all metadata but the kernel's language are dropped here,
        # and none of what is left but the cells' sources reaches the page.
        notebook, _ = read_notebook(content, name)
    except Unreadable as error:
        return (), f"The notebook cannot be shown: {scrub(str(error))}", 0
    blocks: list[Block] = []
    budget, left_out = MAX_TEXTS, 0
    for number, cell in enumerate(notebook.cells, 1):
        source = cell.get("source")
        if not isinstance(source, str) or not source.strip():
            continue
        if cell.get("cell_type") == "code":
            blocks.append(Block("code", number, _highlighted(scrub(source))))
            continue
        limit = min(MAX_TEXT, budget)
        # Scrubbed a little past the cut, so that no name is cut in two and half left.
        text = scrub(source[: limit + _MARGIN])[:limit]
        budget -= min(len(source), limit)
        missing = max(len(source) - limit, 0)
        left_out += missing
        if text.strip():
            kind: Literal["markdown", "raw"] = "markdown" if cell.cell_type == "markdown" else "raw"
            blocks.append(Block(kind, number, text=_cut(text, missing)))
    return tuple(blocks), "", left_out


def _cut(text: str, missing: int) -> str:
    return f"{text}\n… ({missing:,} more characters not shown)" if missing else text


def _highlighted(source: str) -> tuple[Markup, ...]:
    return tuple(highlighted_lines(source.replace("\r\n", "\n").replace("\r", "\n")))


def _text(content: bytes) -> str:
    # A file that is not UTF-8 was not graded either; what can be read of it is still shown.
    return content.decode("utf-8-sig", errors="replace")


def _too_large(name: str, content: bytes, limit: int) -> str:
    return (
        f"{name} is {len(content) // 1024:,} KB, more than the {limit // 1024:,} KB "
        "a submission may be: it is not shown."
    )


def _anonymous(evaluation: Evaluation, scrub: Scrub) -> Evaluation:
    """The evaluation with the author's names of their models passed through `scrub` (a
    model named after its author is not rare); the reference's and the baseline's are the
    course's own."""
    names: dict[str, str] = {}
    for model in evaluation.learner:
        shown = scrub(model)
        while shown in names.values():  # two models that differed only by a name
            shown += "′"
        names[model] = shown
    return replace(
        evaluation,
        learner={names[model]: scores for model, scores in evaluation.learner.items()},
        best={metric: names.get(m, scrub(m)) for metric, m in evaluation.best.items()},
        classifier=names.get(evaluation.classifier, scrub(evaluation.classifier)),
    )
