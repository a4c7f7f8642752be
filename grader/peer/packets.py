"""Review packets: for each reviewer, a folder with one self-contained HTML page per
submission they review (anonymous: a pseudonym, names removed), its review form, and an
index of them.

    out/ada/index.html                        the reviews asked of ada, how to hand them in
    out/ada/capstone-review-K7QX2M.html       the submission, its results, the rubric
    out/ada/capstone-review-K7QX2M.toml       the form ada fills in (grader.peer.forms)

A reviewer's folder is named as every file the grader writes for a learner
(grader.load.learner_ids.file_stem: `ada`, or a readable part and a hash for an id that is
not a plain name). Writing the packets again replaces the pages and the index (a page of a
review no longer asked is removed), but never a form already there: its reviewer may have
begun filling it in.
"""

from __future__ import annotations

import os
import re
import tempfile
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from jinja2 import ChoiceLoader, Environment, PackageLoader, StrictUndefined, Template

from grader import __version__
from grader._atomic import sync_folder, write_atomic
from grader.course.peer_review import PeerReview
from grader.load.learner_ids import file_stem
from grader.peer._packet_view import Scrub, SubmissionView, submission_view
from grader.peer.anonymity import Identity, Scrubber
from grader.peer.forms import form_name, form_text
from grader.reports import code_css
from grader.reports._wording import points
from grader.reports.html import content_policy
from grader.results import ModuleResult

__all__ = ["Identity", "PacketSubmission", "Packets", "page_name", "write_packets"]

PSEUDONYM = re.compile(r"[A-Za-z0-9]{1,32}")  # it names files: nothing else may be in it


@dataclass(frozen=True)
class PacketSubmission:
    """One submission to review, as the packets show it."""

    author: str
    pseudonym: str  # e.g. "K7QX2M": the only name of the submission in a packet
    file: str  # the handed-in file's name: "capstone.py" or "capstone.ipynb"
    content: bytes  # the handed-in file as it was graded (hostile: everything is bounded)
    result: ModuleResult  # the author's result as a learner may see it (FeedbackRelease.shown)


@dataclass(frozen=True)
class Packets:
    """What writing the packets did."""

    written: tuple[Path, ...]  # every file written
    reviewers: int
    problems: tuple[str, ...]  # for the instructor: a submission that could not be shown whole


@dataclass(frozen=True)
class _Listed:
    """One review on a reviewer's index."""

    pseudonym: str
    page: str
    form: str
    new_form: bool  # written now; False: kept as it was


def page_name(module: str, pseudonym: str) -> str:
    """The file name of a submission's page: `capstone-review-K7QX2M.html`."""
    return f"{module}-review-{pseudonym}.html"


def write_packets(
    *,
    out: Path,
    settings: PeerReview,
    pairs: Sequence[tuple[str, str]],
    submissions: Mapping[str, PacketSubmission],
    identities: Sequence[Identity],
    course_title: str,
) -> Packets:
    """Write every reviewer's packet for `pairs` (reviewer, author) into `out/<reviewer>/`."""
    out.mkdir(parents=True, exist_ok=True)
    scrub = Scrubber(identities).scrub
    views: dict[str, SubmissionView] = {}
    written: list[Path] = []
    problems: list[str] = []
    reviewers = _by_reviewer(pairs)
    for reviewer, authors in reviewers.items():
        listed = []
        folder = _folder(out, reviewer)
        for author in authors:
            if author not in views and author in submissions:
                views[author] = _view(submissions[author], scrub, problems)
            if author not in views:
                problems.append(f"{reviewer} reviews {author}, who has no submission to show")
                continue
            review = _write_review(folder, settings, views[author], reviewer, course_title)
            written += [folder / review.page, *([folder / review.form] if review.new_form else [])]
            listed.append(review)
        written.append(_write_index(folder, settings.module, reviewer, listed, course_title))
    sync_folder(out)
    return Packets(tuple(written), len(reviewers), tuple(problems))


