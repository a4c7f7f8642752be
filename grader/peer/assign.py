"""`grader peer assign`: give each submission of a module its reviewers among the learners who
handed it in, keep the allocation in the gradebook, and write each reviewer's packets.

Run again (after late submissions, say), it keeps every pair already made and adds the
learners who handed in since; the packets are written again, and a form a reviewer may have
begun is never overwritten.
"""

from __future__ import annotations

import getpass
import hashlib
import os
import secrets
import stat
from collections.abc import Collection, Mapping, Sequence
from dataclasses import dataclass, replace
from pathlib import Path, PurePath

from grader import __version__
from grader.course import Course
from grader.course.peer_review import PeerReview
from grader.errors import BadInput
from grader.gradebook import Assignment, ClassList, Gradebook, PeerReviews, Work
from grader.peer.allocation import Allocation, allocate
from grader.peer.conflicts import read_conflicts
from grader.peer.packets import Identity, Packets, PacketSubmission, write_packets
from grader.results import ModuleResult

__all__ = ["Assigned", "PeerError", "assign_reviews", "peer_settings"]

PSEUDONYM_LETTERS = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"  # no 0/O, 1/I: read aloud, typed back
PSEUDONYM_LENGTH = 6
MAX_PACKET_FILE = 8 * 1024 * 1024  # a handed-in file read for its packet, at most


class PeerError(BadInput):
    """Peer review cannot do what was asked: a module without a rubric, nothing graded, a
    review or learner that does not exist; the message says which."""


@dataclass(frozen=True)
class Assigned:
    """What `grader peer assign` made: the allocation, what it added, and the packets."""

    allocation: Allocation
    added: int  # pairs new in this run (all of them the first time)
    authors: int
    packets: Packets | None
    out: Path | None

    def describe(self) -> str:
        allocation = self.allocation
        reviewers = len({r for r, _ in allocation.pairs})
        lines = [
            f"{allocation.module}: {len(allocation.pairs)} reviews of {self.authors} "
            f"submissions by {reviewers} reviewers ({allocation.asked} asked per submission, "
            f"seed {allocation.seed}); {self.added} new"
        ]
        lines += [
            f"  {s.author}: {s.reviewers} reviewers only: {s.why}" for s in allocation.shortfalls
        ]
        if self.packets is not None and self.out is not None:
            lines.append(f"  packets: {self.out} ({len(self.packets.written)} files)")
            lines += [f"  {problem}" for problem in self.packets.problems]
        return "\n".join(lines)


def peer_settings(course: Course, module: str) -> PeerReview:
    """`module`'s peer review as the course sets it."""
    settings = course.module(module).peer
    if settings is None:
        raise PeerError(
            f"{module} has no peer review: give it a rubric in course.toml ([peer.{module}])"
        )
    return settings


def assign_reviews(
    *,
    db: Path,
    course: Course,
    module: str,
    reviewers: int | None = None,
    seed: int | None = None,
    conflicts: Path | None = None,
    out: Path | None = None,
    by: str | None = None,
) -> Assigned:
    """Allocate `module`'s reviews (`reviewers` per submission, the course's number when not
    given), keep them in the gradebook at `db`, and write the packets into `out`."""
    settings = peer_settings(course, module)
    groups = read_conflicts(conflicts) if conflicts else []
    with Gradebook.open(db, writer="peer assign") as book:
        peer = PeerReviews(book)
        work = peer.handed_in(module)
        if not work:
            raise PeerError(f"{db}: nobody handed {module} in yet: run `grader grade` first")
        kept = peer.assignment(module)
        allocation = allocate(
            module=module,
            authors=[w.author for w in work],
            reviewers=_asked(kept, reviewers, settings),
            seed=seed if seed is not None else kept.allocation.seed if kept else 0,
            conflicts=groups,
            kept=kept.allocation if kept else None,
        )
        known = kept.pseudonyms if kept else {}
        pseudonyms = {**known, **new_pseudonyms([w.author for w in work], taken=known)}
        peer.keep_settings(settings)
        peer.record_assignment(allocation, pseudonyms, by=by or _os_user())
        added = len(set(allocation.pairs) - set(kept.allocation.pairs if kept else ()))
        packets = None
        if out is not None:
            packets = _packets(book, out, settings, allocation, pseudonyms, work, course.title)
    return Assigned(allocation, added, len(work), packets, out)


