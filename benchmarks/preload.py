"""Benchmark preloading: a capstone job with and without scikit-learn in its zygote, and an
exercise job's cost beside it.

    python benchmarks/preload.py --rounds 10            # capstone jobs, then exercise jobs
    python benchmarks/preload.py --exercise-only --rounds 200

A capstone job starts a child, loads a file that imports scikit-learn and fits a linear
regression, a k-NN, a decision tree and a logistic regression on 1,750 x 25 random data,
then reports the address space it reached (VmPeak: what RLIMIT_AS, memory_mb, must allow).
Rounds interleave the zygote that preloads and the one that does not; medians are compared.
An exercise job is bench_sandbox's (load a file, call one numpy function); with
`--exercise-only` nothing of this branch's is used, so the same command times another
checkout's grader (its python, this file) for a before/after taken in turn.
"""

from __future__ import annotations

import argparse
import inspect
import statistics
import time
from pathlib import Path

from grader.sandbox import Limits, Sandbox
from grader.sandbox.isolation import assess, plan_for

ROOT = Path(__file__).resolve().parent.parent
PRELOAD = ("sklearn.linear_model", "sklearn.neighbors", "sklearn.tree")
CAPSTONE_LIMITS = Limits(call_timeout=20.0, file_timeout=120.0, memory_mb=1024)
EXERCISE = "import numpy as np\n\ndef f(x):\n    return float(np.sum(x))\n"
CAPSTONE = """
import numpy as np
from sklearn.linear_model import LinearRegression, LogisticRegression
from sklearn.neighbors import KNeighborsClassifier
from sklearn.tree import DecisionTreeClassifier

def train():
    rng = np.random.default_rng(0)
    x = rng.normal(size=(1750, 25))
    labels = (x[:, 0] + x[:, 1] > 0).astype(int)
    target = x @ rng.normal(size=25)
    LinearRegression().fit(x, target).predict(x)
    for model in (KNeighborsClassifier(5), DecisionTreeClassifier(max_depth=8),
                  LogisticRegression(max_iter=500)):
        model.fit(x, labels).predict(x)

def peak_kb():
    with open("/proc/self/status") as status:
        return int(status.read().split("VmPeak:")[1].split()[0])
"""


def capstone_job(preload: tuple[str, ...]) -> tuple[float, float, int]:
    """Seconds to load the file, seconds for the whole job, VmPeak in kB."""
    started = time.perf_counter()
    with Sandbox(CAPSTONE_LIMITS, plan_for([ROOT / "solutions"]), preload=preload) as sandbox:
        sandbox.load(CAPSTONE, "capstone.py", "capstone", 60.0)
        loaded = time.perf_counter() - started
        trained = sandbox.call("train", (), {}, 20.0)
        peak = sandbox.call("peak_kb", (), {}, 5.0)
    assert trained.__class__.__name__ == "Returned", trained
    return loaded, time.perf_counter() - started, int(getattr(peak, "value", 0))


def exercise_job(**preload: tuple[str, ...]) -> float:
    started = time.perf_counter()
    with Sandbox(Limits(), plan_for([ROOT / "solutions"]), **preload) as sandbox:
        sandbox.load(EXERCISE, "job.py", "job", 10.0)
        sandbox.call("f", ([1.0, 2.0],), {}, 5.0)
    return time.perf_counter() - started


def capstone(rounds: int) -> None:
    runs: dict[str, list[tuple[float, float, int]]] = {"preloaded": [], "imported per job": []}
    for _ in range(rounds):
        runs["preloaded"].append(capstone_job(PRELOAD))
        runs["imported per job"].append(capstone_job(()))
    for name, values in runs.items():
        load = statistics.median(v[0] for v in values)
        whole = statistics.median(v[1] for v in values)
        peak = max(v[2] for v in values) / 1024
        print(f"  capstone job, {name:<16} load {load:6.3f} s  whole job {whole:6.3f} s  "
              f"VmPeak {peak:5.0f} MB  ({len(values)} runs)")


def exercise(rounds: int, beside_capstone: bool) -> None:
    if beside_capstone:  # the slot's capstone zygote is up, as in a class with both
        capstone_job(PRELOAD)
    exercise_job()  # the exercise zygote's boot is not a job's cost
    times = [exercise_job() for _ in range(rounds)]
    where = "beside a capstone zygote" if beside_capstone else "alone"
    print(f"  exercise job, {where:<24} median {statistics.median(times) * 1000:6.2f} ms, "
          f"{rounds / sum(times):6.1f} jobs/s  ({rounds} runs)")
    if beside_capstone:  # what one zygote for every module would cost the exercises
        times = [exercise_job(preload=PRELOAD) for _ in range(rounds)]
        print(f"  exercise job, {'in a zygote with sklearn':<24} median "
              f"{statistics.median(times) * 1000:6.2f} ms, {rounds / sum(times):6.1f} jobs/s")


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=10)
    parser.add_argument("--exercise-only", action="store_true")
    args = parser.parse_args(argv)
    print(f"isolation here: {assess().summary()}")
    preloads = "preload" in inspect.signature(Sandbox).parameters
    if args.exercise_only or not preloads:
        exercise(args.rounds, beside_capstone=False)
        return
    capstone(args.rounds)
    exercise(args.rounds * 20, beside_capstone=True)


if __name__ == "__main__":
    main()
