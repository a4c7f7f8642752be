"""What a class run produced and where it wrote it, and the summary a person reads when the
run is over."""

from __future__ import annotations

from dataclasses import dataclass
from functools import cached_property
from pathlib import Path

from grader import __version__
from grader.gradebook import Gradebook
from grader.grading.boundary import Boundary, Trouble
from grader.grading.class_list import Admitted
from grader.grading.publish import Published
from grader.reports._visible import visible
from grader.results import ClassResult

__all__ = ["Graded"]


@dataclass(frozen=True)
class Graded:
    """What a class run produced, and where it wrote it."""

    out: Path
    seconds: float
    gradebook: Path
    published: Published
    graded: int = 0  # learner modules graded in this run
    reused: int = 0  # unchanged since their latest attempt: kept from the gradebook
    troubles: tuple[Trouble, ...] = ()  # learners the run could not handle as usual
    undated: tuple[str, ...] = ()  # modules released at the deadline that have none
    admitted: Admitted | None = None  # who was graded, against the class list

    @cached_property
    def result(self) -> ClassResult:
        """The whole class as the run left it, read from the gradebook when asked for (a run
        itself never holds it)."""
        with Gradebook.open(self.gradebook) as book:
            return book.class_result(__version__)

    @property
    def summary(self) -> Path:
        return self.out / "index.html"

    @property
    def grader_errors(self) -> int:
        return self.published.grader_errors

    def describe(self) -> str:
        """What a person reads when the run is over."""
        counts = self.published
        lines = [
            f"{counts.learners} learners ({counts.files} files) in {self.seconds:.1f} s: "
            f"{self.graded} modules graded, {self.reused} unchanged since their last "
            "grading and kept (--regrade grades them again)."
        ]
        if counts.late or counts.unknown:
            lines.append(
                f"  handed in late: {counts.late}"
                + (
                    f"; not in the manifest (lateness unknown): {counts.unknown}"
                    if counts.unknown
                    else ""
                )
            )
        lines += _unverified_lines(counts) + _not_own_work_lines(counts)
        lines += _feedback_lines(counts, self.undated)
        lines += self.admitted.describe() if self.admitted else []
        lines += [
            f"  class summary: {self.summary}",
            f"  grades:        {self.out / 'grades.csv'}",
            f"  results:       {self.out / 'results.json'}",
            f"  feedback:      {self.out / 'learners'}/<learner>.html",
            f"  gradebook:     {self.gradebook}",
        ]
        troubles = Boundary([*self.troubles, *self.published.troubles]).describe()
        return "\n".join(lines + troubles)


SHOWN_REFUSALS = 10  # learners named in the summary lines; the reports name every one


def _unverified_lines(counts: Published) -> list[str]:
    if not counts.unverified:
        return []
    modules = f"{counts.unverified} module{'s' if counts.unverified != 1 else ''}"
    return [
        f"  lateness unverified: the handed-in times of {modules} are the files' "
        "modification times, which learners can set; grade with --manifest (the "
        "course platform's submission times) for lateness you can rely on"
    ]


def _feedback_lines(counts: Published, undated: tuple[str, ...]) -> list[str]:
    """Whose details learners do not see yet, and why, said once."""
    lines = []
    if undated:
        lines.append(
            f"  feedback release: {', '.join(undated)} "
            f"{'are' if len(undated) > 1 else 'is'} released at the deadline but "
            f"{'have' if len(undated) > 1 else 'has'} no due time in course.toml: "
            'released by hand, as under release = "manual"'
        )
    if held := counts.release.pending:
        waits = ", ".join(
            f"{p.module} (until {p.opens_at})"
            if p.opens_at
            else f"{p.module} (until `grader publish --release {p.module}`)"
            for p in held
        )
        lines.append(f"  details of hidden checks and quiz keys held back from learners: {waits}")
    return lines


def _not_own_work_lines(counts: Published) -> list[str]:
    refused = counts.not_own_work
    if not refused:
        return []
    named = ", ".join(
        f"{visible(learner, one_line=True)}/{file}" for learner, file in refused[:SHOWN_REFUSALS]
    )
    more = f" and {len(refused) - SHOWN_REFUSALS} more" if len(refused) > SHOWN_REFUSALS else ""
    return [
        f"  not their own work, refused: {len(refused)} file"
        f"{'s' if len(refused) != 1 else ''} that are, link to or copy instructor-only "
        f"files or link out of the learner's folder: {named}{more}"
    ]
