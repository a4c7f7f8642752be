"""Benchmark the sandbox: what the isolation layers cost per job, and a self-check cold.

    python benchmarks/bench_sandbox.py --rounds 30

A job is what grading one file costs the sandbox: start the child, load a file, call a
function, clean up. Rounds interleave the plain child (resource limits only) and the child
with every layer this machine offers, and the medians are compared. The second part times
`grader check` on a reference solution as a learner runs it: a cold process, several runs.
"""

from __future__ import annotations

import argparse
import statistics
import subprocess
import sys
import time
from dataclasses import replace
from pathlib import Path

from grader.sandbox import Limits, Sandbox
from grader.sandbox.isolation import Plan, assess, plan_for, probe

ROOT = Path(__file__).resolve().parent.parent
SOURCE = "import numpy as np\n\ndef f(x):\n    return float(np.sum(x))\n"


def one_job(plan: Plan) -> float:
    started = time.perf_counter()
    with Sandbox(Limits(), plan) as sandbox:
        sandbox.load(SOURCE, "job.py", "job", 10.0)
        sandbox.call("f", ([1.0, 2.0],), {}, 5.0)
    return time.perf_counter() - started


def job_costs(rounds: int) -> dict[str, float]:
    machine = probe()
    bare = replace(machine, namespaces=False, uid_drop=False, landlock_abi=0, seccomp=False,
                   cgroups=False)
    plans = {"limits only": plan_for([], machine=bare),
             "every layer": plan_for([ROOT / "solutions"], machine=machine)}
    times: dict[str, list[float]] = {name: [] for name in plans}
    for _ in range(rounds):
        for name, plan in plans.items():
            times[name].append(one_job(plan))
    return {name: statistics.median(values) * 1000 for name, values in times.items()}


def self_check(runs: int) -> list[float]:
    command = [sys.executable, "-m", "grader", "check", str(ROOT / "solutions" / "regression.py")]
    seconds = []
    for _ in range(runs):
        started = time.perf_counter()
        subprocess.run(command, check=True, stdout=subprocess.DEVNULL, cwd=ROOT)
        seconds.append(time.perf_counter() - started)
    return seconds


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=30)
    parser.add_argument("--check-runs", type=int, default=7)
    args = parser.parse_args(argv)
    print(f"isolation here: {assess().summary()}")
    costs = job_costs(args.rounds)
    for name, ms in costs.items():
        print(f"  one job, {name:<12} median {ms:6.1f} ms")
    print(f"  the layers add {costs['every layer'] - costs['limits only']:.1f} ms per job")
    runs = self_check(args.check_runs)
    print(f"grader check regression.py, cold: median {statistics.median(runs):.3f} s "
          f"(min {min(runs):.3f}, max {max(runs):.3f}, {len(runs)} runs)")


if __name__ == "__main__":
    main()
