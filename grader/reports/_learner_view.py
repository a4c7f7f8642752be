"""What one learner's feedback page needs beyond the results: what to revise, and each of their
functions' code next to the checks that exercise it."""

from __future__ import annotations

import re
from collections.abc import Collection, Mapping
from dataclasses import dataclass
from functools import lru_cache
from math import copysign
from typing import TYPE_CHECKING, NamedTuple

from grader.reports._evaluation_advice import Advice, advice
from grader.reports._evaluation_view import EvaluationView, evaluation_views
from grader.reports._learner_board import ClassBoards, Standing
from grader.reports._peer_view import PeerView, peer_view
from grader.reports._source import CodeLine, LearnerCode, read_code
from grader.reports._wording import check_word, icon, points
from grader.results import (
    CheckResult,
    CheckStatus,
    LearnerResult,
    Misconception,
    ModuleResult,
    ModuleStatus,
)

if TYPE_CHECKING:
    from grader.results.quizzes import QuizResult

__all__ = [
    "CheckGroup",
    "CheckRow",
    "Found",
    "ModuleView",
    "QuizRevision",
    "Revision",
    "Topic",
    "check_anchor",
    "module_views",
    "quiz_revisions",
    "revisions",
]

_CALLED = re.compile(r"\s*([A-Za-z_]\w*)\s*\(")
_NOT_IN_ANCHOR = re.compile(r"[^A-Za-z0-9_-]")


@lru_cache(maxsize=4096)  # a course has a few hundred checks, on every learner's page
def check_anchor(module: str, check_id: str) -> str:
    """The id of a check on its learner's page, the same on every page: the class summary
    links to it."""
    return _NOT_IN_ANCHOR.sub("-", f"check-{module}-{check_id}")


class CheckRow(NamedTuple):
    """A check as its group lists it, with the words of its line worked out once: a page
    lists some sixty, which the `function_checks` macro unpacks in this order."""

    number: int  # the check's number in its module, from 1
    check: CheckResult
    anchor: str  # check_anchor() of it
    word: str  # "passed", "grader error": see _wording.check_word
    badge: str  # the badge's class: the word, "grader-error"
    icon: str
    points: str  # "0.5/1"


@dataclass(frozen=True)
class CheckGroup:
    """The checks of one of the learner's functions, under its code; or, with no function,
    the checks that could not be tied to one."""

    function: str  # "" for the checks tied to no function
    anchor: str
    checks: tuple[CheckRow, ...]
    code: tuple[CodeLine, ...] = ()
    undefined: bool = False  # the learner's code, read, has no such function

    @property
    def score(self) -> float:
        return round(sum(row.check.score for row in self.checks), 6)

    @property
    def max_score(self) -> float:
        return round(sum(row.check.max_score for row in self.checks), 6)

    @property
    def to_fix(self) -> int:
        return sum(1 for row in self.checks if not row.check.passed and not row.check.grader_error)


@dataclass(frozen=True)
class ModuleView:
    """One module of the page: its result, its checks by function, and the rest of its code."""

    result: ModuleResult
    anchor: str
    groups: tuple[CheckGroup, ...]
    rest: tuple[CodeLine, ...]  # the code no group shows; the whole file when none shows any
    rest_is_whole: bool
    marked: bool  # a line shown is one the learner's tracebacks point at
    label_width: int  # characters of the longest line label, for the code's left column
    load_traceback: str  # why the file could not be loaded, shown once for the module
    evaluations: tuple[EvaluationView, ...] = ()  # a project's predictions, measured
    advice: tuple[Advice, ...] = ()  # what to improve in a project
    standing: tuple[Standing, ...] = ()  # a project's leaderboards, the learner's rows marked
    peer: PeerView | None = None  # the module's peer review, when it has one

    def check_anchor(self, index: int) -> str:
        return check_anchor(self.result.module, self.result.checks[index - 1].id)

    def group_anchor(self, function: str) -> str | None:
        return next((g.anchor for g in self.groups if g.function == function), None)

    @property
    def rest_marked(self) -> bool:
        return any(line.mentioned for line in self.rest)

    @property
    def is_notebook(self) -> bool:
        return (self.result.file or "").lower().endswith(".ipynb")


