"""Reading what a platform gives: a folder or a zip, zips in it included, as a flat list of
files, within bounds, with every file that cannot be read safely set aside with why.

Everything here is hostile: a learner names their files and builds the zips they hand in, and
a platform's download is only as safe as what was handed in. So entries are bounded in number,
size, total size, compression ratio and nesting; an entry whose name leads out of its folder
(`..`, an absolute path) or that is a symbolic link is never extracted; a link in a source
folder is never followed; and a zip that cannot be read is that zip's problem, not the run's
(except the source itself, which is the user's input).
"""

from __future__ import annotations

import io
import os
import stat
import struct
import zipfile
from collections.abc import Iterator
from contextlib import ExitStack
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path

from grader.collect.model import Entry, Unplaced
from grader.errors import BadInput

__all__ = [
    "LITTER",
    "MAX_ENTRIES",
    "MAX_FILE_BYTES",
    "MAX_RATIO",
    "MAX_TOTAL_BYTES",
    "MAX_ZIP_DEPTH",
    "CollectSourceError",
    "Source",
    "is_litter",
    "read_source",
]

MAX_ENTRIES = 20_000  # files and folders read in all: a class of 500 with 40 files each
MAX_FILE_BYTES = 20 * 1024 * 1024  # one file: the largest a learner's notebook may be
MAX_TOTAL_BYTES = 2 * 1024**3  # uncompressed, in all
MAX_NESTED_ZIP_BYTES = 256 * 1024 * 1024  # a zip in a zip is read into memory to be opened
MAX_RATIO = 200  # uncompressed to compressed, for an entry over RATIO_FLOOR
RATIO_FLOOR = 1024 * 1024  # small entries compress as they please (a file of spaces)
MAX_ZIP_DEPTH = 3  # a platform's zip, a learner's zip in it, and one more
MAX_FOLDER_DEPTH = 16  # folders below the source's top

# Files an operating system, an archive tool, an editor or git leaves beside the learners':
# never a learner's work, never reported one by one.
LITTER = frozenset(
    {
        "__MACOSX",
        ".DS_Store",
        "Thumbs.db",
        "desktop.ini",
        ".git",
        "__pycache__",
        ".ipynb_checkpoints",
    }
)
UNIX_TIME_FIELD = 0x5455  # a zip's "extended timestamp": the file's time in UTC


class CollectSourceError(BadInput):
    """The source of submissions or the class folder to write cannot be used: no such source,
    a source zip that cannot be read, a class folder inside the source or one that holds
    other files."""


def is_litter(parts: tuple[str, ...]) -> bool:
    return any(part in LITTER or part.startswith("._") for part in parts)


@dataclass
class Source:
    """The files of a source that can be read, those that cannot (with why), and how many
    files of litter were passed over. Zips stay open until `close`."""

    entries: list[Entry] = field(default_factory=list)
    refused: list[Unplaced] = field(default_factory=list)
    litter: int = 0
    repositories: set[tuple[str, ...]] = field(default_factory=set)  # folders with a .git
    total: int = 0  # uncompressed bytes so far
    count: int = 0  # entries so far
    stack: ExitStack = field(default_factory=ExitStack)

    def close(self) -> None:
        self.stack.close()

    def pass_over(self, parts: tuple[str, ...], counted: bool = True) -> None:
        """Litter: counted, and a `.git` noted as its folder's (a clone of a repository)."""
        self.litter += counted
        if ".git" in parts:
            self.repositories.add(parts[: parts.index(".git")])

    def refuse(self, parts: tuple[str, ...], why: str) -> None:
        self.refused.append(Unplaced("/".join(parts), why))

    def over_count(self, parts: tuple[str, ...]) -> bool:
        """Count an entry; past MAX_ENTRIES, say so once and read no more."""
        self.count += 1
        if self.count == MAX_ENTRIES + 1:
            self.refuse(parts, f"not read, nor anything after it: more than {MAX_ENTRIES} files")
        return self.count > MAX_ENTRIES


