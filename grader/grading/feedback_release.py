"""Releasing a module's feedback by hand (`grader publish --release`), or taking a release back:
recorded in the gradebook with who and when, and the output folder of the last `grader grade`
written again at once, from the gradebook (nothing is graded), as an override does."""

from __future__ import annotations

import getpass
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from grader.errors import BadInput
from grader.gradebook import Gradebook, Releases
from grader.grading.publish import refresh_outputs
from grader.results import FeedbackRelease

__all__ = ["ALL", "FeedbackReleaseError", "FeedbackReleased", "release_feedback"]

ALL = "all"  # every module of the course


class FeedbackReleaseError(BadInput):
    """The release asked for cannot be made: no such module, or nothing to take back."""


@dataclass(frozen=True)
class FeedbackReleased:
    """What a release or a withdrawal changed, and where learners now see it."""

    modules: tuple[str, ...]  # the modules asked for
    withdrawn: bool
    changed: tuple[str, ...]  # those whose release by hand was recorded or taken back
    release: FeedbackRelease  # what learners may see now
    refreshed: Path | None  # the output folder written again, when there was one

    def describe(self) -> str:
        verb = "withdrawn" if self.withdrawn else "released"
        lines = []
        for module in self.modules:
            done = verb if module in self.changed else f"already {verb}"
            lines.append(f"{module}: {done}; learners now {self._see(module)}")
        if self.refreshed:
            lines.append(f"  updated: {self.refreshed}")
        return "\n".join(lines)

    def _see(self, module: str) -> str:
        pending = self.release.waiting(module)
        if pending is None:
            return "see every detail the course shows (hidden checks, quiz keys)"
        until = f"until {pending.opens_at}" if pending.opens_at else "until released"
        return f"see scores and statuses only, {until}"


def release_feedback(
    *,
    db: Path,
    module: str,
    withdraw: bool = False,
    out: Path | None = None,
    by: str | None = None,
    now: datetime | None = None,
) -> FeedbackReleased:
    """Release `module`'s feedback (or every module's, `all`) to learners, or with `withdraw`
    take that release back; then write the output folder again (`out`, by default the last
    `grader grade`'s) with the feedback as released at `now`."""
    with Gradebook.open(db, writer="publish") as book:
        modules = _modules(book, module)
        who = by or _os_user()
        changed = tuple(m for m in modules if Releases(book).set(m, released=not withdraw, by=who))
        if withdraw and not changed:
            raise FeedbackReleaseError(
                f"{module}: no release by `grader publish --release` to take back"
                + _standing(Releases(book).by_hand())
            )
        refreshed = refresh_outputs(book, out, now)
        release = book.feedback_release(now)
    return FeedbackReleased(modules, withdraw, changed, release, refreshed)


def _modules(book: Gradebook, asked: str) -> tuple[str, ...]:
    known = book.class_header("").modules
    if not known:
        raise FeedbackReleaseError(
            f"{book.path} holds no graded class yet: run `grader grade` first"
        )
    if asked == ALL:
        return known
    if asked not in known:
        raise FeedbackReleaseError(
            f"no module {asked!r} in the gradebook (modules: {', '.join(known)}, or {ALL})"
        )
    return (asked,)


def _standing(released: Mapping[str, object]) -> str:
    return f" (released by hand: {', '.join(sorted(released))})" if released else ""


def _os_user() -> str:
    try:
        return getpass.getuser()
    except (KeyError, OSError):  # no name for this uid, as in some containers
        return "unknown"
