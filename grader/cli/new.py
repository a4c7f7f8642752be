"""`grader new`: write the skeleton of a new part of the course (`grader new module NAME`)."""

from __future__ import annotations

import click

from grader.cli._terminal import explain, fail, say

__all__ = ["new"]


@click.group()
def new() -> None:
    """Write the skeleton of a new part of the course."""


@new.command("module")
@click.argument("name")
@click.option("--title", help="The module's title (default: NAME, capitalised).")
def new_module_command(name: str, title: str | None) -> None:
    """Write module NAME's skeleton into the course and add it to exercises/course.toml: a stub
    with one example function, its notebook, public and hidden checks, the reference
    solution, a classic mistake and a quiz. `grader validate NAME` then says what is left."""
    from grader.authoring import new_module
    from grader.course import find_course_root

    try:
        root = find_course_root()
        written = new_module(course_root=root, name=name, title=title)
    except Exception as error:  # noqa: BLE001 - every failure gets one line, never a traceback
        fail(*explain(error))
    for path in written:
        say(f"wrote {path.relative_to(root)}")
    say(f"next: replace the example function, then run `grader validate {name}`")
