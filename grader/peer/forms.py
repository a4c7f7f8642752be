"""Review forms: the plain TOML file a reviewer fills in offline for one submission, and hands
in through the same channels as their work.

    # Review of submission K7QX2M (capstone) ...
    form = "peer review"
    module = "capstone"
    submission = "K7QX2M"
    reviewer = "ada"

    [clarity]
    level = ""          # one of "clear", "mostly_clear", "hard_to_follow"
    comment = \"\"\"
    \"\"\"

    [overall]
    comment = \"\"\"
    \"\"\"

Its name, `capstone-review-K7QX2M.toml`, says the module and the submission too.

`judge` reads a handed-in form and decides whether it counts: whole (a ReviewForm) or not at
all (a Refusal, with a sentence that says what to fix). The form is the reviewer's, read in
the grader's own process: bounded before tomllib reads it (its size, keys dotted deeper than
MAX_KEY_DEPTH, whose cost grows with the square of their depth), and after (nesting past
tomllib's recursion, numbers past Python's digits limit, every text's length).
"""

from __future__ import annotations

import hashlib
import re
import textwrap
import tomllib
from collections.abc import Collection, Mapping
from dataclasses import dataclass
from pathlib import PurePosixPath
from typing import Any

from grader.collect.model import shown
from grader.collect.names import review_form
from grader.course.peer_review import Criterion, PeerReview
from grader.peer.inbox import MAX_FORM_BYTES, HandedIn
from grader.results.peer import ReviewScore

__all__ = [
    "FORM",
    "MAX_COMMENT_CHARS",
    "MAX_KEY_DEPTH",
    "Refusal",
    "ReviewForm",
    "form_name",
    "form_text",
    "judge",
]

FORM = "peer review"  # the `form` key of every review form
OVERALL = "overall"  # the table of the overall comment
HEAD = ("form", "module", "submission", "reviewer")  # the form's own keys, above the tables
MAX_COMMENT_CHARS = 5_000  # a comment: a long page
MAX_KEY_DEPTH = 16  # dots in a key or a [table] header; a form's keys have none
MAX_SHOWN = 40  # characters of a reviewer's text quoted in a message
CONTROLS = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]")  # all but tab and line feed


def form_name(module: str, pseudonym: str) -> str:
    """The file name of the form for one submission: `capstone-review-K7QX2M.toml`."""
    return f"{module}-review-{pseudonym}.toml"


def form_text(*, settings: PeerReview, pseudonym: str, reviewer: str) -> str:
    """The empty form `reviewer` fills in for the submission known as `pseudonym`."""
    module = settings.module
    head = [
        f"# Review of submission {pseudonym} ({module}).",
        "# For each criterion, write the id of one level between the quotes of `level`, and",
        "# your comment between the triple quotes of `comment` (required where it says so).",
        f"# Hand it in as {form_name(module, pseudonym)}, with your work; a form handed in",
        "# again replaces the one before. Leave the four lines below as they are.",
        "",
        f'form = "{FORM}"',
        f'module = "{module}"',
        f'submission = "{pseudonym}"',
        f"reviewer = {_quoted(reviewer)}",
    ]
    criteria = [line for c in settings.criteria for line in _criterion(c)]
    overall = [
        "",
        f"[{OVERALL}]",
        "# Anything else the author should know (optional).",
        *_comment(),
    ]
    return "\n".join([*head, *criteria, *overall]) + "\n"


def _criterion(criterion: Criterion) -> list[str]:
    lines = ["", f"[{criterion.id}]", *_wrapped(f"{criterion.title}: {criterion.description}")]
    for level in criterion.levels:
        lines += _wrapped(
            f'"{level.id}" ({level.points:g} points): {level.title}. {level.description}'
        )
    lines.append(f"# Comment {'required' if criterion.comment_required else 'optional'}.")
    return [*lines, 'level = ""', *_comment()]


def _comment() -> list[str]:
    return ['comment = """', '"""']


def _wrapped(text: str) -> list[str]:
    return [f"# {line}" for line in textwrap.wrap(" ".join(text.split()), 88)]


