"""Names: which module file a handed-in file is meant as, and readable learner ids made from
what a platform gives.

Learners name their files as they please and platforms rename them: `Regression.py`,
`regression (1).py` (a browser's second download), `regression-1.py` (Canvas's resubmission),
`regression.PY`, `homework/regression.py` (an unzipped folder). Each of these is the module's
file; whether it is the one to grade is decided by the caller, among all of a learner's files.
A peer review form (`capstone-review-K7QX2M.toml`, see grader.peer.forms) is recognised the
same way, and kept under its own name: `Capstone_Review_K7QX2M (1).toml` is that form too.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Collection
from dataclasses import dataclass

__all__ = ["MAX_WITHIN", "FormName", "Target", "review_form", "slug", "target"]

# File kinds a learner hands in for a module, longest suffix first: `.quiz.toml` ends in `.toml`.
KINDS = (".quiz.toml", ".ipynb", ".py")
COPY_MARK = re.compile(r"(?:\s*\(\d{1,3}\)|-\d{1,3})$")  # ` (1)` from a browser, `-1` from Canvas
MAX_WITHIN = 4  # parts of a path in a learner's submission: a zip, two folders, the file
# `<module>-review-<pseudonym>.toml`, as grader.peer.forms.form_name writes it; a platform or
# an editor may change the case or the dashes, and add a copy mark.
REVIEW_FORM = re.compile(
    r"(?P<module>[^/]{1,64}?)[-_ ]review[-_ ](?P<pseudonym>[a-z0-9]{1,32})"
    r"(?P<copy>\s*\((?P<browser>\d{1,3})\)|-(?P<canvas>\d{1,3}))?\.toml",
    re.IGNORECASE,
)


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
    if form := review_form(name, modules):
        return Target(form.file, exact=len(within) == 1 and name == form.file)
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


@dataclass(frozen=True)
class FormName:
    """What a review form's file name says: its module, the submission's pseudonym, the name
    it is kept under, and its copy number (`(2)` or `-2`; 0 without a copy mark)."""

    module: str
    pseudonym: str
    file: str
    copy: int = 0


def review_form(name: str, modules: Collection[str]) -> FormName | None:
    """The review form a file named `name` is, or None (also for a module not in `modules`)."""
    found = REVIEW_FORM.fullmatch(unicodedata.normalize("NFC", name).strip())
    if found is None:
        return None
    by_lower = {module.lower(): module for module in modules}
    module = by_lower.get(found["module"].strip().lower())
    if module is None:
        return None
    pseudonym = found["pseudonym"]
    copy = int(found["browser"] or found["canvas"] or 0)
    return FormName(module, pseudonym, f"{module}-review-{pseudonym}.toml", copy)


def slug(text: str) -> str:
    """A readable id from a person's name: `Zoë O'Brien` -> `zoe_obrien`."""
    folded = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode("ascii")
    folded = folded.lower().replace("'", "").replace("\u2019", "")
    return re.sub(r"[^a-z0-9]+", "_", folded).strip("_")[:64]
