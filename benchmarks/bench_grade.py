"""Benchmark batch grading: generate a class of N learners, grade it as a user would, report.

    python benchmarks/bench_grade.py --learners 250 --jobs 2

Prints submissions (module files) graded per second and the peak memory of the grader's
processes. The class is a realistic mix: most learners correct, about a third with a classic
mistake in one module, a few whose functions raise, none that hang.
"""

from __future__ import annotations

import argparse
import random
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
MODULES = ("regression", "classification", "clustering", "optimization")
RAISING = '''

def _broken(*args, **kwargs):
    raise ValueError("this learner's code raises")
'''


def make_class(folder: Path, learners: int, seed: int = 0) -> int:
    """Write `learners` learner folders into `folder`; returns the number of module files."""
    rng = random.Random(seed)
    files = 0
    for index in range(learners):
        learner = folder / f"learner{index:05d}"
        learner.mkdir(parents=True)
        for module in MODULES:
            (learner / f"{module}.py").write_text(_submission(module, rng))
            files += 1
    return files


def _submission(module: str, rng: random.Random) -> str:
    reference = (ROOT / "solutions" / f"{module}.py").read_text()
    draw = rng.random()
    mistakes = sorted((ROOT / "solutions" / "mistakes" / module).glob("*.py"))
    if draw < 0.08 and mistakes:  # about a third of learners have one mistake in some module
        return rng.choice(mistakes).read_text()
    if draw < 0.10:  # a few raise an exception in every function
        return _raising(reference)
    return reference


def _raising(source: str) -> str:
    lines = [line for line in source.splitlines() if not line.startswith(" ")]
    names = [line[4:line.index("(")] for line in lines if line.startswith("def ")]
    return source + RAISING + "".join(f"\n{name} = _broken" for name in names) + "\n"


def run(learners: int, jobs: int | None, keep: Path | None) -> dict[str, float]:
    work = Path(tempfile.mkdtemp(prefix="grader-bench-"))
    try:
        files = make_class(work / "class", learners)
        command = [sys.executable, "-m", "grader", "grade", str(work / "class"),
                   "--out", str(work / "out")]
        if jobs:
            command += ["--jobs", str(jobs)]
        started = time.perf_counter()
        subprocess.run(command, check=True, stdout=subprocess.DEVNULL)
        seconds = time.perf_counter() - started
        if keep:
            shutil.copytree(work / "out", keep, dirs_exist_ok=True)
    finally:
        shutil.rmtree(work, ignore_errors=True)
    peak_mb = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
    return {"learners": learners, "files": files, "seconds": seconds,
            "files_per_second": files / seconds, "peak_mb": peak_mb}


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--learners", type=int, default=250)
    parser.add_argument("--jobs", type=int, default=None, help="default: all cores")
    parser.add_argument("--keep", type=Path, help="copy the reports here")
    args = parser.parse_args(argv)
    report = run(args.learners, args.jobs, args.keep)
    print(f"{report['learners']} learners, {report['files']} module files graded in "
          f"{report['seconds']:.2f} s: {report['files_per_second']:.1f} files/s; "
          f"peak memory of any grader process {report['peak_mb']:.0f} MB")


if __name__ == "__main__":
    main()