def _by_reviewer(pairs: Sequence[tuple[str, str]]) -> dict[str, list[str]]:
    found: dict[str, list[str]] = {}
    for reviewer, author in sorted(set(pairs)):
        found.setdefault(reviewer, []).append(author)
    return found


def _folder(out: Path, reviewer: str) -> Path:
    """The reviewer's folder, which must be a folder right inside `out`, not a link away."""
    folder = out / file_stem(reviewer)
    folder.mkdir(exist_ok=True)
    if folder.is_symlink() or folder.resolve().parent != out.resolve():
        raise ValueError(f"{folder} is not a folder inside {out}: no packet is written there")
    return folder


def _view(submission: PacketSubmission, scrub: Scrub, problems: list[str]) -> SubmissionView:
    if not PSEUDONYM.fullmatch(submission.pseudonym):
        raise ValueError(f"{submission.pseudonym!r} cannot be a pseudonym: letters and digits")
    view = submission_view(
        pseudonym=submission.pseudonym,
        file=submission.file,
        content=submission.content,
        result=submission.result,
        scrub=scrub,
    )
    if view.problem:
        problems.append(f"{submission.author} ({submission.pseudonym}): {view.problem}")
    return view


def _write_review(
    folder: Path, settings: PeerReview, view: SubmissionView, reviewer: str, course_title: str
) -> _Listed:
    """Write the page and, unless it is there, the form."""
    form = folder / form_name(settings.module, view.pseudonym)
    text = form_text(settings=settings, pseudonym=view.pseudonym, reviewer=reviewer)
    page = folder / page_name(settings.module, view.pseudonym)
    html = _template("packet.html.j2").render(
        view=view,
        settings=settings,
        reviewer=reviewer,
        form=text,
        form_name=form.name,
        code_css=code_css(),
        **_page(course_title),
    )
    write_atomic(page, html, durable=False)
    return _Listed(view.pseudonym, page.name, form.name, _write_new(form, text))


def _write_index(
    folder: Path, module: str, reviewer: str, listed: list[_Listed], course_title: str
) -> Path:
    """Write the reviewer's index, after removing the pages of reviews no longer asked of
    them (an allocation made again: their forms stay, as every form does)."""
    for page in folder.glob(page_name(module, "*")):
        if page.name not in {review.page for review in listed}:
            page.unlink(missing_ok=True)
    index = folder / "index.html"
    html = _template("index.html.j2").render(
        module=module,
        reviewer=reviewer,
        # In the order of the pseudonyms: the authors' order would say something of who is who.
        reviews=sorted(listed, key=lambda review: review.pseudonym),
        kept=any(not review.new_form for review in listed),
        **_page(course_title),
    )
    write_atomic(index, html, durable=False)
    return index


def _page(course_title: str) -> dict[str, object]:
    """What every page's frame (the reports' base.html.j2, its meta line our own) asks for."""
    return {
        "course_title": course_title,
        "policy": content_policy(""),  # no script at all
        "grader_version": __version__,
    }


def _write_new(path: Path, text: str) -> bool:
    """Write `path` whole unless it exists, even if another writer is at it too: the file
    is written aside and linked into place, which fails rather than replace one."""
    fd, temporary = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(text.encode("utf-8"))
        os.chmod(temporary, 0o644)
        os.link(temporary, path)
    except FileExistsError:
        return False
    except OSError:  # a file system without hard links: create it only if it is not there
        if path.exists():
            return False
        write_atomic(path, text, durable=False)
    finally:
        Path(temporary).unlink(missing_ok=True)
    return True


@cache
def _environment() -> Environment:
    environment = Environment(
        # The packets' own templates, and the reports' page frame they extend.
        loader=ChoiceLoader(
            [
                PackageLoader("grader.peer", "templates"),
                PackageLoader("grader.reports", "templates"),
            ]
        ),
        autoescape=True,  # nearly every string on a packet comes from a learner
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        auto_reload=False,
    )
    environment.filters["points"] = points
    return environment


def _template(name: str) -> Template:
    return _environment().get_template(name)
