"""What one learner's feedback page needs beyond the results: what to revise, and their code."""

from __future__ import annotations

from dataclasses import dataclass

from ..results import CheckResult, LearnerResult, ModuleResult, ModuleStatus
from ._source import SourceLine, mentioned_lines, numbered_lines

__all__ = ["ModuleView", "Revision", "Topic", "module_views", "revisions"]


@dataclass(frozen=True)
class ModuleView:
    """One module of the page: its result, its place on the page, and its code."""

    result: ModuleResult
    anchor: str
    source: list[SourceLine]
    mentioned: tuple[int, ...]
    load_traceback: str  # why the file could not be loaded, shown once for the module

    def check_anchor(self, index: int) -> str:
        return f"{self.anchor}-c{index}"


@dataclass(frozen=True)
class Topic:
    """One thing to revise: a function of the learner's (is_code) or a check's title."""

    label: str
    is_code: bool
    checks: int
    anchor: str


@dataclass(frozen=True)
class Revision:
    """What to revise in one module: its load failure, or the functions with failed checks."""

    module: ModuleResult
    anchor: str
    topics: tuple[Topic, ...]


def module_views(learner: LearnerResult) -> list[ModuleView]:
    return [_module_view(module, f"m{index}") for index, module in enumerate(learner.modules, 1)]


def _module_view(module: ModuleResult, anchor: str) -> ModuleView:
    mentioned = mentioned_lines(module)
    return ModuleView(
        result=module,
        anchor=anchor,
        source=numbered_lines(module.source, mentioned),
        mentioned=tuple(sorted(mentioned)),
        load_traceback=_load_traceback(module),
    )


def _load_traceback(module: ModuleResult) -> str:
    # A file that could not be loaded gives every check the same traceback: show it once.
    if module.status is ModuleStatus.GRADED:
        return ""
    return next((c.detail.traceback for c in module.checks if c.detail.traceback), "")


def revisions(views: list[ModuleView]) -> list[Revision]:
    """The modules that need work, in page order; a fully passed module is left out."""
    found = []
    for view in views:
        topics = _topics(view)
        if topics or view.result.status is not ModuleStatus.GRADED:
            found.append(Revision(view.result, view.anchor, topics))
    return found


def _topics(view: ModuleView) -> tuple[Topic, ...]:
    if view.result.status is not ModuleStatus.GRADED:
        return ()
    topics: dict[str, Topic] = {}
    for index, check in enumerate(view.result.checks, 1):
        if check.passed or check.grader_error:
            continue
        label, is_code = _topic_label(check)
        seen = topics.get(label)
        anchor = seen.anchor if seen else view.check_anchor(index)
        topics[label] = Topic(label, is_code, (seen.checks if seen else 0) + 1, anchor)
    return tuple(topics.values())


def _topic_label(check: CheckResult) -> tuple[str, bool]:
    if check.detail.function:
        return check.detail.function, True
    return check.title, False
