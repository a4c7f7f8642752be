"""Benchmark grading as a user runs it: a generated class through `grader grade`, against the
naive way (a fresh `python -m pytest` process per submission), and `grader check` cold.

    python benchmarks/bench_grade.py --learners 250 --jobs 2        # batch, with the baseline
    python benchmarks/bench_grade.py --learners 250 2000 --naive-sample 0   # memory vs size
    python benchmarks/bench_grade.py --jobs 1 2 --naive-sample 0    # scaling with --jobs
    python benchmarks/bench_grade.py --repeat 5 --naive-sample 0    # the median of 5 runs
    python benchmarks/bench_grade.py --hanging 0.01 --repeat 3      # 1 % of files hang
    python benchmarks/bench_grade.py --check                        # self-check, cold process
    python benchmarks/bench_grade.py --modules regression sgd       # a class of these modules

Batch mode prints module files graded per second, per-file latency p50/p95 (from the
`seconds` each result records), the peak memory of the grader's own process and of its
largest worker (VmHWM, read from /proc while they run), then grades a sample of the same
files the naive way and prints the ratio. The class is a realistic mix: most learners correct, a
third with a classic mistake in one module, a few whose functions raise, none that hang.
Several class sizes or --jobs values grade one class each, in turn (--repeat times, for a
median). With --hanging, the same class is graded again with that fraction of its files
hanging in one function, and the extra time is compared with what hanging files cost at
most: hangs × limit ÷ workers (with --repeat, the two in turn, and the median extra).
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
import tomllib
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PROJECTS = {"capstone"}  # graded by its predictions, and benchmarked by capstone_class.py


def exercise_modules() -> tuple[str, ...]:
    """The course's exercise modules, in its order: each learner of the class hands in all."""
    config = tomllib.loads((ROOT / "exercises" / "course.toml").read_text(encoding="utf-8"))
    return tuple(module for module in config["modules"] if module not in PROJECTS)


MODULES = exercise_modules()
RAISING = '''

def _broken(*args, **kwargs):
    raise ValueError("this learner's code raises")
'''


HANGING = '''

def _hang(*args, **kwargs):
    while True:
        pass
'''


def make_class(folder: Path, learners: int, seed: int = 0, hanging: float = 0.0) -> int:
    """Write `learners` learner folders into `folder`; returns the number of module files.
    A `hanging` fraction of the files (drawn apart from the mix) hang in one function."""
    rng = random.Random(seed)
    hangs = random.Random(seed + 1)
    for index in range(learners):
        learner = folder / f"learner{index:05d}"
        learner.mkdir(parents=True)
        draw, odd_module = rng.random(), rng.choice(MODULES)
        for module in MODULES:
            source = (ROOT / "solutions" / f"{module}.py").read_text()
            if module == odd_module and draw < 1 / 3:  # a third: one classic mistake
                source = rng.choice(sorted((ROOT / "solutions" / "mistakes" / module)
                                           .glob("*.py"))).read_text()
            elif module == odd_module and draw < 0.37:  # a few: functions that raise
                source = _raising(source)
            if hangs.random() < hanging:
                source = _hanging(source, hangs)
            (learner / f"{module}.py").write_text(learners_own(source, learner.name))
    return learners * len(MODULES)


def learners_own(source: str, learner: str) -> str:
    """A course file under a docstring of the learner's own: the grader refuses a copy of an
    instructor-only file (a reference, a classic mistake) as not the learner's work."""
    return f'"""{learner}\'s work."""\n' + source.partition("\n")[2]


def _raising(source: str) -> str:
    return source + RAISING + "".join(f"\n{name} = _broken" for name in _functions(source)) + "\n"


def _hanging(source: str, rng: random.Random) -> str:
    return source + HANGING + f"\n{rng.choice(_functions(source))} = _hang\n"


def _functions(source: str) -> list[str]:
    return [line[4:line.index("(")] for line in source.splitlines() if line.startswith("def ")]


@dataclass
class Peaks:
    """The largest resident memory seen, in MB, of the grader and of any one worker."""

    grader: float = 0.0
    worker: float = 0.0
    samples: int = 0
    done: threading.Event = field(default_factory=threading.Event)

    def watch(self, pid: int) -> None:
        # Each read gives a process's peak so far (VmHWM), so a sample every 0.1 s misses no
        # peak of a process that lives longer than that, and takes little CPU from the run.
        while not self.done.wait(0.1):
            self.grader = max(self.grader, _peak_mb(pid))
            for child in _children(pid):  # workers (and, with --jobs 1, the zygote)
                self.worker = max(self.worker, _peak_mb(child))
            self.samples += 1


def _peak_mb(pid: int) -> float:
    """The largest resident memory the process has had so far."""
    try:
        with open(f"/proc/{pid}/status") as status:
            for line in status:
                if line.startswith("VmHWM:"):
                    return int(line.split()[1]) / 1024
    except OSError:
        pass
    return 0.0


