"""What a grading depends on, as hashes: a learner's files for a module, and a module's checks.

A learner's module is graded again only when one of these changed since its last attempt.
"""

from __future__ import annotations

import hashlib
import json
import os
import stat
from collections.abc import Mapping
from dataclasses import asdict, dataclass, field
from pathlib import Path

from grader.course import Module
from grader.load import near_misses
from grader.load.submission import MAX_NOTEBOOK_BYTES, MAX_SOURCE_BYTES, SUFFIXES

__all__ = ["RULES", "Inputs", "checks_fingerprint", "learner_inputs"]

# The rules a result was made under, beyond the course's files: raised when a change to what
# the grader refuses, judges or discloses makes results kept in a gradebook stale, so that
# the next run grades every module again instead of showing what the old rules let through.
# 2: nothing derived from a withheld call is shown; instructor-only files are refused; what a
# learner controls is capped.
RULES = 2


@dataclass(frozen=True)
class Inputs:
    """A learner's files for one module, as hashes."""

    digest: str  # every candidate file's name and bytes (or, with none, the near misses)
    files: Mapping[str, str] = field(default_factory=dict)  # file name -> sha256 of its bytes


def learner_inputs(folder: Path, module: Module) -> Inputs:
    """Hash what grading `module` reads from a learner's folder: its `.py` and notebook (both
    take part in choosing which is graded), or, when there is neither, the misnamed files
    the report points out. Links are never followed."""
    files = {}
    for suffix in SUFFIXES:
        path = folder / f"{module.name}{suffix}"
        if (digest := _file_sha256(path)) is not None:
            files[path.name] = digest
    if not files:
        return Inputs(_sha256("missing", *near_misses(folder, module)))
    return Inputs(_sha256(*(f"{name}={digest}" for name, digest in files.items())), files)


def _file_sha256(path: Path) -> str | None:
    try:
        info = os.lstat(path)
    except FileNotFoundError:
        return None
    except OSError as error:
        return _sha256("unreadable", str(error.errno))
    if not stat.S_ISREG(info.st_mode):
        return _sha256("not a regular file", str(stat.S_IFMT(info.st_mode)))
    limit = MAX_NOTEBOOK_BYTES if path.suffix == ".ipynb" else MAX_SOURCE_BYTES
    try:
        fd = os.open(path, os.O_RDONLY | os.O_NOFOLLOW | os.O_NONBLOCK)
        with os.fdopen(fd, "rb") as handle:
            data = handle.read(limit + 1)  # a larger file is refused by its size anyway
    except OSError as error:
        return _sha256("unreadable", str(error.errno))
    if len(data) > limit:
        return _sha256("too large", str(info.st_size))
    return hashlib.sha256(data).hexdigest()


def checks_fingerprint(module: Module, grader_version: str) -> str:
    """Hash what grading any learner's `module` depends on besides their file: the public and
    hidden checks, the reference solution, the classic mistakes (they name misconceptions in
    the feedback), the handed-out stub and notebook (they decide which file is graded), the
    module's limits and preloaded libraries, the grader's version and its RULES."""
    parts = [f"grader {grader_version}", json.dumps(asdict(module.limits), sort_keys=True)]
    if module.preload:  # only then: a course without preloading keeps its fingerprints
        parts.append(f"preload {','.join(module.preload)}")
    parts.append(f"rules {RULES}")
    for path in (
        module.public_checks,
        module.hidden_checks,
        module.reference,
        module.stub,
        module.stub.with_suffix(".ipynb"),
        *module.mistakes,
    ):
        data = path.read_bytes() if path.is_file() else b""
        parts.append(f"{path.name}={hashlib.sha256(data).hexdigest()}")
    return _sha256(*parts)


def _sha256(*parts: str) -> str:
    # File names that are not UTF-8 hash as their bytes (valid names hash as they always did).
    return hashlib.sha256("\n".join(parts).encode("utf-8", "surrogateescape")).hexdigest()
