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
"""

from __future__ import annotations

import textwrap

from grader.course.peer_review import Criterion, PeerReview

__all__ = ["FORM", "form_name", "form_text"]

FORM = "peer review"  # the `form` key of every review form
OVERALL = "overall"  # the table of the overall comment


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