def _quoted(text: str) -> str:
    escaped = text.replace("\\", "\\\\").replace('"', '\\"')
    return f'"{escaped}"'


# -- reading a handed-in form ---------------------------------------------------------------


@dataclass(frozen=True)
class ReviewForm:
    """A form that counts: one review of `submission` by `reviewer`."""

    module: str
    submission: str  # the pseudonym
    reviewer: str
    scores: tuple[ReviewScore, ...]  # in the rubric's order
    comment: str  # the overall comment
    file: str
    sha256: str  # of the form's bytes
    submitted_at: str | None


@dataclass(frozen=True)
class Refusal:
    """A form that counts nothing, and why."""

    reviewer: str | None
    file: str
    sha256: str
    message: str  # a clear sentence for the reviewer and the instructor


class _Refused(Exception):
    """Why the form being judged counts nothing; never leaves this module."""


def judge(
    handed: HandedIn,
    *,
    settings: Mapping[str, PeerReview],
    assigned: Mapping[tuple[str, str], Collection[str]],
    own: Mapping[tuple[str, str], str] | None = None,
) -> ReviewForm | Refusal:
    """Whether `handed` counts, and as what. `settings`: module -> its peer review;
    `assigned`: (module, reviewer) -> the pseudonyms they review; `own`: (module, learner) ->
    their own submission's pseudonym, to say so when a reviewer hands in a form for it."""
    digest = hashlib.sha256(handed.data).hexdigest()
    data: dict[str, Any] = {}
    try:
        data = _parsed(handed)
        module = _module(data, settings)
        reviewer = _reviewer(data, handed.reviewer)
        submission = _submission(data, handed, module, reviewer, assigned, own or {})
        _known_keys(data, settings[module])
        scores = tuple(_score(data, criterion) for criterion in settings[module].criteria)
        comment = _overall(data)
    except _Refused as refused:
        return Refusal(_claimed(data, handed.reviewer), handed.file, digest, str(refused))
    return ReviewForm(
        module, submission, reviewer, scores, comment, handed.file, digest, handed.submitted_at
    )


def _claimed(data: dict[str, Any], folder: str | None) -> str | None:
    """Whom to tell of a refusal: the folder's learner; for a loose form, whom it names, if
    it can be read that far (only a form that counts is taken as theirs)."""
    said = data.get("reviewer")
    if folder is not None or not isinstance(said, str):
        return folder
    said = said.strip()
    return said if 0 < len(said) <= MAX_SHOWN and said.isprintable() else None


def _parsed(handed: HandedIn) -> dict[str, Any]:
    if handed.problem:
        raise _Refused(f"{handed.problem}; the form counts nothing")
    if len(handed.data) > MAX_FORM_BYTES:
        raise _Refused(
            f"too big: {len(handed.data):,} bytes, and a review form is at most "
            f"{MAX_FORM_BYTES:,} ({MAX_FORM_BYTES // 1024} KiB): shorten its comments"
        )
    try:
        text = handed.data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        raise _Refused(
            f"not UTF-8 text (byte 0x{handed.data[error.start]:02x} at position "
            f"{error.start}): save the form as UTF-8 in your editor and hand it in again"
        ) from None
    _shape(text)
    return _toml(text)


def _shape(text: str) -> None:
    """Refuse keys dotted too deep before tomllib reads them (a key cannot span lines: a
    line's dots bound its depth). A line of a comment that happens to look like a key is
    harmless below MAX_KEY_DEPTH dots."""
    for number, line in enumerate(text.splitlines(), 1):
        stripped = line.lstrip()
        key = line.partition("=")[0] if "=" in line else line if stripped[:1] == "[" else ""
        if key.count(".") > MAX_KEY_DEPTH:
            raise _Refused(
                f"line {number}: a key dotted more than {MAX_KEY_DEPTH} levels deep "
                f"({_shown(key.strip())}); a review form's keys have no dots"
            )


