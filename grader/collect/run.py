"""`grader collect`: what a course platform gives, sorted into one folder per learner.

The steps, top to bottom: read the source (bounded: grader.collect.source), take off a folder
that only wraps it, recognise the platform, let its adapter say who handed in which file, find
each person's learner id (grader.collect.people), take each file for a module file by its name
(grader.collect.names), keep each learner's latest attempt at each file, and write the class
folder with its manifest and report (grader.collect.writer).
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, replace
from datetime import datetime
from pathlib import Path

from grader.collect.model import Collected, Dropped, Entry, HandedIn, Placed, Unplaced
from grader.collect.names import review_form, target
from grader.collect.people import NOT_ON_ROSTER, learner_ids
from grader.collect.platforms import PLATFORMS, Platform, platform, recognise
from grader.collect.source import Source, read_source
from grader.collect.writer import MARKS, Building, check_out
from grader.course.settings import Course
from grader.load.learner_ids import learner_id
from grader.load.roster import Roster

__all__ = ["PLATFORM_NAMES", "collect_submissions"]

PLATFORM_NAMES = ("auto", *(p.name for p in PLATFORMS))


@dataclass(frozen=True)
class _Candidate:
    """A handed-in file taken for a learner's module file."""

    learner: str
    file: str
    exact: bool
    handed: HandedIn


def collect_submissions(
    *,
    source: Path,
    out: Path,
    course: Course,
    roster: Roster | None = None,
    platform: str = "auto",
) -> Collected:
    """Sort `source` (a platform's zip or folder) into `out`, one folder per learner, with
    `manifest.csv` and `collected.txt`; every file not placed is listed with why."""
    source, out = Path(source).absolute(), Path(out).absolute()
    check_out(source, out)
    read = read_source(source)
    try:
        with Building(out) as building:
            collected = _collect(read, building, course, roster, platform)
            building.commit(collected)
    finally:
        read.close()
    return collected


def _collect(
    read: Source, building: Building, course: Course, roster: Roster | None, name: str
) -> Collected:
    entries = _in_repositories(_unwrapped(read.entries, course), read.repositories)
    chosen = recognise(entries) if name == "auto" else platform(name)
    handed, unnamed = chosen.hand_ins(entries)
    candidates, not_placed = _candidates(handed, course, roster)
    kept, dropped, undecided = _latest(candidates)
    placed, unreadable = _write(kept, building, course)
    learners = {p.learner for p in placed}
    return Collected(
        out=building.out,
        platform=chosen.name,
        recognised=name == "auto",
        placed=tuple(sorted(placed, key=lambda p: (p.learner, p.file))),
        dropped=tuple(dropped),
        unplaced=tuple(_once([*read.refused, *unnamed, *not_placed, *undecided, *unreadable])),
        litter=read.litter,
        nothing_from=tuple(e.learner for e in (roster or ()) if e.learner not in learners),
        ids=_ids_words(chosen, roster),
    )


def _candidates(
    handed: list[HandedIn], course: Course, roster: Roster | None
) -> tuple[list[_Candidate], list[Unplaced]]:
    """Each handed-in file as a learner's module file, or not placed, with why."""
    ids, why_not = learner_ids((h.person for h in handed), roster)
    candidates, unplaced = [], []
    for item in handed:
        candidate, why = _candidate(item, ids.get(item.person.key), course)
        if candidate is None:
            why = why_not.get(item.person.key, why)
            unplaced.append(Unplaced(item.entry.path, why))
        else:
            candidates.append(candidate)
    return candidates, unplaced


def _write(
    kept: list[_Candidate], building: Building, course: Course
) -> tuple[list[Placed], list[Unplaced]]:
    placed, unreadable = [], []
    for candidate in kept:
        if why := building.write(candidate.learner, candidate.file, candidate.handed.entry.read):
            unreadable.append(Unplaced(candidate.handed.entry.path, why))
        else:
            placed.append(_placed(candidate, course))
    return placed, unreadable


def _unwrapped(entries: list[Entry], course: Course) -> list[Entry]:
    """Take off folders that only wrap the submissions (`submissions/`, a zip's own folder,
    Gradescope's `assignment_1_export/`): one folder holding everything, unless it looks like
    a learner's own (a module file in it, or in its only folder: `ada/homework/`)."""
    while entries and all(len(e.parts) > 1 for e in entries):
        if len({e.parts[0] for e in entries}) > 1 or _a_learners(entries, course):
            break
        entries = [replace(e, parts=e.parts[1:], origin=e.path) for e in entries]
    return entries


def _in_repositories(entries: list[Entry], repositories: set[tuple[str, ...]]) -> list[Entry]:
    """Mark the entries whose top folder holds a `.git` (its parts as read, wrappers included)."""
    tops = {r[-1] for r in repositories if r}
    return [
        replace(e, in_repository=True) if e.parts[0] in tops and _repository(e, repositories) else e
        for e in entries
    ]


def _repository(entry: Entry, repositories: set[tuple[str, ...]]) -> bool:
    read = tuple(entry.path.split("/"))
    wrappers = len(read) - len(entry.parts)
    return read[: wrappers + 1] in repositories


def _a_learners(entries: list[Entry], course: Course) -> bool:
    if any(len(e.parts) == 2 and target(e.parts[1:], course.module_names) for e in entries):
        return True
    only_folder = len({e.parts[1] for e in entries}) == 1
    return only_folder and any(
        len(e.parts) == 3 and target(e.parts[2:], course.module_names) for e in entries
    )


