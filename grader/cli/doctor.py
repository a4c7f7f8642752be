"""`grader doctor`: which isolation layers this machine offers, and what each level promises."""

from __future__ import annotations

import json
import sys
import textwrap

import click

from grader.cli._terminal import EXIT_FAILED, data, say

__all__ = ["doctor"]


@click.command()
@click.option("--json", "as_json", is_flag=True, help="Print the findings as JSON.")
def doctor(as_json: bool) -> None:
    """Show which isolation layers this machine offers and the level learner code runs at.

    Exit status: 0 for a strong or medium level, 1 for weak (hidden checks unprotected).
    """
    from grader.grading.boundary import PROMISE
    from grader.sandbox.isolation import assess

    isolation = assess()
    if as_json:
        data(json.dumps(isolation.to_dict(), indent=2) + "\n")
    else:
        say(isolation.report() + "\n\n" + textwrap.fill(PROMISE, width=88))
    sys.exit(0 if isolation.hidden_checks_protected else EXIT_FAILED)