def _toml(text: str) -> dict[str, Any]:
    try:
        return tomllib.loads(text)
    except tomllib.TOMLDecodeError as error:
        raise _Refused(_not_toml(error, text)) from None
    except RecursionError:
        raise _Refused(
            "lists or tables nested too deeply to be read: a review form holds texts only "
            '(level = "...", comment = """...""")'
        ) from None
    except ValueError as error:  # a number past Python's digits limit, which tomllib lets out
        why = (
            "a number in it has more digits than can be read"
            if "digits" in str(error)
            else str(error)[:120]
        )
        raise _Refused(
            f"not a form that can be read: {why}; a review form holds texts only"
        ) from None


def _not_toml(error: tomllib.TOMLDecodeError, text: str) -> str:
    message = str(error)
    found = re.search(r"\s*\(at line (\d+), column (\d+)\)$", message)
    if not found:
        return f"not valid TOML: {message[:200]}"
    number = int(found[1])
    lines = text.splitlines()
    line = lines[number - 1].strip() if number <= len(lines) else ""
    what = message[: found.start()].rstrip(".")
    quoted = f" (`{_shown(line)[1:-1]}`)" if line else ""
    return (
        f"not valid TOML at line {number}, column {found[2]}{quoted}: "
        f"{what[:1].lower()}{what[1:]}. Texts go between quotes: "
        'level = "clear", and comments between triple quotes: comment = """..."""'
    )


def _module(data: dict[str, Any], settings: Mapping[str, PeerReview]) -> str:
    form = data.get("form")
    if form != FORM:
        said = "it has no `form` key" if form is None else f"its `form` is {_shown(form)}"
        raise _Refused(
            f'not a review form: {said}, where a review form says form = "{FORM}"; '
            "leave the first lines of the form as they were handed out"
        )
    module = _text(data, "module", "the form")
    if module not in settings:
        reviewed = ", ".join(sorted(settings)) or "none"
        raise _Refused(
            f"for module {_shown(module)}, which is not peer reviewed in this course "
            f"(modules reviewed: {reviewed})"
        )
    return module


def _reviewer(data: dict[str, Any], folder: str | None) -> str:
    """Who reviewed: the learner whose folder the form was in, which a form may not deny; a
    loose form says it itself."""
    if "reviewer" not in data and folder is not None:
        return folder
    reviewer = _text(data, "reviewer", "the form", missing="").strip()
    if folder is None and not reviewer:
        raise _Refused(
            "a loose form without a reviewer: a form handed in outside a learner's folder "
            'must say who reviewed (reviewer = "your id")'
        )
    if folder is not None and reviewer != folder:
        raise _Refused(
            f"says reviewer = {_shown(reviewer)}, but was handed in by {_shown(folder)} "
            "(it was in their folder): a reviewer hands in their own reviews only"
        )
    return reviewer


def _submission(
    data: dict[str, Any],
    handed: HandedIn,
    module: str,
    reviewer: str,
    assigned: Mapping[tuple[str, str], Collection[str]],
    own: Mapping[tuple[str, str], str],
) -> str:
    said = _text(data, "submission", "the form").strip()
    if not said:
        raise _Refused("`submission` is empty: it says which submission this form reviews")
    _named_alike(handed.file, module, said)
    theirs = sorted(assigned.get((module, reviewer), ()))
    match = next((p for p in theirs if p.casefold() == said.casefold()), None)
    if match is not None:
        return match
    if (mine := own.get((module, reviewer))) and mine.casefold() == said.casefold():
        raise _Refused(
            f"for {_shown(reviewer)}'s own submission ({mine}): nobody reviews their own work"
        )
    if not theirs:
        raise _Refused(f"for {module}, {_shown(reviewer)} was given no submission to review")
    raise _Refused(
        f"for submission {_shown(said)}, which {_shown(reviewer)} was not asked to review in "
        f"{module} (their reviews: {', '.join(theirs)})"
    )


def _named_alike(file: str, module: str, said: str) -> None:
    """A form named for one submission that says another was most likely copied from a form
    and not changed: counting it for either could be wrong."""
    name = review_form(PurePosixPath(file).name, (module,))
    if name is not None and name.pseudonym.casefold() != said.casefold():
        raise _Refused(
            f"named for submission {name.pseudonym}, but says submission = {_shown(said)}: "
            "was it copied from another form? Each form keeps the submission it was made for"
        )