def read_source(source: Path) -> Source:
    """Read `source`, a folder or a zip; a bad source is the user's input error."""
    found = Source()
    try:
        if source.is_dir():
            _read_folder(source, (), found, 0)
        elif source.is_file():
            _read_top_zip(source, found)
        else:
            raise CollectSourceError(f"{source}: no such file or folder")
    except BaseException:
        found.close()
        raise
    return found


def _read_top_zip(path: Path, found: Source) -> None:
    try:
        archive = found.stack.enter_context(zipfile.ZipFile(path))
    except (zipfile.BadZipFile, OSError, ValueError) as error:
        raise CollectSourceError(f"{path}: not a zip that can be read ({error})") from None
    _read_zip(archive, (), found, depth=1, dated=True)


def _read_folder(folder: Path, parts: tuple[str, ...], found: Source, depth: int) -> None:
    try:
        listing = sorted(os.scandir(folder), key=lambda entry: entry.name)
    except OSError as error:
        found.refuse(parts, f"a folder that cannot be read ({error.strerror})")
        return
    for item in listing:
        here = (*parts, item.name)
        if is_litter(here):
            found.pass_over(here)
        elif found.over_count(here):
            return
        elif item.is_symlink():
            found.refuse(here, "a link: links are never followed")
        elif item.is_dir(follow_symlinks=False):
            if depth >= MAX_FOLDER_DEPTH:
                found.refuse(here, f"folders nested more than {MAX_FOLDER_DEPTH} deep")
            else:
                _read_folder(Path(item.path), here, found, depth + 1)
        elif item.is_file(follow_symlinks=False):
            _folder_file(Path(item.path), here, _size(item), found)


def _size(item: os.DirEntry[str]) -> int:
    try:
        return item.stat(follow_symlinks=False).st_size
    except OSError:
        return 0  # gone since it was listed: reading it will say so


def _folder_file(path: Path, parts: tuple[str, ...], size: int, found: Source) -> None:
    if path.suffix.lower() == ".zip":
        try:
            archive = found.stack.enter_context(zipfile.ZipFile(path))
        except (zipfile.BadZipFile, OSError, ValueError) as error:
            found.refuse(parts, f"a zip that cannot be read ({error})")
            return
        # a zip in a folder is a learner's (the platform's is given as the source itself):
        # its dates are whatever they set
        _read_zip(archive, parts, found, depth=1, dated=False)
    elif _fits(parts, size, found):
        found.entries.append(Entry(parts, size, lambda: _read_file(path)))


def _read_file(path: Path) -> bytes:
    # opened without following a link: the file was a regular file when listed
    fd = os.open(path, os.O_RDONLY | getattr(os, "O_NOFOLLOW", 0))
    with os.fdopen(fd, "rb") as file:
        data = file.read(MAX_FILE_BYTES + 1)
    if len(data) > MAX_FILE_BYTES:
        raise OSError("it grew past the size it had when listed")
    return data


def _fits(parts: tuple[str, ...], size: int, found: Source) -> bool:
    if size > MAX_FILE_BYTES:
        found.refuse(parts, f"too big: {size:,} bytes (at most {MAX_FILE_BYTES:,})")
        return False
    if found.total + size > MAX_TOTAL_BYTES:
        found.refuse(parts, f"not read: the source holds more than {MAX_TOTAL_BYTES:,} bytes")
        return False
    found.total += size
    return True


def _read_zip(
    archive: zipfile.ZipFile, parts: tuple[str, ...], found: Source, depth: int, dated: bool
) -> None:
    """The zip's entries; `dated` when it is the platform's own, whose dates it set."""
    for info in archive.infolist():
        inner, why = _entry_parts(info)
        here = (*parts, *inner) if inner else (*parts, info.filename)
        if inner and is_litter(inner):
            found.pass_over((*parts, *inner), counted=not info.is_dir())
        elif found.over_count(here):
            return
        elif why:
            found.refuse(here, why)
        elif not info.is_dir():
            _zip_member(archive, info, here, found, depth, dated)


def _zip_member(
    archive: zipfile.ZipFile,
    info: zipfile.ZipInfo,
    parts: tuple[str, ...],
    found: Source,
    depth: int,
    dated: bool,
) -> None:
    if _bomb(info):
        found.refuse(parts, f"compressed more than {MAX_RATIO} to 1: a zip bomb, not read")
        return
    if parts[-1].lower().endswith(".zip"):
        _nested_zip(archive, info, parts, found, depth)
    elif _fits(parts, info.file_size, found):
        time = _entry_time(info) if dated else None
        found.entries.append(
            Entry(parts, info.file_size, lambda: _read_member(archive, info), time)
        )


