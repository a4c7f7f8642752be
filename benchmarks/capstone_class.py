"""Benchmark the capstone as a class hands it in: pipelines from the corpus, graded with the
hidden checks on the private test set, and `grader check` of a good pipeline, cold.

    python benchmarks/capstone_class.py                       # 250 learners, 2 workers
    python benchmarks/capstone_class.py --learners 40 --jobs 1
    python benchmarks/capstone_class.py --check               # self-check only
    python benchmarks/capstone_class.py --timeout 20 --file-timeout 240   # a capstone's limits

The class is a realistic mix of the pipelines in tests/capstone/pipelines: mostly good ones,
some baselines, leaky ones (scaling or imputing fitted on the rows to predict, a target kept
as a feature), a few other classic mistakes, a few that crash, and a few slow ones (a grid
search past the call limit). It prints the wall time of `grader grade --jobs N`, seconds per
file (median, p95, from the `seconds` each result records), how many checks timed out or
erred, the peak memory of the grader, of its largest worker and of the largest learner job
(VmHWM of the children of a worker's zygote, read from /proc while they run), then the
median of cold `grader check` runs of a good pipeline.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path

from bench_grade import _children, _peak_mb  # the same /proc readings as the exercises'

ROOT = Path(__file__).resolve().parent.parent
PIPELINES = ROOT / "tests" / "capstone" / "pipelines"
# Shares of the class, by pipeline: they add up to 1.
MIX = {
    "good_numpy": 0.22,
    "good_pandas_pipeline": 0.18,
    "good_pandas_dummies": 0.20,
    "baseline_only": 0.06,
    "majority_class_classifiers": 0.04,
    "scaling_on_all_data": 0.05,
    "imputer_fitted_on_test": 0.03,
    "knn_pseudo_labels": 0.02,
    "target_not_dropped": 0.02,
    "target_not_dropped_dummies": 0.02,
    "rainfall_tomorrow_leak": 0.02,
    "labels_as_probabilities": 0.03,
    "not_seeded": 0.02,
    "drops_missing_rows": 0.03,
    "crashes": 0.02,
    "slow_grid_search": 0.02,
    "tomorrow_from_the_training_days": 0.02,
}


def make_class(folder: Path, learners: int, seed: int = 0) -> dict[str, int]:
    """Write `learners` folders, each with a capstone.py drawn from the mix; the count of
    each pipeline."""
    rng = random.Random(seed)
    names, weights = list(MIX), list(MIX.values())
    drawn: dict[str, int] = {}
    for index in range(learners):
        name = rng.choices(names, weights)[0]
        drawn[name] = drawn.get(name, 0) + 1
        learner = folder / f"learner{index:05d}"
        learner.mkdir(parents=True)
        source = (PIPELINES / f"{name}.py").read_text()
        (learner / "capstone.py").write_text(f"# {learner.name}'s capstone\n{source}")
    return drawn


@dataclass
class Peaks:
    """The largest resident memory seen, in MB: the grader, any worker, any learner job."""

    grader: float = 0.0
    worker: float = 0.0
    job: float = 0.0
    samples: int = 0
    done: threading.Event = field(default_factory=threading.Event)

    def watch(self, pid: int) -> None:
        # VmHWM is each process's peak so far: a sample every 0.1 s misses no job that lives
        # longer than that (a capstone job lives seconds).
        while not self.done.wait(0.1):
            self.grader = max(self.grader, _peak_mb(pid))
            for worker in _children(pid):  # workers (with --jobs 1, the zygote)
                self.worker = max(self.worker, _peak_mb(worker))
            for job in _learner_jobs(pid):
                self.job = max(self.job, _peak_mb(job))
            self.samples += 1


def _learner_jobs(pid: int) -> list[int]:
    """The processes under `pid` a zygote forked: each runs one learner's file."""
    jobs, todo = [], [(child, _is_zygote(pid)) for child in _children(pid)]
    while todo:
        process, forked_by_zygote = todo.pop()
        zygote = _is_zygote(process)
        if zygote and forked_by_zygote:
            jobs.append(process)
        todo += [(child, zygote) for child in _children(process)]
    return jobs


def _is_zygote(pid: int) -> bool:
    try:
        with open(f"/proc/{pid}/cmdline", "rb") as cmdline:
            return b"zygote.py" in cmdline.read()
    except OSError:
        return False


