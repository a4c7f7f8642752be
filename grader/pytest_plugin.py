"""Run a course's checks with pytest itself, for instructors who debug a check.

    pytest -p grader.pytest_plugin --learner-file solutions/regression.py exercises/checks

The `learner` fixture runs the learner file in the same sandbox as `grader grade`, and
`reference` is the module's reference solution. Scores come from `grader grade`; this is
for reading pytest's own report of one check.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from types import ModuleType

import pytest

from grader.checks.collect import load_trusted_module
from grader.checks.learner_module import LearnerModule, TimeBudget
from grader.course import Course, Module, load_course
from grader.load import read_submission
from grader.sandbox.outcomes import Loaded
from grader.sandbox.process import Sandbox


def pytest_addoption(parser: pytest.Parser) -> None:
    group = parser.getgroup("grader")
    group.addoption("--learner-file", type=Path, help="the learner file the checks run against")
    group.addoption("--module", dest="grader_module", help="its module (default: file name)")


@pytest.fixture(scope="session")
def grader_course() -> Course:
    return load_course()


@pytest.fixture(scope="session")
def grader_module(request: pytest.FixtureRequest, grader_course: Course) -> Module:
    path: Path | None = request.config.getoption("--learner-file")
    if path is None:
        pytest.fail("give the learner file to check with --learner-file PATH")
    return grader_course.module(request.config.getoption("grader_module") or path.stem)


@pytest.fixture
def learner(
    request: pytest.FixtureRequest, grader_course: Course, grader_module: Module
) -> Iterator[LearnerModule]:
    path: Path = request.config.getoption("--learner-file")
    submission = read_submission(path, grader_module.name)
    if submission.problem or submission.path is None:
        pytest.fail(submission.problem or f"{path}: no such file")
    limits = grader_module.limits
    with Sandbox(limits, preload=grader_module.preload) as sandbox:
        loaded = sandbox.load(submission.source, path.name, grader_module.name, limits.load_timeout)
        if not isinstance(loaded, Loaded):
            pytest.fail(f"{path.name} could not be loaded: {loaded}")
        yield LearnerModule(sandbox, grader_module, TimeBudget(limits))


@pytest.fixture(scope="session")
def reference(grader_module: Module) -> ModuleType:
    return load_trusted_module(grader_module.reference, f"grader_reference_{grader_module.name}")
