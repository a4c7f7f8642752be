"""Writing the class folder: built whole in a temporary folder beside it and renamed into
place, so that a run that fails leaves no half-written class, and never into or over the
source."""

from __future__ import annotations

import csv
import io
import os
import shutil
import tempfile
from collections.abc import Callable
from pathlib import Path
from types import TracebackType

from grader._atomic import sync_folder, write_atomic
from grader.collect.model import Collected
from grader.collect.source import CollectSourceError

__all__ = ["MARKS", "Building", "check_out"]

# The files that say a folder is a previous collect's output, which a new run may replace.
MARKS = ("collected.txt", "manifest.csv")


def check_out(source: Path, out: Path) -> None:
    """Refuse a class folder that would overwrite the source, or that holds other files."""
    if not source.exists():
        raise CollectSourceError(f"{source}: no such file or folder")
    real_source, real_out = source.resolve(), out.resolve()
    if real_out == real_source or real_out.is_relative_to(real_source):
        raise CollectSourceError(f"{out} is inside the source {source}: give a folder outside it")
    if real_source.is_relative_to(real_out):
        raise CollectSourceError(f"the source {source} is inside {out}: it would be replaced")
    if out.is_symlink() or (out.exists() and not out.is_dir()):
        raise CollectSourceError(f"{out} is not a folder")
    if out.is_dir() and any(out.iterdir()) and not all((out / m).is_file() for m in MARKS):
        raise CollectSourceError(
            f"{out} holds files and is not the output of `grader collect`: give an empty or "
            "new folder"
        )


class Building:
    """The class folder being built beside `out`; `commit` puts it in place."""

    def __init__(self, out: Path) -> None:
        self.out = out
        out.parent.mkdir(parents=True, exist_ok=True)
        self.folder = Path(tempfile.mkdtemp(dir=out.parent, prefix=f".{out.name}.collecting-"))

    def write(self, learner: str, file: str, read: Callable[[], bytes]) -> str:
        """Write a learner's file; why it could not be, or ''."""
        try:
            data = read()
        except Exception as error:  # noqa: BLE001 - a bad entry is that file's problem
            return f"cannot be read from the source ({str(error)[:200]})"
        write_atomic(self.folder / learner / file, data, durable=False)
        return ""

    def commit(self, collected: Collected) -> None:
        write_atomic(self.folder / "manifest.csv", _manifest(collected), durable=False)
        write_atomic(self.folder / "collected.txt", collected.describe(), durable=False)
        sync_folder(self.folder)
        old = None
        if self.out.exists():
            old = self.out.with_name(f"{self.folder.name}.old")
            os.replace(self.out, old)
        os.replace(self.folder, self.out)
        if old is not None:
            shutil.rmtree(old, ignore_errors=True)

    def __enter__(self) -> Building:
        return self

    def __exit__(
        self,
        kind: type[BaseException] | None,
        error: BaseException | None,
        trace: TracebackType | None,
    ) -> None:
        if self.folder.exists():  # not committed: leave nothing behind
            shutil.rmtree(self.folder, ignore_errors=True)


def _manifest(collected: Collected) -> str:
    """`learner,file,submitted_at`, as `grader grade --manifest` reads it: only the files
    whose time the platform gave (lateness of the others is then unknown, not guessed)."""
    text = io.StringIO()
    writer = csv.writer(text, lineterminator="\n")
    writer.writerow(["learner", "file", "submitted_at"])
    for placed in collected.placed:
        if placed.submitted_at is not None:
            writer.writerow([placed.learner, placed.file, placed.submitted_at.isoformat()])
    return text.getvalue()
