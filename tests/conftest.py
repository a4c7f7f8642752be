"""Shared fixtures: the grader's own fixture course, and ways to run the grader as a user does.

The grader's tests grade against COURSE (tests/course), a frozen copy of the course that
changes only with the tests, so a course author's edits to exercises/ and solutions/ never
break a test of the grader. Tests of the shipped course itself use ROOT and say so in their
module docstring or with the `shipped_course` marker."""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from grader.course import Course, load_course
from grader.load import _ipython_syntax

ROOT = Path(__file__).resolve().parent.parent
COURSE = Path(__file__).resolve().parent / "course"
# The shipped course's projects: graded by their predictions on held-out data
# (grader.predictions), not by exact answers, so the exercises' corpora and rules are not
# theirs (tests/test_capstone_*.py hold the capstone to its own).
PROJECTS = frozenset({"capstone"})
SCENARIOS = Path(__file__).resolve().parent / "scenarios"

# The fixture course's checks and references are course content, not tests of the grader,
# and so are those of the module an author fills in (tests/test_authoring.py).
collect_ignore = ["course", "scenarios/new_module"]


# -- a test of the grader never reads the shipped course ------------------------------------

SHIPPED_PARTS = tuple(str(ROOT / part) for part in ("exercises", "solutions", "examples"))
_shipped_reads: list[str] | None = None  # recording while a test of the grader runs


def _shipped_path(path: object) -> str | None:
    if not isinstance(path, str | bytes | os.PathLike):
        return None  # open() of a file descriptor
    name = os.fsdecode(path)
    if not os.path.isabs(name):
        return None  # maybe relative to a dir_fd, which the event does not give (rmtree's walk)
    hit = any(name == part or name.startswith(part + os.sep) for part in SHIPPED_PARTS)
    return name if hit else None


def _record_shipped_reads(event: str, args: tuple[object, ...]) -> None:
    """Audit hook: note what a test of the grader opens or lists of the shipped course. It
    only records (an audit hook that raises would break the open), and never fails."""
    if _shipped_reads is None or event not in ("open", "os.listdir", "os.scandir") or not args:
        return
    try:
        if name := _shipped_path(args[0]):
            _shipped_reads.append(name)
    except Exception:  # a path we cannot read is not the shipped course's
        pass


sys.addaudithook(_record_shipped_reads)


@pytest.hookimpl(wrapper=True)
def pytest_runtest_setup(item: pytest.Item) -> Iterator[None]:
    """Record from the test's first fixture, module-wide ones included, unless it is a test of
    the shipped course."""
    global _shipped_reads
    _shipped_reads = None if item.get_closest_marker("shipped_course") else []
    return (yield)


@pytest.hookimpl(wrapper=True)
def pytest_runtest_call(item: pytest.Item) -> Iterator[None]:
    """Fail a test of the grader that read the shipped course: a course author's edit could
    break it. It should grade COURSE, or be marked `shipped_course` if that is what it tests."""
    global _shipped_reads
    result = yield
    read, _shipped_reads = sorted(set(_shipped_reads or ())), None
    if read:
        shown = ", ".join(os.path.relpath(name, ROOT) for name in read[:5])
        pytest.fail(f"this test of the grader read the shipped course ({shown}): grade the "
                    "fixture course (tests/course) instead, or mark it shipped_course")
    return result


@pytest.fixture(scope="session", autouse=True)
def graded_against_the_fixture_course() -> Iterator[None]:
    """Whatever looks for the course (the CLI in this process or in a child) finds COURSE,
    never the shipped course this checkout happens to hold. Session-wide, so that a class
    graded once for a whole module is graded against it too."""
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("GRADER_COURSE", str(COURSE))
        yield


@pytest.fixture(scope="session")
def course() -> Course:
    return load_course(COURSE)


@pytest.fixture
def run_grader() -> Callable[..., subprocess.CompletedProcess[str]]:
    """Run `python -m grader ARGS` as a real process, as a user would from a terminal."""

    def run(*args: str | Path, cwd: Path = COURSE,
            timeout: float = 120) -> subprocess.CompletedProcess[str]:
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
    """The fixture course's reference solution as a learner who got everything right hands it in."""
    return as_learners_own((COURSE / "solutions" / f"{module}.py").read_text())


def as_learners_own(source: str) -> str:
    """A file of the course's (a reference, a classic mistake) under a docstring of the
    learner's own: the grader refuses a copy of an instructor-only file as not their work."""
    _, _, rest = source.partition("\n")
    return '"""My own work."""\n' + rest


def stub(module: str) -> str:
    return (COURSE / "exercises" / f"{module}.py").read_text()


@pytest.fixture(params=["ipython", "fallback"])
def transformer(request: pytest.FixtureRequest, monkeypatch: pytest.MonkeyPatch) -> str:
    """Run the test with IPython's input transformer, and again with the grader's fallback."""
    if request.param == "ipython" and _ipython_syntax.ipython_transformer() is None:
        pytest.skip("IPython is not installed")
    if request.param == "fallback":
        monkeypatch.setattr(_ipython_syntax, "ipython_transformer", lambda: None)
    return str(request.param)
