"""Learner code reads its own /proc entries (libraries need them) and no other process's."""

from __future__ import annotations

import os
import textwrap
from dataclasses import replace
from pathlib import Path

import pytest

from grader.sandbox import Limits, Loaded, Returned, Sandbox
from grader.sandbox.isolation import plan_for, probe
from grader.testing import score

LIMITS = Limits(call_timeout=2.0, file_timeout=20.0, memory_mb=512, output_kb=64)
SOLUTIONS = Path(__file__).resolve().parent / "course" / "solutions"

# What the learner's function tries: each path, read (or written, for "w").
PROBE = """
import errno, os

def tries(paths, mode="r"):
    found = {}
    for path in paths:
        try:
            with open(path, mode) as entry:
                found[path] = "read" if mode == "r" and entry.read(64) is not None else "written"
                if mode == "w":
                    entry.write("1000")
        except OSError as error:
            found[path] = errno.errorcode.get(error.errno, str(error.errno))
    return found

def my_pid():
    return os.getpid()

def forked_child_tries(paths):
    reader, writer = os.pipe()
    pid = os.fork()
    if pid == 0:
        os.write(writer, repr(tries(paths)).encode())
        os._exit(0)
    os.close(writer)
    os.waitpid(pid, 0)
    return eval(os.read(reader, 65536).decode())
"""


def _needs_landlock() -> None:
    if not probe().landlock_abi:
        pytest.skip("without Landlock, /proc is what the job's uid may read (see the README)")


def _sandbox(plan=None) -> Sandbox:
    sandbox = Sandbox(LIMITS, plan or plan_for())
    loaded = sandbox.load(textwrap.dedent(PROBE), "learner.py", "learner", 10.0)
    assert isinstance(loaded, Loaded), loaded
    return sandbox


def _call(sandbox: Sandbox, function: str, *args: object):
    outcome = sandbox.call(function, args, {}, LIMITS.call_timeout)
    assert isinstance(outcome, Returned), outcome
    return outcome.value


OWN = ["/proc/self/status", "/proc/self/maps", "/proc/self/stat", "/proc/thread-self/status"]


def test_learner_code_reads_its_own_proc_entries_as_libraries_do():
    _needs_landlock()
    with _sandbox() as sandbox:
        found = _call(sandbox, "tries", [*OWN, "/proc/self/cmdline", "/proc/self/fd/0"])
    assert set(found.values()) == {"read"}, sorted(found.items())


def test_learner_code_writes_none_of_its_own_proc_entries_even_as_root():
    _needs_landlock()
    as_root = replace(probe(), uid_drop=False)  # a uid of its own would be refused anyway
    with _sandbox(plan_for(slot=3, machine=as_root)) as sandbox:
        found = _call(sandbox, "tries", ["/proc/self/oom_score_adj", "/proc/self/comm"], "w")
    assert set(found.values()) == {"EACCES"}, found


def test_its_own_command_line_names_no_instructor_folder():
    _needs_landlock()
    protected = [SOLUTIONS]
    with _sandbox(plan_for(protected)) as sandbox:
        own = _call(sandbox, "tries", ["/proc/self/cmdline"])
        zygote_cmdline = Path(f"/proc/{sandbox._zygote.pid}/cmdline").read_bytes()
    assert own == {"/proc/self/cmdline": "read"}
    # It is the zygote's: whose settings (the masked folders among them) come over its socket.
    assert str(SOLUTIONS).encode() not in zygote_cmdline and b"masks" not in zygote_cmdline


def test_learner_code_cannot_read_the_zygote_the_grader_or_init():
    _needs_landlock()
    with _sandbox() as sandbox:
        zygote = sandbox._zygote.pid
        targets = [f"/proc/{zygote}/cmdline", f"/proc/{zygote}/status",
                   f"/proc/{os.getpid()}/environ", f"/proc/{os.getpid()}/cmdline",
                   "/proc/1/cmdline", "/proc/1/status"]
        found = _call(sandbox, "tries", targets)
    assert set(found.values()) == {"EACCES"}, found


def test_learner_code_cannot_read_a_job_running_beside_it():
    _needs_landlock()
    with _sandbox(plan_for(slot=0)) as first, _sandbox(plan_for(slot=1)) as second:
        sibling = _call(first, "my_pid")
        found = _call(second, "tries", [f"/proc/{sibling}/status", f"/proc/{sibling}/cmdline"])
    assert set(found.values()) == {"EACCES"}, found


def test_a_process_learner_code_forks_reads_none_of_proc_by_its_own_pid():
    _needs_landlock()
    with _sandbox() as sandbox:
        parent = _call(sandbox, "my_pid")
        found = _call(sandbox, "forked_child_tries", ["/proc/self/status", "/proc/1/status",
                                                      f"/proc/{parent}/status"])
    # Its own pid is another one: only its parent's, the job's, entries are in reach.
    assert found == {"/proc/self/status": "EACCES", "/proc/1/status": "EACCES",
                     f"/proc/{parent}/status": "read"}


@pytest.mark.skipif(not probe().seccomp, reason="without namespaces, seccomp closes the network")
def test_without_a_network_namespace_its_own_net_tables_stay_closed():
    _needs_landlock()
    machine = replace(probe(), namespaces=False, uid_drop=False)
    with _sandbox(plan_for(slot=2, machine=machine)) as sandbox:
        found = _call(sandbox, "tries", [*OWN[:3], "/proc/self/net/tcp", "/proc/net/unix",
                                          "/proc/thread-self/net/tcp", "/proc/1/cmdline"])
    assert found == {**dict.fromkeys(OWN[:3], "read"), "/proc/self/net/tcp": "EACCES",
                     "/proc/net/unix": "EACCES", "/proc/thread-self/net/tcp": "EACCES",
                     "/proc/1/cmdline": "EACCES"}


def test_a_correct_assign_clusters_with_scikit_learn_passes():
    pytest.importorskip("sklearn")
    solution = (SOLUTIONS / "clustering.py").read_text()
    learner = "from sklearn.metrics import pairwise_distances_argmin\n" + solution.replace(
        "def assign_clusters(X, centroids):",
        "def assign_clusters(X, centroids):\n"
        "    return pairwise_distances_argmin(X, centroids)\n\n\n"
        "def _by_hand(X, centroids):",
    )
    scored = score("clustering", learner)
    assert scored.score == scored.max_score > 0, scored.result.checks


def test_a_correct_file_that_reads_its_own_proc_status_passes():
    solution = (SOLUTIONS / "classification.py").read_text()
    learner = solution.replace(
        "def euclidean_distances(A, B):",
        "def euclidean_distances(A, B):\n"
        "    with open('/proc/self/status') as status:  # what psutil or threadpoolctl do\n"
        "        status.read()\n"
        "    return _by_hand(A, B)\n\n\n"
        "def _by_hand(A, B):",
    )
    scored = score("classification", learner)
    assert scored.score == scored.max_score > 0, scored.result.checks