@dataclass(frozen=True)
class Topic:
    """One thing to revise: a function of the learner's (is_code) or a check's title."""

    label: str
    is_code: bool
    checks: int
    anchor: str


@dataclass(frozen=True)
class Found:
    """A classic mistake the learner's answers show, where first, and in how many checks."""

    misconception: Misconception
    anchor: str
    checks: int


@dataclass(frozen=True)
class Revision:
    """What to revise in one module: its load failure, or the functions with failed checks
    and the classic mistakes their answers show."""

    module: ModuleResult
    anchor: str
    topics: tuple[Topic, ...]
    found: tuple[Found, ...] = ()


def module_views(learner: LearnerResult, boards: ClassBoards | None = None) -> list[ModuleView]:
    """Each module of the page; with `boards`, a project's leaderboards as this learner sees
    them."""
    board = boards or ClassBoards()
    return [
        _module_view(module, f"m{index}", board.standing(learner.learner, module.module))
        for index, module in enumerate(learner.modules, 1)
    ]


def _module_view(
    module: ModuleResult, anchor: str, standing: tuple[Standing, ...] = ()
) -> ModuleView:
    code = read_code(module, anchor)
    if module.status is ModuleStatus.GRADED:
        groups = _groups(module, code, anchor)
    else:  # nothing ran: the checks stay one list, and the file is shown whole
        groups = (CheckGroup("", f"{anchor}-f1", _rows(module, module.checks)),)
    shown = [line for group in groups for line in group.code]
    rest = code.rest({line.number for line in shown}) if code else ()
    return ModuleView(
        result=module,
        anchor=anchor,
        groups=groups,
        rest=rest,
        rest_is_whole=not shown,
        marked=any(line.mentioned for line in (*shown, *rest)),
        label_width=max((len(line.label) for line in code.lines), default=1) if code else 1,
        load_traceback=_load_traceback(module),
        evaluations=evaluation_views(module.evaluations, anchor),
        advice=advice(module, lambda check_id: check_anchor(module.module, check_id)),
        standing=standing,
        peer=peer_view(module),
    )


def _groups(module: ModuleResult, code: LearnerCode | None, anchor: str) -> tuple[CheckGroup, ...]:
    """The checks by the function they exercise: the learner's functions in the order of their
    file, then functions their file lacks, then the checks tied to no function."""
    spans = (code.functions if code else None) or {}
    names = _function_names(module, spans)
    checks: dict[str, list[CheckRow]] = {}
    for row in _rows(module, module.checks):
        checks.setdefault(_function_of(row.check, names), []).append(row)
    defined = sorted((f for f in checks if f in spans), key=lambda f: spans[f])
    order = [*defined, *(f for f in checks if f and f not in spans), *(f for f in checks if not f)]
    return tuple(
        _group(function, tuple(checks[function]), f"{anchor}-f{number}", code)
        for number, function in enumerate(order, 1)
    )


def _rows(module: ModuleResult, checks: tuple[CheckResult, ...]) -> tuple[CheckRow, ...]:
    return tuple(
        CheckRow(
            number,
            check,
            check_anchor(module.module, check.id),
            *_badge(check),
            _points(
                check.score,
                check.max_score,
                copysign(1.0, check.score),
                copysign(1.0, check.max_score),
            ),
        )
        for number, check in enumerate(checks, 1)
    )


_BADGES: dict[tuple[CheckStatus, bool], tuple[str, str, str]] = {}


def _badge(check: CheckResult) -> tuple[str, str, str]:
    """The word, the badge's class and the icon of a check, which its status and whether the
    grader broke decide: worked out once for each."""
    key = (check.status, check.grader_error)
    found = _BADGES.get(key)
    if found is None:
        word = check_word(check)
        found = _BADGES[key] = (word, word.replace(" ", "-"), icon(check))
    return found


@lru_cache(maxsize=1024)  # a class's scores are a few dozen pairs, on every page
def _points(score: float, max_score: float, *signs: float) -> str:
    # The signs are part of the key: -0.0 == 0.0, yet points() writes it "-0".
    return f"{points(score)}/{points(max_score)}"


