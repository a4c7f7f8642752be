"""Reports of grading results: HTML pages for learners and instructors, text for the terminal.

Every format renders the same result objects (`grader.results`); the HTML comes from jinja2
templates in `templates/`, autoescaped, because nearly every string in a report (code, output,
file names, learner ids) comes from a learner.
"""

from typing import TYPE_CHECKING, Any

from grader.reports.terminal import render_check_text

if TYPE_CHECKING:
    from grader.reports._class_summary import ClassTally, LearnerRecord
    from grader.reports._evaluation_view import EvaluationView, evaluation_views
    from grader.reports._highlight import code_css, highlighted_lines
    from grader.reports._learner_board import ClassBoards, class_boards
    from grader.reports.html import (
        prepare,
        render_class_html,
        render_learner_html,
        render_summary_html,
        summary_html_pieces,
    )

__all__ = [
    "ClassBoards",
    "ClassTally",
    "EvaluationView",
    "LearnerRecord",
    "class_boards",
    "code_css",
    "evaluation_views",
    "highlighted_lines",
    "prepare",
    "render_check_text",
    "render_class_html",
    "render_learner_html",
    "render_summary_html",
    "summary_html_pieces",
]


def __getattr__(name: str) -> Any:
    # The HTML side (jinja2, Pygments) loads only when a page is rendered: a terminal
    # self-check never pays for it.
    if name in (
        "prepare",
        "render_class_html",
        "render_learner_html",
        "render_summary_html",
        "summary_html_pieces",
    ):
        from grader.reports import html

        return getattr(html, name)
    if name in ("ClassTally", "LearnerRecord"):
        from grader.reports import _class_summary

        return getattr(_class_summary, name)
    if name in ("code_css", "highlighted_lines"):  # for pages of code outside the reports
        from grader.reports import _highlight

        return getattr(_highlight, name)
    if name in ("EvaluationView", "evaluation_views"):
        from grader.reports import _evaluation_view

        return getattr(_evaluation_view, name)
    if name in ("ClassBoards", "class_boards"):
        from grader.reports import _learner_board

        return getattr(_learner_board, name)
    raise AttributeError(name)
