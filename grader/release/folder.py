"""Where a release goes: a folder that is new, empty or an earlier release, never one inside
the course's own files; built in a temporary folder beside it and swapped in whole, so that a
failure never leaves half a bundle where learners' downloads are taken from."""

from __future__ import annotations

import os
import secrets
import shutil
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from grader._atomic import sync_folder
from grader.course import Course
from grader.errors import BadInput

__all__ = ["MARKER", "ReleaseError", "building", "refuse_unusable"]

MARKER = ".grader-release"  # what tells an earlier release from a folder of other files


class ReleaseError(BadInput):
    """The release cannot go where the user asked: inside the course's own files, or over a
    folder that holds files and is not an earlier release."""


def refuse_unusable(out: Path, course: Course) -> None:
    """Raise ReleaseError, saying how to proceed, for a folder the release must not fill."""
    where = out.resolve()
    for part in ("solutions", "exercises"):
        inner = (course.root / part).resolve()
        if where == inner or inner in where.parents:
            raise ReleaseError(
                f"{out} is inside the course's {part}/: a release goes in a folder of its "
                "own, outside the course's files (for instance `grader release dist`)"
            )
    if where.exists() and not where.is_dir():
        raise ReleaseError(f"{out} is a file, not a folder: give a folder for the release")
    if where.is_dir() and any(where.iterdir()) and not (where / MARKER).is_file():
        raise ReleaseError(
            f"{out} holds files and is not an earlier release: give a new or empty folder, "
            "or move those files away (an earlier release is replaced whole)"
        )


@contextmanager
def building(out: Path) -> Iterator[Path]:
    """A temporary folder beside `out` to build the release in: put in `out`'s place when
    the block ends, an earlier release replaced; removed, `out` untouched, if it raises."""
    out.parent.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(prefix=f".{out.name}.", suffix=".building", dir=out.parent))
    try:
        yield staging
        staging.chmod(0o755)  # mkdtemp's 0700 would keep the folder from those it is shared with
        sync_folder(staging)  # every file on disk before the release takes `out`'s place
        _swap_in(staging, out)
    finally:
        shutil.rmtree(staging, ignore_errors=True)


def _swap_in(staging: Path, out: Path) -> None:
    if not out.exists():
        os.rename(staging, out)
        return
    old = out.with_name(f".{out.name}.{secrets.token_hex(4)}.old")
    os.rename(out, old)
    try:
        os.rename(staging, out)
    except BaseException:
        os.rename(old, out)  # the earlier release stays as it was
        raise
    shutil.rmtree(old, ignore_errors=True)
