"""Helpers for check authors: score a piece of learner code against a module's checks.

    from grader.testing import score

    def test_summing_instead_of_averaging_loses_the_mse_points():
        result = score("regression", "def mean_squared_error(y_true, y_pred): ...")
        assert result.check("test_mse_of_four_predictions").status == "failed"

`score` runs the real pipeline (sandboxed child, public and hidden checks), so what it says
is what a learner would get.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache
from pathlib import Path

from grader.checks.run import ModuleChecks, module_checks, run_checks
from grader.course import Course, load_course
from grader.results import CheckResult, ModuleResult
from grader.sandbox.limits import Limits

__all__ = ["Scored", "score"]


@dataclass(frozen=True)
class Scored:
    """A ModuleResult with the look-ups a test wants."""

    result: ModuleResult

    @property
    def score(self) -> float:
        return self.result.score

    @property
    def max_score(self) -> float:
        return self.result.max_score

    @property
    def fraction(self) -> float:
        return self.result.score / self.result.max_score if self.result.max_score else 0.0

    def check(self, check_id: str) -> CheckResult:
        for result in self.result.checks:
            if result.id == check_id:
                return result
        raise KeyError(f"no check {check_id!r}; there are {[c.id for c in self.result.checks]}")

    def failed(self) -> list[str]:
        """The ids of the checks that did not pass."""
        return [c.id for c in self.result.checks if not c.passed]


def score(
    module: str,
    code: str | Path,
    *,
    hidden: bool = True,
    course: Course | None = None,
    limits: Limits | None = None,
) -> Scored:
    """Grade `code` (source text, or a path to a file) as the learner file of `module`."""
    course = course or _default_course()
    checks = _checks(course, module, hidden)
    source = Path(code).read_text(encoding="utf-8") if isinstance(code, Path) else code
    filename = checks.module.filename
    limits = limits or checks.module.limits  # the module's own: [limits.<module>] included
    return Scored(run_checks(checks, source, filename, limits=limits))


@cache
def _default_course() -> Course:
    return load_course()


@cache
def _checks(course: Course, module: str, hidden: bool) -> ModuleChecks:
    return module_checks(course.module(module), hidden=hidden)
