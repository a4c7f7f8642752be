"""Classes and courses for the gradebook's tests: a course copied so that a test can set its
deadlines or fix one of its checks, and results with the run-dependent times left out."""

from __future__ import annotations

import random
import shutil
from pathlib import Path
from typing import Any

from grader.course import Course, load_course

from .conftest import COURSE, as_learners_own, reference

MODULES = ("regression", "classification", "clustering", "optimization")


def course_copy(folder: Path, extra_toml: str = "") -> Course:
    """The fixture course copied into `folder`, with `extra_toml` added to course.toml."""
    root = folder / "course"
    shutil.copytree(COURSE / "exercises", root / "exercises")
    shutil.copytree(COURSE / "solutions", root / "solutions")
    config = root / "exercises" / "course.toml"
    config.write_text(config.read_text() + "\n" + extra_toml)
    return load_course(root)


def mistake(module: str, index: int = 0) -> str:
    return as_learners_own(
        sorted((COURSE / "solutions" / "mistakes" / module).glob("*.py"))[index].read_text())


def write_class(folder: Path, learners: dict[str, dict[str, str]]) -> Path:
    for learner, files in learners.items():
        (folder / learner).mkdir(parents=True, exist_ok=True)
        for name, source in files.items():
            (folder / learner / name).write_text(source)
    return folder


def mixed_class(folder: Path, learners: int, seed: int = 7) -> Path:
    """`learners` learners: most correct, some with a classic mistake, some files missing,
    one with a syntax error; none that hang, so that every run grades them the same."""
    rng = random.Random(seed)
    for index in range(learners):
        files = {}
        for module in MODULES:
            draw = rng.random()
            if draw < 0.15:
                continue  # not handed in
            files[f"{module}.py"] = mistake(module, rng.randrange(2)) if draw < 0.4 \
                else reference(module)
        if index == 3:
            files["regression.py"] = "def mean_squared_error(y_true, y_pred)\n    return 0\n"
        write_class(folder, {f"learner{index:02d}": files})
    return folder


def without_times(data: Any) -> Any:
    """Results as dicts with what differs between two runs of the same grading left out:
    when each attempt was made, by which run, and how long it took."""
    if isinstance(data, dict):
        return {k: without_times(v) for k, v in data.items()
                if k not in ("graded_at", "at", "seconds")}
    if isinstance(data, list):
        return [without_times(v) for v in data]
    return data
