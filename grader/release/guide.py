"""The short guide learners find beside the exercises: install, self-check, quizzes, what to
hand in and how to name it, the modules' deadlines, and when feedback comes."""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache

from jinja2 import Environment, PackageLoader, StrictUndefined

from grader.course import Course, Module

__all__ = ["guide_text"]


@dataclass(frozen=True)
class _Row:
    """One module as the guide lists it."""

    name: str
    quiz: bool
    due: str


@cache
def _environment() -> Environment:
    # Markdown, not HTML: nothing to escape, and the course's texts are the author's own.
    return Environment(  # noqa: S701
        loader=PackageLoader("grader.release", "templates"),
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )


def guide_text(
    course: Course, *, quizzes: tuple[str, ...], sheets: bool, data: tuple[str, ...] = ()
) -> str:
    """GUIDE.md for `course`, whose modules in `quizzes` have a quiz; `sheets` when learners
    are given their quiz sheets; `data` the folders of exercises/data/ they receive."""
    rows = [_Row(m.name, m.name in quizzes, _due(m)) for m in course.modules]
    penalties = [f"{m.name}: {m.late_policy.describe()}" for m in course.modules if m.late_policy]
    return (
        _environment()
        .get_template("GUIDE.md.j2")
        .render(
            title=course.title,
            modules=rows,
            quizzes=bool(quizzes),
            sheets=sheets,
            penalties=penalties,
            data=data,
        )
    )


def _due(module: Module) -> str:
    if module.late_policy is None:
        return "no deadline set"
    return module.late_policy.deadline.isoformat(sep=" ", timespec="minutes")