def grade(submissions: Path, out: Path, jobs: int, limits: list[str]) -> tuple[float, Peaks]:
    command = [sys.executable, "-m", "grader", "grade", str(submissions), "--out", str(out)]
    command += ["--jobs", str(jobs), *limits]
    peaks = Peaks()
    started = time.perf_counter()
    process = subprocess.Popen(command, stdout=subprocess.DEVNULL, cwd=ROOT)
    watcher = threading.Thread(target=peaks.watch, args=(process.pid,), daemon=True)
    watcher.start()
    if process.wait() != 0:
        raise SystemExit(f"grader grade failed with status {process.returncode}")
    seconds = time.perf_counter() - started
    peaks.done.set()
    watcher.join()
    return seconds, peaks


def capstone_results(out: Path) -> list[dict]:
    learners = json.loads((out / "results.json").read_text())["learners"]
    return [m for lr in learners for m in lr["modules"] if m["module"] == "capstone"]


def batch(learners: int, jobs: int, limits: list[str]) -> None:
    work = Path(tempfile.mkdtemp(prefix="grader-capstone-"))
    try:
        drawn = make_class(work / "class", learners)
        seconds, peaks = grade(work / "class", work / "out", jobs, limits)
        modules = capstone_results(work / "out")
        times = sorted(m["seconds"] for m in modules if "seconds" in m)
        checks = [c for m in modules for c in m.get("checks", ())]
        print(f"{learners} capstone files graded with hidden checks in {seconds:.1f} s on "
              f"{jobs} workers: {learners / seconds:.2f} files/s")
        if times:
            p95 = times[min(len(times) - 1, int(0.95 * len(times)))]
            print(f"  seconds per file: median {statistics.median(times):.2f}, p95 {p95:.2f}, "
                  f"max {times[-1]:.2f}")
        statuses = {s: sum(c["status"] == s for c in checks) for s in ("timeout", "error")}
        errors = sum(m["status"] == "error" for m in modules)
        print(f"  checks timed out: {statuses['timeout']}, erred: {statuses['error']}; "
              f"files in error: {errors}")
        for message, count in _why(modules):
            print(f"    {count} x {message}")
        print(f"  peak memory: grader {peaks.grader:.0f} MB, largest worker {peaks.worker:.0f} "
              f"MB, largest learner job {peaks.job:.0f} MB ({peaks.samples} samples)")
        print("  mix: " + ", ".join(f"{name} {count}" for name, count in sorted(drawn.items())))
    finally:
        shutil.rmtree(work, ignore_errors=True)


def _why(modules: list[dict]) -> list[tuple[str, int]]:
    """Why files could not be graded: each message's first words, with how many got it (a
    load past its time limit on a busy machine is not a learner's doing)."""
    counts: dict[str, int] = {}
    for module in modules:
        if module["status"] == "error":
            message = module.get("message", "")[:90]
            counts[message] = counts.get(message, 0) + 1
    return sorted(counts.items(), key=lambda item: -item[1])


def self_check(runs: int) -> None:
    """`grader check` of a good pipeline as a learner runs it: a cold process each time."""
    work = Path(tempfile.mkdtemp(prefix="grader-capstone-check-"))
    try:
        script = work / "capstone.py"
        shutil.copy(PIPELINES / "good_numpy.py", script)
        seconds = []
        environment = {**os.environ, "GRADER_COURSE": str(ROOT)}
        for _ in range(runs):
            started = time.perf_counter()
            subprocess.run([sys.executable, "-m", "grader", "check", str(script)], cwd=ROOT,
                           stdout=subprocess.DEVNULL, env=environment)
            seconds.append(time.perf_counter() - started)
        print(f"grader check capstone.py (a good pipeline), cold: median "
              f"{statistics.median(seconds):.2f} s (min {min(seconds):.2f}, "
              f"max {max(seconds):.2f}, {runs} runs)")
    finally:
        shutil.rmtree(work, ignore_errors=True)


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--learners", type=int, default=250)
    parser.add_argument("--jobs", type=int, default=2)
    parser.add_argument("--timeout", type=float, help="seconds per call (course default)")
    parser.add_argument("--file-timeout", type=float, help="seconds per file (course default)")
    parser.add_argument("--check", action="store_true", help="time `grader check` only")
    parser.add_argument("--runs", type=int, default=5, help="cold runs of `grader check`")
    args = parser.parse_args(argv)
    limits = [f"--timeout={args.timeout}"] if args.timeout else []
    limits += [f"--file-timeout={args.file_timeout}"] if args.file_timeout else []
    if not args.check:
        batch(args.learners, args.jobs, limits)
    self_check(args.runs)


if __name__ == "__main__":
    main()