def _children(pid: int) -> list[int]:
    found = []
    for task in os.listdir(f"/proc/{pid}/task") if os.path.isdir(f"/proc/{pid}/task") else ():
        try:
            with open(f"/proc/{pid}/task/{task}/children") as listing:
                found += [int(p) for p in listing.read().split()]
        except OSError:
            continue
    return found


def grade(submissions: Path, out: Path, jobs: int | None) -> tuple[float, Peaks]:
    command = [sys.executable, "-m", "grader", "grade", str(submissions), "--out", str(out)]
    command += ["--jobs", str(jobs)] if jobs else []
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


def latencies(out: Path) -> list[float]:
    data = json.loads((out / "results.json").read_text())
    refused = [m for lr in data["learners"] for m in lr["modules"]
               if "not your own work" in m.get("message", "")]
    if refused:  # a class of refused files would measure the refusal, not the grading
        raise SystemExit(f"{len(refused)} generated files were refused as copies of "
                         "instructor files")
    return [m["seconds"] for lr in data["learners"] for m in lr["modules"] if "seconds" in m]


def timeouts(out: Path) -> int:
    """How many times a call ran into its time limit (a function that hangs is not called
    again in the same file, but another function that calls it hangs too)."""
    data = json.loads((out / "results.json").read_text())
    return sum(c["status"] == "timeout" and "did not return within" in c["feedback"]
               for lr in data["learners"] for m in lr["modules"] for c in m.get("checks", ()))


