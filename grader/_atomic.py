"""Write files atomically, so that a reader never sees half a report."""

from __future__ import annotations

import ctypes
import os
import tempfile
from pathlib import Path

__all__ = ["AtomicFile", "sync_folder", "write_atomic"]


def write_atomic(path: Path, data: str | bytes, *, durable: bool = True) -> None:
    """Write `data` to a temporary file beside `path`, flush it to disk, then rename it over.
    With `durable=False` the flush to disk is left to a later `sync_folder` (one for many
    files: a flush each costs milliseconds of waiting on the disk)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    raw = data.encode("utf-8") if isinstance(data, str) else data
    fd, temporary = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(raw)
            handle.flush()
            if durable:
                os.fsync(handle.fileno())
        os.chmod(temporary, 0o644)
        os.replace(temporary, path)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise


def sync_folder(folder: Path) -> None:
    """Flush to disk everything written on the file system that holds `folder`."""
    fd = os.open(folder, os.O_RDONLY | os.O_DIRECTORY)
    try:
        syncfs = getattr(ctypes.CDLL(None, use_errno=True), "syncfs", None)
        if syncfs is None or syncfs(fd) != 0:
            os.sync()
    finally:
        os.close(fd)


class AtomicFile:
    """A file written piece by piece beside `path` and put in its place only by `commit`, so
    that a large file can be streamed out and a reader still never sees half of it."""

    def __init__(self, path: Path) -> None:
        path.parent.mkdir(parents=True, exist_ok=True)
        self.path = path
        fd, temporary = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
        self._temporary = Path(temporary)
        self._handle = os.fdopen(fd, "w", encoding="utf-8", newline="")

    def write(self, text: str) -> None:
        self._handle.write(text)

    def commit(self) -> None:
        """Flush the file to disk and rename it over `path`."""
        self._handle.flush()
        os.fsync(self._handle.fileno())
        self._handle.close()
        os.chmod(self._temporary, 0o644)
        os.replace(self._temporary, self.path)

    def abandon(self) -> None:
        """Leave `path` as it was."""
        self._handle.close()
        self._temporary.unlink(missing_ok=True)

    def __enter__(self) -> AtomicFile:
        return self

    def __exit__(self, kind: type[BaseException] | None, *rest: object) -> None:
        if not self._handle.closed:  # an error, or neither commit nor abandon was called
            self.abandon()
