"""When learners see the details of a module's hidden checks and the keys of its quiz: the
course's `[feedback]` setting per module, and which modules are released at a given moment.

    immediately  as soon as the module is graded
    deadline     once the last possible submission time has passed: the module's cutoff, else
                 its due time, moved by the latest extension any learner has for the module
                 (a module without a due time waits for a release by hand, as under manual)
    manual       once the instructor releases it (`grader publish --release MODULE`)

A release by hand also releases a module before its deadline. The gradebook keeps the policy
of the last run and the releases by hand, so that publishing and exports need no course.
"""

from __future__ import annotations

from collections.abc import Collection, Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Literal

from grader.course.lateness import Extension, extension_for
from grader.results import FeedbackRelease, Pending, Until

__all__ = [
    "DEFAULT_RELEASE",
    "RELEASES",
    "FeedbackPolicy",
    "Release",
    "feedback_release",
]

Release = Literal["immediately", "deadline", "manual"]
RELEASES: tuple[Release, ...] = ("immediately", "deadline", "manual")
DEFAULT_RELEASE: Release = "deadline"


@dataclass(frozen=True)
class FeedbackPolicy:
    """When one module's details reach learners, and the times that decide it."""

    release: Release = DEFAULT_RELEASE
    due: datetime | None = None  # the module's due time, when it has one
    cutoff: datetime | None = None  # its cutoff, when it has one

    @property
    def undated(self) -> bool:
        """Released at the deadline, but without one: it waits for a release by hand."""
        return self.release == "deadline" and self.due is None

    @property
    def until(self) -> Until | None:
        """What the details wait for; None when they are shown at once."""
        if self.release == "immediately":
            return None
        return "manual" if self.release == "manual" or self.undated else "deadline"

    def opens_at(self, module: str, extensions: Sequence[Extension]) -> datetime | None:
        """The module's last possible submission time, for any learner; None without a due
        time. An extension moves a learner's cutoff with their deadline, as in lateness."""
        if self.due is None:
            return None
        last = self.cutoff or self.due
        learners = {e.learner for e in extensions if e.module in (module, "*")}
        granted = [extension_for(extensions, learner, module) for learner in learners]
        moved = [last + (e.moved(self.due) - self.due) for e in granted if e is not None]
        return max([last, *moved])


# A module the gradebook holds no policy for (graded before policies were kept): shown only
# once released by hand, since nothing says its deadline has passed.
_UNKNOWN = FeedbackPolicy("manual")


def feedback_release(
    *,
    modules: Sequence[str],
    policies: Mapping[str, FeedbackPolicy],
    released_by_hand: Collection[str],
    extensions: Sequence[Extension],
    now: datetime,
) -> FeedbackRelease:
    """Which of `modules` learners may see in full at `now`."""
    pending = []
    for module in modules:
        policy = policies.get(module, _UNKNOWN)
        if module in released_by_hand or policy.until is None:
            continue
        opens = policy.opens_at(module, extensions) if policy.until == "deadline" else None
        if opens is not None and now >= opens:
            continue
        pending.append(Pending(module, policy.until, opens.isoformat() if opens else None))
    return FeedbackRelease(tuple(pending))
