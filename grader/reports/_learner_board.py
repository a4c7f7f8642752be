"""A project's leaderboards on a learner's own page: the instructor's ranking (_leaderboard),
with the learner's own row marked "you" and every other row a rank and its scores only.

No row says whose it is: no id, name or pseudonym. A pseudonym would be the same on every
page, so two learners comparing pages could follow a third one's row from board to board and
page to page (and one derived from the id by a public hash is undone by anyone who knows the
ids). Rows that share a rank are ordered by what they show, never by id, and the learner's
own row comes first among rows showing the same, so that not even the order of the ids shows.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Callable, Iterable, Mapping
from dataclasses import asdict, dataclass, field, replace
from functools import cached_property

from grader.reports._evaluation_view import DASH
from grader.reports._leaderboard import Board, BoardRow, LeaderboardTally, evaluation_seen
from grader.results import Evaluation, FeedbackRelease

__all__ = ["ClassBoards", "Standing", "StandingRow", "class_boards"]


@dataclass(frozen=True)
class StandingRow:
    rank: int
    cells: tuple[str, ...]
    you: bool = False


@dataclass(frozen=True)
class Standing:
    """One task's board as one learner sees it."""

    module: str
    dataset: str
    task: str
    ranked_by: str  # the metric's title, and which way is better
    metrics: tuple[tuple[str, str], ...]  # title and which way is better: ("MAE", "lower")
    rows: tuple[StandingRow, ...]
    reference: tuple[str, ...]
    baseline: tuple[str, ...]

    @property
    def yours(self) -> StandingRow | None:
        return next((row for row in self.rows if row.you), None)


@dataclass(frozen=True)
class ClassBoards:
    """The class's boards as learners may see them: each board's rows without whose they are,
    and, kept apart in the trusted process, which row is each learner's."""

    boards: tuple[Standing, ...] = ()
    yours: Mapping[str, tuple[tuple[int, int], ...]] = field(default_factory=dict)

    @classmethod
    def of(cls, boards: tuple[Board, ...]) -> ClassBoards:
        """From boards the instructor's code ranked on what learners may see (class_boards)."""
        standings: list[Standing] = []
        yours: dict[str, list[tuple[int, int]]] = {}
        for index, board in enumerate(boards):
            rows = sorted(board.rows, key=_shown_order(board))
            first = 0  # of the rows showing the same as this one: they are side by side
            for place, row in enumerate(rows):
                if _shows(row) != _shows(rows[first]):
                    first = place
                yours.setdefault(row.learner, []).append((index, first))
            standings.append(_standing(board, rows))
        return cls(tuple(standings), {learner: tuple(at) for learner, at in yours.items()})

    def standing(self, learner: str, module: str) -> tuple[Standing, ...]:
        """`module`'s boards as `learner` sees them, their own row marked."""
        mine = dict(self.yours.get(learner, ()))
        return tuple(
            _marked(board, mine.get(index))
            for index, board in enumerate(self.boards)
            if board.module == module
        )

    def key(self, learner: str) -> list[object]:
        """What `learner`'s page shows of the boards, for the published pages' cache."""
        return [self._digest, list(self.yours.get(learner, ()))]

    @cached_property
    def _digest(self) -> str:
        shown = json.dumps([asdict(board) for board in self.boards], sort_keys=True)
        return hashlib.sha256(shown.encode("utf-8")).hexdigest()


def class_boards(
    evaluations: Iterable[tuple[str, str, tuple[Evaluation, ...]]],
    *,
    modules: tuple[str, ...],
    release: FeedbackRelease,
) -> ClassBoards:
    """The boards learners' pages show, from each (learner, module, evaluations) of the class:
    ranked only on what `release` lets learners see (the private test set's once the module's
    feedback is released, the validation set's before), as the instructor's boards rank."""
    tally = LeaderboardTally()
    for learner, module, found in evaluations:
        shown = release.evaluations(module, found)
        tally.add(learner, "", tuple(evaluation_seen(module, one) for one in shown))
    return ClassBoards.of(tally.boards(modules))


def _shows(row: BoardRow) -> tuple[int, tuple[str, ...]]:
    return row.rank, row.cells


def _shown_order(board: Board) -> Callable[[BoardRow], tuple[int, list[tuple[bool, float]]]]:
    """Rank, then each metric's shown value, best first, a dash last."""
    signs = [-1.0 if way == "higher" else 1.0 for _, way in board.metrics]

    def key(row: BoardRow) -> tuple[int, list[tuple[bool, float]]]:
        return row.rank, [
            (cell == DASH, 0.0 if cell == DASH else sign * float(cell))
            for cell, sign in zip(row.cells, signs, strict=True)
        ]

    return key


def _standing(board: Board, rows: list[BoardRow]) -> Standing:
    return Standing(
        module=board.module,
        dataset=board.dataset,
        task=board.task,
        ranked_by=board.ranked_by,
        metrics=board.metrics,
        rows=tuple(StandingRow(row.rank, row.cells) for row in rows),
        reference=board.reference,
        baseline=board.baseline,
    )


def _marked(board: Standing, row: int | None) -> Standing:
    if row is None:
        return board
    rows = list(board.rows)
    rows[row] = replace(rows[row], you=True)
    return replace(board, rows=tuple(rows))