def _group(
    function: str, checks: tuple[CheckRow, ...], anchor: str, code: LearnerCode | None
) -> CheckGroup:
    if not function or code is None or code.functions is None:  # nothing to show, or unread
        return CheckGroup(function, anchor, checks)
    if function not in code.functions:
        return CheckGroup(function, anchor, checks, undefined=True)
    return CheckGroup(function, anchor, checks, code.block(code.functions[function]))


def _function_names(module: ModuleResult, spans: Mapping[str, tuple[int, int]]) -> set[str]:
    """The functions a check can be tied to: those a check's detail names, and the learner's
    own top-level functions whose names are specific enough (two words or more, like
    `kmeans_step`) to be found in a check's id or title without guessing."""
    named = {_function_of(check, ()) for check in module.checks} - {""}
    return named | {name for name in spans if "_" in name.strip("_") and name[0] != "_"}


def _function_of(check: CheckResult, names: Collection[str]) -> str:
    """The learner's function `check` exercises, or "" when the result does not say.

    A failed check's detail names the function it called, and every check graded by this
    version of the grader the functions it called. A result from before then (the gradebook
    keeps them) carries neither for a passed check, and only its id or title can tie it to
    one of `names`: `test_kmeans_step_with_a_tie` to `kmeans_step`, but never
    `test_mse_of_...` to `mean_squared_error`.
    """
    if check.detail.function:
        return check.detail.function
    if check.functions:
        return check.functions[0]
    if called := _CALLED.match(check.detail.call):
        return called[1]
    words = f"_{check.id}_"
    in_id = [(words.find(f"_{name}_"), -len(name), name) for name in names if f"_{name}_" in words]
    if in_id:  # the name nearest the start, the longest of those starting there
        return min(in_id)[2]
    in_title = [name for name in names if re.search(rf"\b{re.escape(name)}\b", check.title)]
    return max(in_title, key=len, default="")


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
            found.append(Revision(view.result, view.anchor, topics, _found(view)))
    return found


def _found(view: ModuleView) -> tuple[Found, ...]:
    """The classic mistakes the module's answers show, in the order of its checks."""
    found: dict[str, Found] = {}
    for index, check in enumerate(view.result.checks, 1):
        if check.passed:
            continue
        for misconception in check.detail.misconceptions:
            seen = found.get(misconception.id)
            found[misconception.id] = Found(
                misconception,
                seen.anchor if seen else view.check_anchor(index),
                (seen.checks if seen else 0) + 1,
            )
    return tuple(found.values())


def _topics(view: ModuleView) -> tuple[Topic, ...]:
    if view.result.status is not ModuleStatus.GRADED:
        return ()
    topics: dict[str, Topic] = {}
    # Before release, a hidden check's title or function would name what to test against.
    held = view.result.feedback_released is False
    for index, check in enumerate(view.result.checks, 1):
        if check.passed or check.grader_error or (held and check.visibility == "hidden"):
            continue
        label, is_code = _topic_label(check)
        seen = topics.get(label)
        anchor = (
            seen.anchor
            if seen
            else (is_code and view.group_anchor(label)) or view.check_anchor(index)
        )
        topics[label] = Topic(label, is_code, (seen.checks if seen else 0) + 1, anchor)
    return tuple(topics.values())


def _topic_label(check: CheckResult) -> tuple[str, bool]:
    if check.detail.function:
        return check.detail.function, True
    return check.title, False


@dataclass(frozen=True)
class QuizRevision:
    """A quiz with questions to revisit, or that was not handed in or could not be read."""

    quiz: QuizResult
    anchor: str
    count: int  # questions not answered right (grader errors left out: not the learner's)


def quiz_revisions(learner: LearnerResult) -> list[QuizRevision]:
    found = []
    for index, quiz in enumerate(learner.quizzes, 1):
        count = sum(1 for q in quiz.questions if q.status.value != "correct" and not q.grader_error)
        if count or quiz.status is not ModuleStatus.GRADED:
            found.append(QuizRevision(quiz, f"q{index}", count))
    return found