def _asked(kept: Assignment | None, reviewers: int | None, settings: PeerReview) -> int:
    asked = kept.allocation.asked if kept else None
    if asked is not None and reviewers is not None and reviewers != asked:
        raise PeerError(
            f"{settings.module}'s reviews were assigned with {asked} reviewers per submission: "
            f"run again with --reviewers {asked} (or none) to add late learners"
        )
    return reviewers or asked or settings.reviewers


def new_pseudonyms(authors: Sequence[str], *, taken: Mapping[str, str]) -> dict[str, str]:
    """A random pseudonym for each author who has none: nothing of their id in it."""
    used = set(taken.values())
    found = {}
    for author in authors:
        if author in taken:
            continue
        while (name := _pseudonym()) in used:
            pass
        used.add(name)
        found[author] = name
    return found


def _pseudonym() -> str:
    return "".join(secrets.choice(PSEUDONYM_LETTERS) for _ in range(PSEUDONYM_LENGTH))


def _packets(
    book: Gradebook,
    out: Path,
    settings: PeerReview,
    allocation: Allocation,
    pseudonyms: Mapping[str, str],
    work: Sequence[Work],
    course_title: str,
) -> Packets:
    authors = {a for _, a in allocation.pairs}
    shown = _shown_results(book, settings.module, authors)
    submissions = {
        w.author: _submission(w, pseudonyms[w.author], shown[w.author])
        for w in work
        if w.author in authors
    }
    return write_packets(
        out=out,
        settings=settings,
        pairs=allocation.pairs,
        submissions=submissions,
        identities=_identities(book, [w.author for w in work]),
        course_title=course_title,
    )


def _shown_results(
    book: Gradebook, module: str, authors: Collection[str]
) -> dict[str, ModuleResult]:
    """Each author's module as learners may see it now (hidden checks' details held back
    before release), without its peer review."""
    release = book.feedback_release()
    found = {}
    for learner in book.learner_results(__version__, names=sorted(authors)):
        result = release.shown(learner).module(module)
        found[learner.learner] = replace(result, peer=None, source="")
    return found


def _submission(work: Work, pseudonym: str, result: ModuleResult) -> PacketSubmission:
    """The handed-in file as it was graded; the code as graded (a notebook's code cells)
    when the file has changed since or is gone."""
    data = _handed_in(work.submissions / work.author / work.file)
    if data and len(data) <= MAX_PACKET_FILE and _sha256(data) == work.file_sha256:
        return PacketSubmission(work.author, pseudonym, work.file, data, result)
    as_graded = f"{PurePath(work.file).stem}.py"
    return PacketSubmission(work.author, pseudonym, as_graded, work.source.encode(), result)


def _handed_in(path: Path) -> bytes:
    """The file's bytes, read as the grader reads a learner's file: never through a link,
    never waiting on a pipe, a regular file only; nothing when it cannot be read so."""
    try:
        fd = os.open(path, os.O_RDONLY | os.O_NOFOLLOW | os.O_NONBLOCK)
    except OSError:
        return b""
    with os.fdopen(fd, "rb") as file:
        if not stat.S_ISREG(os.fstat(fd).st_mode):
            return b""
        return file.read(MAX_PACKET_FILE + 1)


def _sha256(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def _identities(book: Gradebook, learners: Sequence[str]) -> list[Identity]:
    roster = ClassList(book).roster()
    known = {e.learner: Identity(e.learner, e.name, e.email) for e in roster or ()}
    return [*known.values(), *(Identity(learner) for learner in learners if learner not in known)]


def _os_user() -> str:
    try:
        return getpass.getuser()
    except (KeyError, OSError):
        return "unknown"
