"""Names: which module file a handed-in file is meant as, and readable learner ids made from
what a platform gives.

Learners name their files as they please and platforms rename them: `Regression.py`,
`regression (1).py` (a browser's second download), `regression-1.py` (Canvas's resubmission),
`regression.PY`, `homework/regression.py` (an unzipped folder). Each of these is the module's
file; whether it is the one to grade is decided by the caller, among all of a learner's files.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Collection
from dataclasses import dataclass

__all__ = ["MAX_WITHIN", "Target", "slug", "target"]

# File kinds a learner hands in for a module, longest suffix first: `.quiz.toml` ends in `.toml`.
KINDS = (".quiz.toml", ".ipynb", ".py")
COPY_MARK = re.compile(r"(?:\s*\(\d{1,3}\)|-\d{1,3})$")  # ` (1)` from a browser, `-1` from Canvas
MAX_WITHIN = 4  # parts of a path in a learner's submission: a zip, two folders, the file


@dataclass(frozen=True)
class Target:
    """The module file a handed-in file is taken for, and whether it was named exactly so
    at the top of the learner's submission."""

    file: str
    exact: bool


def target(within: tuple[str, ...], modules: Collection[str]) -> Target | None:
    """The module file `within` (a path in a learner's submission) is meant as, or None."""
    if not within or len(within) > MAX_WITHIN:
        return None
    name = unicodedata.normalize("NFC", within[-1]).strip()
    lower = name.lower()
    kind = next((k for k in KINDS if lower.endswith(k)), None)
    if kind is None:
        return None
    stem = lower[: -len(kind)].strip()
    if stem not in modules:
        stem = COPY_MARK.sub("", stem).strip()
    if stem not in modules:
        return None
    file = f"{stem}{kind}"
    return Target(file, exact=len(within) == 1 and name == file)


def slug(text: str) -> str:
    """A readable id from a person's name: `Zoë O'Brien` -> `zoe_obrien`."""
    folded = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode("ascii")
    folded = folded.lower().replace("'", "").replace("\u2019", "")
    return re.sub(r"[^a-z0-9]+", "_", folded).strip("_")[:64]
