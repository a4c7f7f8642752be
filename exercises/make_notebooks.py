"""Write each module's exercise notebook, exercises/<module>.ipynb, from its stub <module>.py.

The stub is the one source of truth: its module docstring explains the concept, each function's
docstring states the contract with a worked example, and its body is what the learner
replaces. The notebook says the same in Jupyter's form, cell by cell; the grader's release
writes it (grader.release.notebooks, which says how), so that the notebooks kept here and
those `grader release` hands out are the same bytes, and tests/test_notebooks.py fails when a
stub and its notebook drift apart.

    python exercises/make_notebooks.py           # write the notebooks that changed
    python exercises/make_notebooks.py --check   # only say which are out of date (exit 1)
"""

from __future__ import annotations

import argparse
import sys
import tomllib
from pathlib import Path

from grader.release.notebooks import notebook_text

__all__ = ["course_modules", "main", "notebook_text"]

EXERCISES = Path(__file__).resolve().parent


def course_modules(exercises: Path = EXERCISES) -> list[str]:
    """The course's modules, in teaching order, as exercises/course.toml lists them."""
    config = tomllib.loads((exercises / "course.toml").read_text(encoding="utf-8"))
    return list(config["modules"])


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.add_argument("--check", action="store_true",
                        help="write nothing; exit 1 if a notebook differs from its stub")
    args = parser.parse_args(argv)
    stale = []
    for module in course_modules():
        stub, target = EXERCISES / f"{module}.py", EXERCISES / f"{module}.ipynb"
        text = notebook_text(stub)
        if target.is_file() and target.read_bytes() == text.encode("utf-8"):
            continue
        stale.append(target)
        if not args.check:
            target.write_bytes(text.encode("utf-8"))
            print(f"wrote {target.relative_to(EXERCISES.parent)}")
    if args.check and stale:
        for target in stale:
            print(f"{target.relative_to(EXERCISES.parent)} is out of date with its stub: run "
                  "python exercises/make_notebooks.py", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
