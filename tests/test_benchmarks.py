"""The benchmarks run at a smoke size: they must work, and say what they measure.

No test here asserts a time: speed is measured by the benchmarks and reported in the README.
The benchmarks grade the shipped course (its modules make the file counts asserted here), so
these are tests of the shipped course as well as of the benchmarks.
"""

from __future__ import annotations

import subprocess
import sys

import pytest

from grader.course import load_course

from .conftest import PROJECTS, ROOT

EXERCISES = [m for m in load_course(ROOT).module_names if m not in PROJECTS]

pytestmark = pytest.mark.shipped_course


def run_benchmark(*args: str) -> str:
    done = subprocess.run([sys.executable, str(ROOT / "benchmarks" / "bench_grade.py"), *args],
                          cwd=ROOT, capture_output=True, text=True, timeout=600,
                          env={"PYTHONPATH": str(ROOT), "PATH": "/usr/bin:/bin"})
    assert done.returncode == 0, done.stderr[-2000:]
    return done.stdout


def test_the_batch_benchmark_reports_throughput_latency_memory_and_the_naive_ratio():
    out = run_benchmark("--learners", "3", "--jobs", "1", "--naive-sample", "1")
    files = 3 * len(EXERCISES)  # every learner hands in every exercise module
    assert f"3 learners, {files} module files graded in" in out and "files/s" in out
    assert "latency per file: p50" in out and "peak memory: grader" in out
    assert "naive (a fresh pytest process per file, 1 files)" in out and "x faster" in out


def test_the_batch_benchmark_compares_class_sizes_and_worker_counts():
    out = run_benchmark("--learners", "2", "3", "--jobs", "1", "2", "--naive-sample", "0")
    assert out.count("module files graded in") == 4
    assert "grader memory, 3 vs 2 learners (jobs 1):" in out
    assert "files/s with 3 learners: jobs 1: " in out and ", jobs 2: " in out


def test_the_batch_benchmark_repeats_each_run_in_turn_and_gives_the_median():
    out = run_benchmark("--learners", "2", "--jobs", "1", "2", "--repeat", "2",
                        "--naive-sample", "0")
    assert out.count("module files graded in") == 4
    assert "2 learners, jobs 1: median " in out and ", 2 runs)" in out
    assert "2 learners, jobs 2: median " in out


def test_the_hang_benchmark_compares_the_extra_time_with_what_hangs_may_cost():
    out = run_benchmark("--learners", "4", "--jobs", "2", "--hanging", "0.15", "--repeat", "2")
    assert "with no hang" in out and "hanging files" in out and "calls timed out" in out
    assert out.count("extra") == 3 and "median extra" in out
    assert "hangs cost at most timeouts x limit / workers" in out


def test_the_self_check_benchmark_times_a_script_and_a_notebook_cold():
    out = run_benchmark("--check", "--runs", "1")
    assert "grader check regression.py, cold: median" in out
    assert "grader check regression.ipynb, cold: median" in out


def test_the_capstone_benchmark_grades_a_mixed_class_and_times_a_self_check():
    done = subprocess.run([sys.executable, str(ROOT / "benchmarks" / "capstone_class.py"),
                           "--learners", "3", "--jobs", "1", "--runs", "1"],
                          cwd=ROOT, capture_output=True, text=True, timeout=600,
                          env={"PYTHONPATH": str(ROOT), "PATH": "/usr/bin:/bin"})
    assert done.returncode == 0, done.stderr[-2000:]
    assert "3 capstone files graded with hidden checks in" in done.stdout
    assert "seconds per file: median" in done.stdout and "largest learner job" in done.stdout
    assert "grader check capstone.py (a good pipeline), cold: median" in done.stdout