def _bomb(info: zipfile.ZipInfo) -> bool:
    big = info.file_size > RATIO_FLOOR
    return big and (not info.compress_size or info.file_size / info.compress_size > MAX_RATIO)


def _nested_zip(
    archive: zipfile.ZipFile,
    info: zipfile.ZipInfo,
    parts: tuple[str, ...],
    found: Source,
    depth: int,
) -> None:
    if depth >= MAX_ZIP_DEPTH:
        found.refuse(parts, f"a zip nested more than {MAX_ZIP_DEPTH} deep, not opened")
        return
    if info.file_size > MAX_NESTED_ZIP_BYTES or found.total + info.file_size > MAX_TOTAL_BYTES:
        found.refuse(parts, f"a zip too big to open: {info.file_size:,} bytes")
        return
    try:
        data = _read_member(archive, info, MAX_NESTED_ZIP_BYTES)
        inner = zipfile.ZipFile(io.BytesIO(data))
    except (zipfile.BadZipFile, OSError, ValueError, EOFError) as error:
        found.refuse(parts, f"a zip that cannot be read ({error})")
        return
    found.total += len(data)
    _read_zip(inner, parts, found, depth + 1, dated=False)


def _read_member(
    archive: zipfile.ZipFile, info: zipfile.ZipInfo, limit: int = MAX_FILE_BYTES
) -> bytes:
    """The entry's bytes, never more than `limit` (a zip's sizes are the zip's word only)."""
    with archive.open(info) as member:
        data = member.read(limit + 1)
    if len(data) > limit:
        raise OSError(f"more than {limit:,} bytes uncompressed")
    return data


def _entry_parts(info: zipfile.ZipInfo) -> tuple[tuple[str, ...], str]:
    """The entry's path as parts, or why it is never extracted."""
    name = _decoded(info).replace("\\", "/")
    if stat.S_ISLNK(info.external_attr >> 16):
        return (), "a symbolic link in a zip: never extracted"
    if name.startswith("/") or (len(name) > 1 and name[1] == ":"):
        return (), "an absolute path in a zip: never extracted"
    parts = tuple(part for part in name.split("/") if part not in ("", "."))
    if ".." in parts:
        return (), "a path out of its folder (..) in a zip: never extracted"
    if any("\x00" in part or len(part.encode("utf-8", "replace")) > 255 for part in parts):
        return (), "a name no file system takes"
    return parts, "" if parts else "an entry without a name"


def _decoded(info: zipfile.ZipInfo) -> str:
    """The entry's name: zips from Windows and macOS tools often hold UTF-8 names without the
    flag that says so, which zipfile then reads as code page 437."""
    if info.flag_bits & 0x800:
        return info.filename
    try:
        return info.filename.encode("cp437").decode("utf-8")
    except (UnicodeEncodeError, UnicodeDecodeError):
        return info.filename


def _entry_time(info: zipfile.ZipInfo) -> datetime | None:
    """The entry's time: in UTC when the zip gives it so (the extended timestamp), else the
    zip's own date and time, which has no time zone (the local time of the machine that wrote
    it): returned naive, for the platform's adapter to say what it means."""
    if (seconds := _unix_time(info.extra)) is not None:
        return datetime.fromtimestamp(seconds, UTC)
    try:
        return datetime(*info.date_time)
    except ValueError:
        return None


def _unix_time(extra: bytes) -> int | None:
    for kind, body in _extra_fields(extra):
        if kind == UNIX_TIME_FIELD and len(body) >= 5 and body[0] & 1:
            return int(struct.unpack("<i", body[1:5])[0])
    return None


def _extra_fields(extra: bytes) -> Iterator[tuple[int, bytes]]:
    at = 0
    while at + 4 <= len(extra):
        kind, size = struct.unpack("<HH", extra[at : at + 4])
        yield kind, extra[at + 4 : at + 4 + size]
        at += 4 + size
