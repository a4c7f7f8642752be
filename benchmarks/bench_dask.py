"""Benchmark grading on Dask: throughput against worker count, beside the local worker pool.

    python benchmarks/bench_dask.py --learners 250 --workers 1 2
    python benchmarks/bench_dask.py --learners 1000 --scheduler tcp://HOST:8786

Generates a class (bench_grade.make_class: most learners correct, some with a classic mistake,
a few whose functions raise), then grades every learner's four modules, each measurement in a
fresh process: on `local:N` Dask clusters (N worker processes of one thread) and, for
comparison, on the local pool with --jobs N; or on a running cluster given by --scheduler.
Prints module files graded per second. The time counts grading only, from the first learner
sent to the last result taken; starting a local cluster (a few seconds) is printed apart.
Needs grader[dask].
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "benchmarks"))

from bench_grade import make_class  # noqa: E402

from grader.course import load_course  # noqa: E402
from grader.grading import Grading, LearnerTask, all_checks, grade_locally  # noqa: E402
from grader.load import find_learners  # noqa: E402


def measure(mode: str, where: str, submissions: Path) -> dict[str, Any]:
    """One measurement, in this process: `dask` on `where` (local:N or an address), or the
    local pool with `where` jobs."""
    course = load_course(ROOT)
    tasks = [LearnerTask(learner, course.module_names) for learner in find_learners(submissions)]
    files = sum(1 for t in tasks for m in t.modules if (t.learner.folder / f"{m}.py").exists())
    if mode == "local":
        grading = Grading(course, all_checks(course), (ROOT / "solutions",))
        started = time.perf_counter()
        graded = sum(1 for _ in grade_locally(tasks, grading=grading, jobs=int(where)))
        return _report(mode, int(where), files, graded, time.perf_counter() - started, 0.0)
    from grader.grading.cluster import cluster_isolation, connect, grade_on_cluster

    started = time.perf_counter()
    with connect(where) as client:
        isolation = cluster_isolation(client, allow_weak=False)
        workers = len(client.nthreads())
        ready = time.perf_counter() - started
        started = time.perf_counter()
        graded = sum(1 for _ in grade_on_cluster(tasks, client=client, course=course,
                                                 isolation=isolation,
                                                 protected=(ROOT / "solutions",)))
        return _report(mode, workers, files, graded, time.perf_counter() - started, ready)


def _report(mode: str, workers: int, files: int, learners: int, seconds: float,
            ready: float) -> dict[str, Any]:
    return {"mode": mode, "workers": workers, "files": files, "learners": learners,
            "seconds": seconds, "files_per_second": files / seconds, "start_seconds": ready}


def run_apart(mode: str, where: str, submissions: Path) -> dict[str, Any]:
    """A measurement in a fresh process: no measurement inherits another's processes."""
    done = subprocess.run([sys.executable, __file__, "--one", mode, where, str(submissions)],
                          check=True, capture_output=True, text=True,
                          env={**os.environ, "PYTHONPATH": str(ROOT)})
    return dict(json.loads(done.stdout.strip().splitlines()[-1]))


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--learners", type=int, default=250)
    parser.add_argument("--workers", type=int, nargs="+", default=[1, 2],
                        help="worker counts of the local:N clusters (default: 1 2)")
    parser.add_argument("--scheduler", help="measure this running cluster instead")
    parser.add_argument("--no-pool", action="store_true",
                        help="skip the local pool measurements")
    parser.add_argument("--one", nargs=3, metavar=("MODE", "WHERE", "CLASS"),
                        help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.one:
        print(json.dumps(measure(args.one[0], args.one[1], Path(args.one[2]))))
        return
    work = Path(tempfile.mkdtemp(prefix="grader-bench-dask-"))
    try:
        make_class(work / "class", args.learners)
        plan = ([("dask", args.scheduler)] if args.scheduler else
                [(mode, where) for n in args.workers
                 for mode, where in (("dask", f"local:{n}"), ("local", str(n)))
                 if mode == "dask" or not args.no_pool])
        for mode, where in plan:
            found = run_apart(mode, where, work / "class")
            label = "Dask" if mode == "dask" else "local pool"
            start = f" (cluster ready in {found['start_seconds']:.1f} s)" if mode == "dask" else ""
            print(f"{label:<10} {found['workers']} workers: {found['files']} files of "
                  f"{found['learners']} learners in {found['seconds']:.1f} s: "
                  f"{found['files_per_second']:.1f} files/s{start}", flush=True)
    finally:
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