def _candidate(
    handed: HandedIn, learner: str | None, course: Course
) -> tuple[_Candidate | None, str]:
    if learner is None:
        return None, NOT_ON_ROSTER
    learner = learner_id(learner)  # bytes of a name that were not UTF-8, as `\xNN`
    if why := _unusable(learner):
        return None, f"the platform's name for this person, {learner!r}, {why}"
    found = target(handed.within, course.module_names)
    if found is None:
        return None, f"{learner}'s, but not a module file of this course ({_expected(course)})"
    return _Candidate(learner, found.file, found.exact, handed), ""


def _expected(course: Course) -> str:
    first = course.module_names[0] if course.module_names else "module"
    return f"expected {first}.py, {first}.ipynb or {first}.quiz.toml and the like"


def _unusable(learner: str) -> str:
    # a backslash is kept: the id the grader gives a folder whose name is not UTF-8 has one
    if learner in {"", ".", ".."} or "/" in learner or "\x00" in learner:
        return "cannot name a folder"
    if learner in MARKS:
        return "is the name of a file collect writes beside the learners' folders"
    if learner.startswith(".") or learner.startswith("__") or len(learner.encode()) > 200:
        return "cannot name a learner's folder (hidden, a platform's, or too long)"
    return ""


def _latest(
    candidates: list[_Candidate],
) -> tuple[list[_Candidate], list[Dropped], list[Unplaced]]:
    """Per learner and file: the latest attempt; in it, the file named exactly so, else the
    one candidate; two candidates that nothing tells apart are both left unplaced."""
    groups: dict[tuple[str, str], list[_Candidate]] = defaultdict(list)
    for candidate in candidates:
        groups[candidate.learner, candidate.file].append(candidate)
    placed, dropped, unplaced = [], [], []
    for (learner, file), group in groups.items():
        latest = max(c.handed.attempt for c in group)
        last = [c for c in group if c.handed.attempt == latest]
        kept = _one(last)
        if kept is None:
            unplaced += [_two_candidates(c, last) for c in last]
            continue
        placed.append(kept)
        dropped += [
            Dropped(learner, file, c.handed.entry.path, kept.handed.entry.path)
            for c in group
            if c.handed.attempt != latest
        ]
        unplaced += [_two_candidates(c, [kept]) for c in last if c is not kept]
    return placed, dropped, unplaced


def _one(last: list[_Candidate]) -> _Candidate | None:
    if len(last) == 1:
        return last[0]
    exact = [c for c in last if c.exact]
    return exact[0] if len(exact) == 1 else None


def _two_candidates(candidate: _Candidate, others: list[_Candidate]) -> Unplaced:
    other = ", ".join(o.handed.entry.path for o in others if o is not candidate)
    return Unplaced(
        candidate.handed.entry.path,
        f"two candidates for {candidate.learner}/{candidate.file} (also {other}): "
        "rename the one to grade",
    )


def _placed(candidate: _Candidate, course: Course) -> Placed:
    handed = candidate.handed
    return Placed(
        candidate.learner,
        candidate.file,
        handed.entry.path,
        _submitted_at(handed.time, candidate.file, course),
        handed.note,
    )


def _submitted_at(time: datetime | None, file: str, course: Course) -> datetime | None:
    """The time the platform gave, made exact. A platform that writes local time without a
    zone (Blackboard's names, a zip's own dates) writes the institution's time, the one its
    deadlines are set in: it is read in the zone of the module's deadline, so the time that
    matters, near the deadline, is read right. Without a deadline lateness is never assessed,
    and a guessed zone is not written."""
    if time is None or time.tzinfo is not None:
        return time
    form = review_form(file, course.module_names)
    module = form.module if form else file.split(".", 1)[0]
    policy = course.module(module).late_policy if module in course.module_names else None
    if policy is None or policy.deadline.tzinfo is None:
        return None
    return time.replace(tzinfo=policy.deadline.tzinfo)


def _once(unplaced: list[Unplaced]) -> list[Unplaced]:
    """Each file once (a group's file can be unplaced for each member), in source order."""
    seen: dict[tuple[str, str], Unplaced] = {}
    for item in unplaced:
        seen.setdefault((item.source, item.why), item)
    return sorted(seen.values(), key=lambda u: u.source)


def _ids_words(chosen: Platform, roster: Roster | None) -> str:
    if roster is not None:
        return f"the roster's ({roster.source}), matched by {IDS_MATCHED[chosen.name]}"
    return IDS_MADE[chosen.name]


IDS_MATCHED = {
    "canvas": "Canvas user id (lms_id)",
    "moodle": "Moodle participant id (lms_id) or full name (name)",
    "blackboard": "Blackboard user name (lms_id) or full name (name)",
    "gradescope": "student id (lms_id), e-mail or name",
    "github": "GitHub user name (lms_id or learner)",
    "folders": "folder name (learner, lms_id, email or name)",
}
IDS_MADE = {
    "canvas": "Canvas's run-together name (lovelaceada), anon_<id> when anonymous",
    "moodle": "the full name, lower case with _ (ada_lovelace), participant_<id> when blind",
    "blackboard": "the Blackboard user name",
    "gradescope": "the e-mail's user part, else the name, else the student id",
    "github": "the GitHub user name",
    "folders": "the folder names",
}
