"""Shared fixtures: the repository's course, and ways to run the grader as a user does."""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest

from grader.course import Course, load_course
from grader.load import _ipython_syntax

ROOT = Path(__file__).resolve().parent.parent
SCENARIOS = Path(__file__).resolve().parent / "scenarios"


@pytest.fixture(scope="session")
def course() -> Course:
    return load_course(ROOT)


@pytest.fixture
def run_grader() -> Callable[..., subprocess.CompletedProcess[str]]:
    """Run `python -m grader ARGS` as a real process, as a user would from a terminal."""

    def run(*args: str | Path, cwd: Path = ROOT, timeout: float = 120) -> subprocess.CompletedProcess[str]:
        env = {**os.environ, "PYTHONPATH": str(ROOT)}
        return subprocess.run([sys.executable, "-m", "grader", *map(str, args)], cwd=cwd,
                              env=env, capture_output=True, text=True, timeout=timeout)

    return run


@pytest.fixture
def make_class(tmp_path: Path) -> Callable[[dict[str, dict[str, str]]], Path]:
    """Write a class folder: {learner: {file name: source}}."""

    def make(learners: dict[str, dict[str, str]]) -> Path:
        folder = tmp_path / "class"
        for learner, files in learners.items():
            (folder / learner).mkdir(parents=True)
            for name, source in files.items():
                (folder / learner / name).write_text(source)
        return folder

    return make


def reference(module: str) -> str:
    """The reference solution as a learner who got everything right hands it in."""
    return as_learners_own((ROOT / "solutions" / f"{module}.py").read_text())


def as_learners_own(source: str) -> str:
    """A file of the course's (a reference, a classic mistake) under a docstring of the
    learner's own: the grader refuses a copy of an instructor-only file as not their work."""
    _, _, rest = source.partition("\n")
    return '"""My own work."""\n' + rest


def stub(module: str) -> str:
    return (ROOT / "exercises" / f"{module}.py").read_text()


@pytest.fixture(params=["ipython", "fallback"])
def transformer(request: pytest.FixtureRequest, monkeypatch: pytest.MonkeyPatch) -> str:
    """Run the test with IPython's input transformer, and again with the grader's fallback."""
    if request.param == "ipython" and _ipython_syntax.ipython_transformer() is None:
        pytest.skip("IPython is not installed")
    if request.param == "fallback":
        monkeypatch.setattr(_ipython_syntax, "ipython_transformer", lambda: None)
    return str(request.param)