def naive(submissions: Path, sample: int) -> float:
    """Seconds per file, graded the naive way: one fresh pytest process per submission."""
    files = sorted(submissions.glob("*/*.py"))[:sample]
    started = time.perf_counter()
    for file in files:
        checks = [ROOT / "exercises" / "checks" / f"test_{file.stem}.py",
                  ROOT / "solutions" / "checks" / f"test_{file.stem}_hidden.py"]
        subprocess.run([sys.executable, "-m", "pytest", "-q", "-p", "grader.pytest_plugin",
                        "-p", "no:cacheprovider", "--learner-file", str(file), *map(str, checks)],
                       cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    return (time.perf_counter() - started) / max(1, len(files))


def batch(learners: int, jobs: int | None, naive_sample: int) -> Run:
    work = Path(tempfile.mkdtemp(prefix="grader-bench-"))
    try:
        files = make_class(work / "class", learners)
        run = measure(work, jobs)
        print(f"{learners} learners, {files} module files graded in {run.seconds:.2f} s: "
              f"{files / run.seconds:.1f} files/s (jobs: {jobs or _default_jobs()})")
        if run.latencies:
            times = run.latencies
            p95 = times[min(len(times) - 1, int(0.95 * len(times)))]
            print(f"  latency per file: p50 {statistics.median(times) * 1000:.0f} ms, "
                  f"p95 {p95 * 1000:.0f} ms")
        print(f"  peak memory: grader {run.peaks.grader:.0f} MB, largest worker "
              f"{run.peaks.worker:.0f} MB ({run.peaks.samples} samples)")
        if naive_sample:
            per_file = naive(work / "class", naive_sample)
            print(f"  naive (a fresh pytest process per file, {naive_sample} files): "
                  f"{per_file:.2f} s per file, {1 / per_file:.1f} files/s; "
                  f"grader is {files / run.seconds * per_file:.0f}x faster")
        return run
    finally:
        shutil.rmtree(work, ignore_errors=True)


@dataclass
class Run:
    seconds: float
    peaks: Peaks
    latencies: list[float]
    timeouts: int


def measure(work: Path, jobs: int | None, submissions: Path | None = None) -> Run:
    shutil.rmtree(work / "out", ignore_errors=True)
    seconds, peaks = grade(submissions or work / "class", work / "out", jobs)
    return Run(seconds, peaks, sorted(latencies(work / "out")), timeouts(work / "out"))


def with_hangs(learners: int, jobs: int | None, fraction: float, repeat: int = 1) -> None:
    """The same class graded without and with `fraction` of its files hanging, `repeat`
    times in turn (calm, hung, calm, hung...), so that a slow spell hits both."""
    workers = jobs or _default_jobs()
    limit = _call_timeout()
    work = Path(tempfile.mkdtemp(prefix="grader-bench-"))
    try:
        files = make_class(work / "calm", learners)
        make_class(work / "hung", learners, hanging=fraction)
        hangs = sum("_hang" in p.read_text() for p in (work / "hung").glob("*/*.py"))
        extras, bounds = [], []
        for _ in range(repeat):
            calm, hung = (measure(work / "runs", jobs, work / kind) for kind in ("calm", "hung"))
            extras.append(hung.seconds - calm.seconds)
            bounds.append(hung.timeouts * limit / workers)
            print(f"{learners} learners, {files} files, jobs {workers}: {calm.seconds:.2f} s "
                  f"with no hang, {hung.seconds:.2f} s with {hangs} hanging files "
                  f"({100 * hangs / files:.1f} %), {hung.timeouts} calls timed out")
            print(f"  extra {extras[-1]:.2f} s; hangs cost at most timeouts x limit / workers "
                  f"= {hung.timeouts} x {limit:g} s / {workers} = {bounds[-1]:.2f} s")
        if repeat > 1:
            print(f"  median extra {statistics.median(extras):.2f} s "
                  f"({min(extras):.2f}-{max(extras):.2f}, {repeat} runs); "
                  f"median bound {statistics.median(bounds):.2f} s")
    finally:
        shutil.rmtree(work, ignore_errors=True)


def _call_timeout() -> float:
    sys.path.insert(0, str(ROOT))
    from grader.course import load_course

    return load_course().limits.call_timeout


def _default_jobs() -> int:
    sys.path.insert(0, str(ROOT))
    from grader.grading import default_jobs

    return default_jobs()


def self_check(runs: int) -> None:
    """`grader check` as a learner runs it: a cold process each time, on the reference
    solution as a script and on the exercise notebook as handed out."""
    work = Path(tempfile.mkdtemp(prefix="grader-check-"))
    try:
        script = work / "regression.py"
        shutil.copy(ROOT / "solutions" / "regression.py", script)
        notebook = work / "regression.ipynb"
        shutil.copy(ROOT / "exercises" / "regression.ipynb", notebook)
        for path in (script, notebook):
            seconds = []
            for _ in range(runs):
                started = time.perf_counter()
                subprocess.run([sys.executable, "-m", "grader", "check", str(path)], cwd=ROOT,
                               stdout=subprocess.DEVNULL)
                seconds.append(time.perf_counter() - started)
            print(f"grader check {path.name}, cold: median {statistics.median(seconds):.3f} s "
                  f"(min {min(seconds):.3f}, max {max(seconds):.3f}, {runs} runs)")
    finally:
        shutil.rmtree(work, ignore_errors=True)


def main(argv: list[str] | None = None) -> None:
    global MODULES  # --modules: the class hands in these only
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--learners", type=int, nargs="+", default=[250],
                        help="class sizes, each graded in turn")
    parser.add_argument("--jobs", type=int, nargs="+", default=[None],
                        help="worker counts, each graded in turn (default: all cores)")
    parser.add_argument("--naive-sample", type=int, default=40,
                        help="files graded the naive way for the baseline (0: skip it)")
    parser.add_argument("--repeat", type=int, default=1,
                        help="grade each class size with each worker count this many times, "
                             "in turn, and give the median (this machine's speed drifts)")
    parser.add_argument("--hanging", type=float, default=0.0,
                        help="grade the class again with this fraction of files hanging")
    parser.add_argument("--check", action="store_true", help="time `grader check` instead")
    parser.add_argument("--runs", type=int, default=7, help="cold runs per file with --check")
    parser.add_argument("--modules", nargs="+", choices=MODULES, default=list(MODULES),
                        help="the exercise modules each learner hands in (default: all)")
    args = parser.parse_args(argv)
    MODULES = tuple(args.modules)
    if args.check:
        self_check(args.runs)
        return
    if args.hanging:
        for learners in args.learners:
            for jobs in args.jobs:
                with_hangs(learners, jobs, args.hanging, args.repeat)
        return
    configs = [(learners, jobs) for learners in args.learners for jobs in args.jobs]
    runs: dict[tuple[int, int | None], list[Run]] = {config: [] for config in configs}
    for repetition in range(args.repeat):  # in turn, so that a slow spell hits every config
        for learners, jobs in configs:
            naive_sample = args.naive_sample if repetition == 0 else 0
            runs[learners, jobs].append(batch(learners, jobs, naive_sample))
    if args.repeat > 1:
        for (learners, jobs), done in runs.items():
            rates = sorted(learners * len(MODULES) / run.seconds for run in done)
            print(f"{learners} learners, jobs {jobs or _default_jobs()}: median "
                  f"{statistics.median(rates):.1f} files/s ({rates[0]:.1f}-{rates[-1]:.1f}, "
                  f"{len(rates)} runs)")
    _compare(runs, args.learners, args.jobs)


def _compare(runs: dict[tuple[int, int | None], list[Run]], sizes: list[int],
             jobs: list[int | None]) -> None:
    def memory(size: int, count: int | None) -> float:
        return statistics.median(run.peaks.grader for run in runs[size, count])

    def rate(size: int, count: int | None) -> float:
        return size * len(MODULES) / statistics.median(run.seconds for run in runs[size, count])

    if len(set(sizes)) > 1:
        for count in dict.fromkeys(jobs):
            small, large = memory(min(sizes), count), memory(max(sizes), count)
            print(f"grader memory, {max(sizes)} vs {min(sizes)} learners "
                  f"(jobs {count or _default_jobs()}): {large:.0f} vs {small:.0f} MB, "
                  f"{100 * (large / small - 1):+.0f} %")
    if len(set(jobs)) > 1:
        for size in sorted(set(sizes)):
            rates = ", ".join(f"jobs {count}: {rate(size, count):.1f}"
                              for count in dict.fromkeys(jobs))
            print(f"files/s with {size} learners: {rates}")


if __name__ == "__main__":
    main()
