"""Benchmark the gradebook's day-to-day loop, as an instructor runs it:

    python benchmarks/bench_regrade.py [--learners 250] [--fixed-module clustering]

grade a class (the sample class, or a generated one of N learners; submission times from a
manifest, deadlines set), add three late submissions and fix one check, grade again (only
what changed is graded: the new files, and the fixed check's module for every learner),
grade once more with nothing changed, override one score, and export the CSV for the course
platform. Prints the median wall time of each command.
"""

from __future__ import annotations

import argparse
import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "benchmarks"))
from bench_grade import learners_own, make_class  # noqa: E402

DEADLINES = """
[deadlines]
penalty = "percent_per_day"
percent_per_day = 10
max_percent = 50

[deadlines.regression]
due = 2026-10-05T23:59:00+00:00
[deadlines.classification]
due = 2026-10-12T23:59:00+00:00
[deadlines.clustering]
due = 2026-10-19T23:59:00+00:00
[deadlines.optimization]
due = 2026-10-26T23:59:00+00:00
"""
ON_TIME = "2026-10-01T12:00:00+00:00"
LATE = {("eli", "classification"): "2026-10-14T09:00:00+00:00",
        ("eli", "clustering"): "2026-10-20T10:00:00+00:00",
        ("hana", "optimization"): "2026-10-29T18:00:00+00:00"}
GENERATED_LATE = {("learner00001", "classification"): "2026-10-14T09:00:00+00:00",
                  ("learner00002", "clustering"): "2026-10-20T10:00:00+00:00",
                  ("learner00003", "optimization"): "2026-10-29T18:00:00+00:00"}



def setup(work: Path, learners: int | None) -> tuple[Path, Path]:
    course = work / "course"
    for part in ("exercises", "solutions"):
        shutil.copytree(ROOT / part, course / part)
    config = course / "exercises" / "course.toml"
    config.write_text(config.read_text() + DEADLINES)
    if learners:
        make_class(work / "class", learners)
        for learner, module in LATE:  # the late files are new: not handed in at first
            (work / "class" / learner / f"{module}.py").unlink(missing_ok=True)
    else:
        shutil.copytree(ROOT / "examples" / "class", work / "class")
    rows = ["learner,file,submitted_at"]
    for learner in sorted(p for p in (work / "class").iterdir() if p.is_dir()):
        rows += [f"{learner.name},{f.name},{ON_TIME}" for f in sorted(learner.iterdir())]
    (work / "manifest.csv").write_text("\n".join(rows) + "\n")
    return course, work / "class"


def timed(command: list[str], env: dict[str, str]) -> float:
    started = time.perf_counter()
    done = subprocess.run([sys.executable, "-m", "grader", *command], env=env,
                          capture_output=True, text=True)
    if done.returncode:
        sys.exit(f"grader {command[0]} failed:\n{done.stdout}{done.stderr}")
    return time.perf_counter() - started


def add_late_work_and_fix_a_check(course: Path, submissions: Path, manifest: Path,
                                  late: dict[tuple[str, str], str], fixed: str) -> None:
    for (learner, module), when in late.items():
        (submissions / learner / f"{module}.py").write_text(
            learners_own((ROOT / "solutions" / f"{module}.py").read_text(), learner))
        with manifest.open("a") as rows:
            rows.write(f"{learner},{module}.py,{when}\n")
    hidden = course / "solutions" / "checks" / f"test_{fixed}_hidden.py"
    text = hidden.read_text()
    mark = "With one sample the MSE" if fixed == "regression" else "hint=\""
    assert mark in text, f"no hint to fix in {hidden}"
    hidden.write_text(text.replace(mark, mark + "Fixed: ", 1))  # one check's hint, reworded


def run(jobs: int | None, learners: int | None, fixed: str) -> dict[str, float]:
    work = Path(tempfile.mkdtemp(prefix="grader-regrade-"))
    try:
        course, submissions = setup(work, learners)
        env = {**os.environ, "GRADER_COURSE": str(course), "PYTHONPATH": str(ROOT)}
        out, manifest = work / "out", work / "manifest.csv"
        grade = ["grade", str(submissions), "--out", str(out), "--manifest", str(manifest),
                 *(["--jobs", str(jobs)] if jobs else [])]
        times = {"first run": timed(grade, env)}
        late = GENERATED_LATE if learners else LATE
        add_late_work_and_fix_a_check(course, submissions, manifest, late, fixed)
        times["re-run (3 late files, 1 fixed check)"] = timed(grade, env)
        times["re-run, nothing changed"] = timed(grade, env)
        db = str(out / "gradebook.sqlite")
        times["override one score"] = timed(
            ["override", next(iter(late))[0], "regression", "15", "--reason", "reviewed",
             "--db", db], env)
        times["export csv"] = timed(["export", "--format", "csv", "--db", db,
                                     "--out", str(work / "upload.csv")], env)
        return times
    finally:
        shutil.rmtree(work, ignore_errors=True)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--jobs", type=int, help="worker processes (default: all cores)")
    parser.add_argument("--learners", type=int,
                        help="grade a generated class of N learners (default: the sample class)")
    parser.add_argument("--fixed-module", default="regression",
                        choices=("regression", "classification", "clustering", "optimization"),
                        help="the module whose hidden check is fixed between the runs")
    parser.add_argument("--rounds", type=int, default=3, help="repeat and report the median")
    args = parser.parse_args()
    rounds = [run(args.jobs, args.learners, args.fixed_module) for _ in range(args.rounds)]
    for step in rounds[0]:
        values = sorted(r[step] for r in rounds)
        print(f"{step:40s} {values[len(values) // 2]:6.2f} s")


if __name__ == "__main__":
    main()
