"""Who a run grades: the class folder's learners against the gradebook's class list. A folder
of a learner not on the roster, or removed, is not graded; a folder named by an id that was
renamed is graded as the learner's new id; and the run says which, by name.

A learner graded before a roster arrived and not on it keeps their grades in every output
(a roster is a list to check against, not a way to delete work): `grader learner remove`
takes them out, with a record of why.
"""

from __future__ import annotations

from dataclasses import dataclass, replace

from grader.gradebook import ClassList, Gradebook
from grader.load import LearnerFiles
from grader.load.roster import Roster
from grader.reports._visible import visible

__all__ = ["Admitted", "admit"]

SHOWN = 10  # learners named on one line; the rest are counted


@dataclass(frozen=True)
class Admitted:
    """The learners a run grades, and the folders it did not grade or graded under a new id."""

    learners: list[LearnerFiles]
    not_on_roster: tuple[str, ...] = ()  # folders not graded: their learner is not on it
    removed: tuple[str, ...] = ()  # folders of removed learners, not graded
    renamed: tuple[tuple[str, str], ...] = ()  # (folder, id graded as)
    kept: tuple[str, ...] = ()  # graded before the roster, not on it: still in the outputs
    absent: tuple[str, ...] = ()  # on the roster, with no folder in the class

    def describe(self) -> list[str]:
        """The lines the run's summary gives them."""
        lines = []
        if self.not_on_roster:
            lines.append(
                f"  not on the roster: {_names(self.not_on_roster)} — not graded; add them "
                "to the roster or remove the folder"
            )
        if self.removed:
            lines.append(
                f"  removed from the gradebook: {_names(self.removed)} — their folders were "
                "not graded (`grader learner restore ID` takes them back)"
            )
        if self.renamed:
            pairs = [f"{old} as {new}" for old, new in self.renamed]
            lines.append(f"  graded under their new id: {_names(pairs)}")
        if self.absent:
            lines.append(
                f"  on the roster, no folder in the class: {_names(self.absent)} — missing "
                "wherever they have no grades"
            )
        if self.kept:
            lines.append(
                f"  not on the roster, graded before it: {_names(self.kept)} — kept in the "
                "outputs with their grades (`grader learner remove ID --reason ...` takes "
                "them out)"
            )
        return lines


def admit(book: Gradebook, learners: list[LearnerFiles], roster: Roster | None) -> Admitted:
    """The learners of the class folder to grade; `roster`, when given, replaces the
    gradebook's (a learner's grades stay whatever roster comes)."""
    class_list = ClassList(book)
    if roster is not None:
        class_list.replace_roster(roster)
    stored = class_list.roster()
    removed, renames = class_list.removed(), class_list.renames()
    on_roster = None if stored is None else set(stored.learners)
    folders = {lf.learner for lf in learners}
    renamed = tuple(
        (lf.learner, renames[lf.learner])
        for lf in learners
        if lf.learner in renames and renames[lf.learner] not in folders
    )
    moved = dict(renamed)
    named = [replace(lf, learner=moved.get(lf.learner, lf.learner)) for lf in learners]
    gone = tuple(lf.learner for lf in named if lf.learner in removed)
    outside = tuple(
        lf.learner
        for lf in named
        if on_roster is not None and lf.learner not in removed and lf.learner not in on_roster
    )
    chosen = [lf for lf in named if lf.learner not in gone and lf.learner not in outside]
    kept = tuple(
        name for name in book.learner_names() if on_roster is not None and name not in on_roster
    )
    present = {lf.learner for lf in chosen} | removed
    absent = tuple(name for name in (stored.learners if stored else ()) if name not in present)
    return Admitted(sorted(chosen, key=lambda lf: lf.learner), outside, gone, renamed, kept, absent)


def _names(names: tuple[str, ...] | list[str]) -> str:
    shown = ", ".join(visible(name, one_line=True) for name in names[:SHOWN])
    return shown + (f" and {len(names) - SHOWN} more" if len(names) > SHOWN else "")
