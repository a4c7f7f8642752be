"""Reports of grading results: HTML pages for learners and instructors, text for the terminal.

Every format renders the same result objects (`grader.results`); the HTML comes from jinja2
templates in `templates/`, autoescaped, because nearly every string in a report (code, output,
file names, learner ids) comes from a learner.
"""

from .html import render_class_html, render_learner_html
from .terminal import render_check_text

__all__ = ["render_check_text", "render_class_html", "render_learner_html"]
