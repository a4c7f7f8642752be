"""A learner's self-check: one file against its module's public checks, as fast as it can go.

It imports only what one file needs (the course, the loader, the checks, the sandbox and the
terminal report), never the gradebook, the quizzes or the class reports, and starts the
sandbox's zygote before it collects the checks, so that both happen at once. Where the
module's hidden checks are at hand, it counts their points (`hidden_points`), so that the
learner knows how much of the module the public checks cover.
"""

from __future__ import annotations

from pathlib import Path

from grader._atomic import write_atomic
from grader.checks.collect import collect
from grader.checks.run import ModuleChecks, module_checks, run_checks
from grader.course import Course, UnknownModule, course_for
from grader.errors import BadInput
from grader.load import Submission, read_submission
from grader.load.notebooks import in_cells
from grader.results import LearnerResult, ModuleResult, without_answers
from grader.sandbox import reaper
from grader.sandbox.isolation import Plan, plan_for
from grader.sandbox.limits import Limits
from grader.sandbox.zygote import zygote_for

__all__ = ["check_file", "grade_submission", "hidden_points", "write_self_check_report"]


def check_file(
    path: Path,
    *,
    module: str | None = None,
    course: Course | None = None,
    limits: Limits | None = None,
) -> ModuleResult:
    """Run a module's public checks against one learner file."""
    if not path.is_file() and not path.is_symlink():
        raise BadInput(f"{path}: no such file")
    course = course or course_for(path)
    reaper.become_subreaper()
    plan = plan_for([course.root / "solutions"])
    name = module or path.stem
    try:
        chosen = course.module(name)
        limits = limits or chosen.limits
        zygote_for(plan, limits, preload=chosen.preload)  # it boots while checks are collected
        checks = module_checks(chosen, hidden=False)
    except UnknownModule as error:
        hint = "" if module else " (the module comes from the file name; use --module to choose)"
        raise BadInput(f"{error}{hint}") from None
    submission = read_submission(path, name)
    if submission.path is None:
        raise BadInput(f"{path}: no such file")
    if submission.problem:
        raise BadInput(submission.problem)
    # a learner's own check keeps no digest of their answers: those are the instructor's
    return without_answers(grade_submission(submission, checks, limits=limits, plan=plan))


def grade_submission(
    submission: Submission, checks: ModuleChecks, *, limits: Limits, plan: Plan | None = None
) -> ModuleResult:
    """Grade one learner file, `.py` or notebook, that was read without a problem."""
    result = run_checks(
        checks, submission.source, str(submission.filename), limits=limits, plan=plan
    )
    return in_cells(result, submission.notebook) if submission.notebook else result


def hidden_points(
    path: Path, *, module: str | None = None, course: Course | None = None
) -> float | None:
    """What the module's hidden checks are worth, when they are at hand (a copy of the course
    with its solutions); None in a learner's copy, which holds only the public checks."""
    try:
        hidden = (course or course_for(path)).module(module or path.stem).hidden_checks
        if not hidden.is_file():
            return None
        return sum(spec.points for spec in collect(hidden, "hidden"))
    except Exception:  # noqa: BLE001 - the self-check then says only what it knows
        return None


def write_self_check_report(result: ModuleResult, path: Path) -> None:
    """A learner's self-check as an HTML feedback report, titled with the learner's file."""
    from grader.reports import render_learner_html

    learner = LearnerResult(result.file or result.module, (result,))
    write_atomic(path, render_learner_html(learner, course_title="Self-check"))
