"""HTML reports: one learner's feedback page, and the instructor's class summary."""

from __future__ import annotations

import base64
import hashlib
from collections.abc import Iterator, Mapping
from functools import cache
from importlib.resources import files

from markupsafe import Markup

from grader import __version__
from grader.reports._class_summary import ClassSummary, summarize
from grader.reports._highlight import code_css, highlighted_lines
from grader.reports._learner_board import ClassBoards
from grader.reports._learner_view import module_views, quiz_revisions, revisions
from grader.reports._templates import template, template_names
from grader.results import ClassResult, IsolationLevel, LearnerResult

__all__ = [
    "prepare",
    "render_class_html",
    "render_learner_html",
    "render_summary_html",
    "summary_html_pieces",
]


def prepare() -> None:
    """Compile the templates and set up the code highlighter now, in a process about to fork
    the processes that render pages: each of them would do it again on its first page
    (about 150 ms of CPU)."""
    for name in template_names():  # the pages' own, and those they extend and import
        template(name)
    code_css()
    highlighted_lines(
        'import numpy as np\n\n\ndef f(x, y=1.0):\n    """Doc."""\n'
        "    return np.sum([x, y]) + 2 ** 3  # note\n"
    )


def render_learner_html(
    learner: LearnerResult,
    *,
    course_title: str,
    isolation: str = "",
    generated: str = "",
    boards: ClassBoards | None = None,
) -> str:
    """One learner's feedback page: what to revise, then each module's checks and code; with
    `boards`, a project's leaderboards where only the learner's own rows say whose they are."""
    views = module_views(learner, boards)
    return template("learner.html.j2").render(
        learner=learner,
        views=views,
        revisions=revisions(views),
        quiz_revisions=quiz_revisions(learner),
        code_css=code_css(),
        policy=content_policy(""),
        course_title=course_title,
        isolation=isolation,
        generated=generated,
        # A LearnerResult does not carry the version that graded it: this is the renderer's.
        grader_version=__version__,
    )


def render_class_html(
    result: ClassResult,
    *,
    course_title: str,
    report_links: Mapping[str, str] | None = None,
    generated: str = "",
) -> str:
    """The instructor's page: score statistics and charts, every learner, every check."""
    return render_summary_html(
        summarize(result, report_links or {}),
        course_title=course_title,
        isolation=isolation_words(result.isolation),
        grader_version=result.grader_version,
        generated=generated,
    )


def render_summary_html(
    summary: ClassSummary,
    *,
    course_title: str,
    isolation: str,
    grader_version: str,
    generated: str = "",
) -> str:
    """The instructor's page from a class summary already worked out (see `ClassTally`)."""
    return "".join(
        summary_html_pieces(
            summary,
            course_title=course_title,
            isolation=isolation,
            grader_version=grader_version,
            generated=generated,
        )
    )


def summary_html_pieces(
    summary: ClassSummary,
    *,
    course_title: str,
    isolation: str,
    grader_version: str,
    generated: str = "",
) -> Iterator[str]:
    """`render_summary_html` piece by piece, to be written out as it comes: the page of a
    large class is never all in memory, nor are the many small strings it is made of."""
    script = _table_script()
    return template("class.html.j2").generate(
        summary=summary,
        script=script,
        policy=content_policy(script),
        course_title=course_title,
        isolation=isolation,
        generated=generated,
        grader_version=grader_version,
    )


def isolation_words(isolation: IsolationLevel | None) -> str:
    """`strong (namespaces, landlock ABI 7, ...)` from the isolation a run recorded; "" if none."""
    return isolation.words() if isolation is not None else ""


def content_policy(script: str) -> Markup:
    """The page's Content-Security-Policy: nothing is loaded from anywhere, and the only
    script that may run is the page's own, by its hash; markup a learner slipped past the
    escaping could neither run nor send anything."""
    scripts = "'none'"
    if script:
        digest = base64.b64encode(hashlib.sha256(script.encode("utf-8")).digest()).decode()
        scripts = f"'sha256-{digest}'"
    return Markup(
        f"default-src 'none'; script-src {scripts}; style-src 'unsafe-inline'; "
        "img-src 'none'; base-uri 'none'; form-action 'none'"
    )


@cache
def _table_script() -> Markup:
    """The class page's one script: it is ours, and goes into the page as it is."""
    text = (files("grader.reports") / "templates" / "everyone.js").read_text(encoding="utf-8")
    return Markup(text)
