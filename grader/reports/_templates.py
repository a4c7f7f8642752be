"""The one jinja2 environment of the reports: built on first use, its compiled templates reused."""

from __future__ import annotations

from functools import cache

from jinja2 import Environment, PackageLoader, StrictUndefined, Template

from grader.reports import _wording

__all__ = ["template", "template_names"]


@cache
def _environment() -> Environment:
    environment = Environment(
        loader=PackageLoader("grader.reports", "templates"),
        autoescape=True,  # every string in a report may come from a learner
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        auto_reload=False,  # reports are rendered by the hundred: never stat the templates
    )
    environment.filters.update(
        points=_wording.points,
        lead=_wording.lead,
        module_word=_wording.module_word,
        question_word=_wording.question_word,
        question_icon=_wording.question_icon,
        when=_wording.when,
        late_words=_wording.late_words,
        days=_wording.days,
        sentence=_wording.sentence,
    )
    environment.globals.update(percent=_wording.percent, to_fix=_wording.to_fix)
    return environment


@cache
def template(name: str) -> Template:
    return _environment().get_template(name)


def template_names() -> list[str]:
    return _environment().list_templates(extensions=["j2"])