def _known_keys(data: dict[str, Any], settings: PeerReview) -> None:
    tables = [criterion.id for criterion in settings.criteria]
    if unknown := [key for key in data if key not in {*HEAD, OVERALL, *tables}]:
        raise _Refused(
            f"an unknown key or table {_shown(unknown[0])}: a review form of {settings.module} "
            f"has {', '.join(HEAD)}, the tables of its criteria ({', '.join(tables)}) "
            f"and [{OVERALL}]"
        )


def _score(data: dict[str, Any], criterion: Criterion) -> ReviewScore:
    table = _table(data, criterion.id, ("level", "comment"))
    if table is None:
        raise _Refused(
            f"no [{criterion.id}] table: every criterion of the rubric is marked, with "
            f'level = "..." in its table'
        )
    level_id = _text(table, "level", f"[{criterion.id}]").strip()
    ids = ", ".join(f'"{level.id}"' for level in criterion.levels)
    if not level_id:
        raise _Refused(f"[{criterion.id}]: `level` is empty: write one of {ids}")
    level = criterion.level(level_id) or criterion.level(level_id.lower())
    if level is None:
        raise _Refused(
            f"[{criterion.id}]: {_shown(level_id)} is not a level of {criterion.id}: "
            f"write one of {ids}"
        )
    comment = _comment_in(table, f"[{criterion.id}]")
    if criterion.comment_required and not comment:
        raise _Refused(
            f"[{criterion.id}]: a comment is required for {criterion.id}: write it between "
            'the triple quotes of comment = """..."""'
        )
    return ReviewScore(criterion.id, level.id, level.points, comment)


def _overall(data: dict[str, Any]) -> str:
    table = _table(data, OVERALL, ("comment",))
    return "" if table is None else _comment_in(table, f"[{OVERALL}]")


def _table(data: dict[str, Any], name: str, keys: tuple[str, ...]) -> dict[str, Any] | None:
    if name not in data:
        return None
    table = data[name]
    if not isinstance(table, dict):
        raise _Refused(
            f"`{name}` must be the table [{name}] (with {' and '.join(keys)} on lines below "
            f"it), not {_kind(table)}"
        )
    if unknown := [key for key in table if key not in keys]:
        raise _Refused(
            f"[{name}] has an unknown key {_shown(unknown[0])}: it takes {' and '.join(keys)}"
        )
    return table


def _comment_in(table: dict[str, Any], where: str) -> str:
    """The comment, without the controls an escape can write in TOML (`\\u001b`), which
    would reach the author's terminal or page as they are: tabs and lines are kept."""
    comment = CONTROLS.sub("", _text(table, "comment", where, missing="")).strip()
    if len(comment) > MAX_COMMENT_CHARS:
        raise _Refused(
            f"{where}: the comment is {len(comment):,} characters long, and a comment is at "
            f"most {MAX_COMMENT_CHARS:,}: shorten it"
        )
    return comment


def _text(table: dict[str, Any], key: str, where: str, missing: str | None = None) -> str:
    if key not in table:
        if missing is not None:
            return missing
        raise _Refused(f"{where} has no `{key}`: leave the lines of the form as handed out")
    value = table[key]
    if not isinstance(value, str):
        raise _Refused(
            f'{where}: `{key}` must be a text between quotes ({key} = "..."), not {_kind(value)}'
        )
    return value


def _kind(value: Any) -> str:
    kinds = {bool: "true or false", int: "a number", float: "a number", list: "a list"}
    kinds |= {dict: "a table", str: "a text"}
    kind = next((words for cls, words in kinds.items() if isinstance(value, cls)), "a date")
    return f"{kind} ({_shown(value)})" if kind in ("a number", "true or false") else kind


def _shown(value: Any) -> str:
    """A reviewer's text as a message quotes it: short, its controls written as `\\xNN`."""
    text = value if isinstance(value, str) else repr(value)
    text = str(value).lower() if isinstance(value, bool) else text  # as TOML writes it
    text = text if len(text) <= MAX_SHOWN else f"{text[:MAX_SHOWN]}…"
    return f'"{shown(text)}"' if isinstance(value, str) else shown(text)
