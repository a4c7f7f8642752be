"""`grader peer collect`: count the review forms handed in (a folder, a zip, or what `grader
collect` made), refuse the others with a message, keep both in the gradebook, and write the
class's results and reports again with the marks they make.

A form counts whole or not at all. A form handed in again for the same submission replaces
the one that counted (both stay in the gradebook); the same form collected twice changes
nothing.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from grader.collect.model import shown
from grader.course import Course
from grader.gradebook import Assignment, Counted, Gradebook, PeerReviews
from grader.grading.publish import refresh_outputs
from grader.peer.assign import PeerError, peer_settings
from grader.peer.forms import Refusal, ReviewForm, judge
from grader.peer.inbox import handed_in_forms
from grader.results import PeerResult

__all__ = ["MarksStanding", "ReviewsCollected", "collect_reviews", "marks_standing"]


@dataclass(frozen=True)
class MarksStanding:
    """What the instructor is told of a module's marks: the submissions short of reviews,
    and the reviewers whose levels stray from the others'."""

    module: str
    short: tuple[tuple[str, int, int], ...] = ()  # (author, reviews counted, needed)
    outliers: tuple[tuple[str, float], ...] = ()  # (reviewer, agreement), worst first

    def lines(self) -> list[str]:
        lines = [
            f"  {self.module}: {author} has {counted} of the {needed} reviews a mark needs"
            for author, counted, needed in self.short
        ]
        return lines + [
            f"  {self.module}: {reviewer} strays from the other reviewers (agreement "
            f"{agreement:.0%}): see their reviews"
            for reviewer, agreement in self.outliers
        ]


@dataclass(frozen=True)
class ReviewsCollected:
    """What one `grader peer collect` counted and refused."""

    counted: tuple[tuple[ReviewForm, Counted], ...] = ()
    refused: tuple[Refusal, ...] = ()
    standing: tuple[MarksStanding, ...] = ()
    refreshed: Path | None = None
    superseded: int = 0  # earlier copies of a form handed in again within the same source

    def describe(self) -> str:
        outcomes = Counter(outcome for _, outcome in self.counted)
        lines = [
            f"review forms: {outcomes['new']} new, {outcomes['replaced']} replacing an "
            f"earlier form, {outcomes['unchanged']} unchanged, {len(self.refused)} refused"
            + (
                f"; {self.superseded} earlier copies left for a later one"
                if self.superseded
                else ""
            )
        ]
        lines += [
            f"  refused {shown(r.file)}"
            + (f" ({r.reviewer})" if r.reviewer else "")
            + f": {r.message}"
            for r in self.refused
        ]
        lines += [line for standing in self.standing for line in standing.lines()]
        if self.refreshed:
            lines.append(f"  updated: {self.refreshed}")
        return "\n".join(lines)


def collect_reviews(
    *, db: Path, source: Path, course: Course, out: Path | None = None
) -> ReviewsCollected:
    """Count the review forms in `source` for the gradebook at `db`; then write the output
    folder (`out`, by default the last `grader grade`'s) again."""
    if not source.exists():
        raise PeerError(f"{source}: no such file or folder")
    with Gradebook.open(db, writer="peer collect") as book:
        peer = PeerReviews(book)
        assignments = _assignments(peer, course, db)
        verdicts = _judged(source, course, assignments)
        refused = [v for v in verdicts if isinstance(v, Refusal)]
        for refusal in refused:
            peer.record_refusal(
                reviewer=refusal.reviewer,
                file=refusal.file,
                sha256=refusal.sha256,
                message=refusal.message,
            )
        forms, superseded = _last_of_each_pair([v for v in verdicts if isinstance(v, ReviewForm)])
        counted = [(form, _record(peer, form, assignments[form.module])) for form in forms]
        standing = tuple(marks_standing(peer.results(list(assignments))))
        refreshed = refresh_outputs(book, out)
    return ReviewsCollected(tuple(counted), tuple(refused), standing, refreshed, superseded)


def _assignments(peer: PeerReviews, course: Course, db: Path) -> dict[str, Assignment]:
    """The assignment of each module whose reviews were assigned and which the course still
    reviews."""
    found = {
        module: assignment
        for module in peer.modules()
        if course.module(module).peer is not None
        and (assignment := peer.assignment(module)) is not None
    }
    if not found:
        raise PeerError(f"{db}: no reviews were assigned yet: run `grader peer assign` first")
    return found


def _judged(
    source: Path, course: Course, assignments: dict[str, Assignment]
) -> list[ReviewForm | Refusal]:
    """Every form in `source`, judged against the rubrics and who was asked to review what."""
    settings = {module: peer_settings(course, module) for module in assignments}
    assigned = {
        (module, reviewer): pseudonyms
        for module, assignment in assignments.items()
        for reviewer, pseudonyms in assignment.assigned().items()
    }
    own = {
        (module, author): pseudonym
        for module, assignment in assignments.items()
        for author, pseudonym in assignment.pseudonyms.items()
    }
    return [
        judge(handed, settings=settings, assigned=assigned, own=own)
        for handed in handed_in_forms(source, modules=list(assignments))
    ]


def _last_of_each_pair(forms: list[ReviewForm]) -> tuple[list[ReviewForm], int]:
    """The last form of each (module, reviewer, submission) in the order handed in, and how
    many earlier copies it superseded: an earlier copy in the same source never counts, so
    that collecting the same source again changes nothing."""
    last = {(f.module, f.reviewer, f.submission): f for f in forms}
    return list(last.values()), len(forms) - len(last)


def _record(peer: PeerReviews, form: ReviewForm, assignment: Assignment) -> Counted:
    author = assignment.author_of(form.submission)
    if author is None:  # judge checked the pseudonym against the assignment
        raise AssertionError(f"no author for {form.submission}")
    return peer.record_review(
        module=form.module,
        reviewer=form.reviewer,
        author=author,
        file=form.file,
        sha256=form.sha256,
        submitted_at=form.submitted_at,
        scores=form.scores,
        comment=form.comment,
    )


def marks_standing(results: dict[str, dict[str, PeerResult]]) -> Iterable[MarksStanding]:
    """Per module: who is short of reviews, and which reviewers stray from the others."""
    for module, by_learner in results.items():
        short = tuple(
            (author, result.counted, result.min_reviews)
            for author, result in sorted(by_learner.items())
            if not result.enough_reviews
        )
        strays = [
            (learner, result.reviewing.agreement or 0.0)
            for learner, result in by_learner.items()
            if result.reviewing is not None and result.reviewing.outlier
        ]
        yield MarksStanding(module, short, tuple(sorted(strays, key=lambda s: (s[1], s[0]))))
