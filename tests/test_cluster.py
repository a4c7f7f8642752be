"""Grading on a Dask cluster (grader.grading.cluster) gives what local grading gives, on a
LocalCluster of worker processes: the sample class, the hostile corpus, awkward files; a
worker killed mid-run costs nothing; an unreachable scheduler and a weak worker are refused
with a message.

Local grading here runs in this process (one job at a time), never in a forked pool: this
process holds Dask's threads while a cluster is open, and forking a threaded process is unsafe.
"""

from __future__ import annotations

import contextlib
import inspect
import json
import os
import shutil
import signal
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

import pytest

from grader.course import Course, load_course
from grader.grading import (
    Grading,
    LearnerTask,
    _cluster_worker,
    all_checks,
    cluster,
    grade_class,
    grade_locally,
)
from grader.grading.cluster import (
    ClusterError,
    cluster_isolation,
    connect,
    grade_on_cluster,
    read_parcel,
)
from grader.load import LearnerFiles, find_learners
from grader.load.submission import MAX_SOURCE_BYTES
from grader.results import CheckStatus, IsolationLevel, LearnerResult
from grader.sandbox import isolation as isolation_module
from grader.sandbox import reaper
from grader.sandbox.isolation import Machine, assess, probe

from .conftest import COURSE, PROJECTS, ROOT, reference
from .test_hostile import (
    ATTACKS,
    HONEST,
    ISOLATION,
    SIGNALS_OPEN,
    Layout,
    Listeners,
    _write_learner,
    job_processes,
    learner_file,
)

distributed = pytest.importorskip("distributed", reason="grader[dask] is not installed")

SAMPLE = COURSE / "examples" / "class"
WORKERS = 2  # this development machine has 2 cores
PROTECTED_LEVEL = pytest.mark.skipif(
    not ISOLATION.hidden_checks_protected or SIGNALS_OPEN in ISOLATION.open,
    reason="the hostile corpus needs hidden checks protected and signals scoped")
# How fast six processes fill their memory decides whether the R² call times out or returns;
# either way it earns nothing (see test_hostile's NEEDS_CGROUPS).
TIMING_DEPENDENT = {"memory_hog_over_many_processes"}


# -- how a run is made and compared -------------------------------------------------------------


def tasks_of(submissions: Path, course: Course) -> list[LearnerTask]:
    """Every learner and every module, as the class pipeline builds its tasks."""
    return [LearnerTask(learner, course.module_names) for learner in find_learners(submissions)]


def graded_locally(submissions: Path, course: Course,
                   protected: tuple[Path, ...]) -> dict[str, LearnerResult]:
    grading = Grading(course, all_checks(course), protected)
    tasks = tasks_of(submissions, course)
    return {task.learner.learner: result
            for task, result in grade_locally(tasks, grading=grading, jobs=1)}


@dataclass(frozen=True)
class ClusterRun:
    results: dict[str, LearnerResult]
    isolations: dict[str, IsolationLevel | None]
    times_graded: dict[str, int]  # how many results came back for each learner


def graded_on_cluster(client: Any, submissions: Path, course: Course,
                      protected: tuple[Path, ...], **options: Any) -> ClusterRun:
    results, isolations, counts = {}, {}, {}
    for task, result, isolation in grade_on_cluster(
            tasks_of(submissions, course), client=client, course=course,
            protected=protected, **options):
        name = task.learner.learner
        results[name], isolations[name] = result, isolation
        counts[name] = counts.get(name, 0) + 1
    return ClusterRun(results, isolations, counts)


VOLATILE = {"seconds", "graded_at"}  # clock readings: they differ between any two runs


def comparable(result: LearnerResult) -> dict[str, Any]:
    """Everything results.json and the gradebook keep of a result, the learner's code too,
    but the clock's readings."""
    data = result.to_dict()
    for module, graded in zip(data["modules"], result.modules, strict=True):
        module["source"] = graded.source
    return _without(data, VOLATILE)


def _without(data: Any, keys: set[str]) -> Any:
    if isinstance(data, dict):
        return {k: _without(v, keys) for k, v in data.items() if k not in keys}
    if isinstance(data, list):
        return [_without(v, keys) for v in data]
    return data


def outcomes(result: LearnerResult, *, timing: bool = True) -> list[tuple[Any, ...]]:
    """Every module's status and score, every check's status and score."""
    return [(m.module, m.status.value, m.score, c.id, c.status.value if timing else "", c.score)
            for m in result.modules for c in m.checks]


def worker_pids(client: Any) -> dict[str, int]:
    return client.run(os.getpid)


@pytest.fixture(scope="module")
def client() -> Iterator[Any]:
    with connect(f"local:{WORKERS}") as dask_client:
        yield dask_client


@pytest.fixture(scope="module")
def sample_locally(course: Course) -> dict[str, LearnerResult]:
    return graded_locally(SAMPLE, course, (course.root / "solutions",))


@pytest.fixture(scope="module")
def sample_on_cluster(client: Any, course: Course) -> ClusterRun:
    return graded_on_cluster(client, SAMPLE, course, (course.root / "solutions",))


# -- the sample class ---------------------------------------------------------------------------


def test_the_sample_class_on_the_cluster_is_graded_exactly_as_locally(
        sample_locally: dict[str, LearnerResult], sample_on_cluster: ClusterRun) -> None:
    """Every learner, module and check: status, score, feedback, output and the learner's code."""
    assert sorted(sample_on_cluster.results) == sorted(sample_locally)
    for name, local in sample_locally.items():
        assert comparable(sample_on_cluster.results[name]) == comparable(local), name


def test_each_learner_of_the_sample_class_comes_back_once_with_the_level_of_this_machine(
        sample_on_cluster: ClusterRun) -> None:
    assert set(sample_on_cluster.times_graded.values()) == {1}
    assert all(isolation == assess().level_reached()
               for isolation in sample_on_cluster.isolations.values())


def test_the_cluster_records_the_level_of_its_workers(client: Any) -> None:
    assert cluster_isolation(client, allow_weak=False) == assess().level_reached()


def test_a_worker_keeps_only_the_course_in_private_folders_once_learners_are_graded(
        client: Any, sample_on_cluster: ClusterRun) -> None:
    workers = client.run(_worker_folders).values()
    for found in workers:
        assert found["modes"] == {0o700}, found
        assert found["learner folders"] == [] and len(found["courses"]) == 1, found
    slots = [found["slot"] for found in workers]
    assert len(set(slots)) == len(slots)  # a uid and a cgroup of its own for each worker


def _worker_folders() -> dict[str, Any]:
    """Run on a worker: its grader folder, the courses and learner folders left in it."""
    worker = _cluster_worker._current
    if worker is None:
        return {"modes": {0o700}, "learner folders": [], "courses": ["(graded nothing)"],
                "slot": f"none in {os.getpid()}"}
    folders = [worker.folder, *worker.folder.iterdir()]
    return {"modes": {p.stat().st_mode & 0o777 for p in folders},
            "learner folders": [p.name for p in worker.folder.glob("learner-*")],
            "courses": [p.name for p in worker.folder.glob("course-*")],
            "folder": str(worker.folder), "slot": worker.slot}


def test_the_folder_of_a_worker_that_is_gone_is_removed_when_another_starts() -> None:
    root = _cluster_worker._workers_root()
    gone = root / f"{2**22 + 7}-killed"  # above the largest pid_max Linux allows: no process
    (gone / "course-0" / "solutions").mkdir(parents=True)
    alive = root / f"{os.getpid()}-alive"
    alive.mkdir()
    try:
        assert _cluster_worker._workers_root() == root
        assert not gone.exists() and alive.exists()
        assert root.stat().st_mode & 0o777 == 0o700
    finally:
        shutil.rmtree(alive, ignore_errors=True)
        shutil.rmtree(gone, ignore_errors=True)


def test_links_big_files_bad_text_broken_notebooks_and_a_folder_too_deep_are_graded_as_locally(
        client: Any, course: Course, tmp_path: Path) -> None:
    submissions = tmp_path / "class"
    odd = submissions / "odd"
    odd.mkdir(parents=True)
    (odd / "regression.py").symlink_to(COURSE / "solutions" / "regression.py")
    (odd / "classification.py").write_text("#" * (MAX_SOURCE_BYTES + 10))
    (odd / "clustering.py").write_bytes(b"def f():\n    return '\xff'\n")
    (odd / "optimization.ipynb").write_text("{not json")
    (odd / "Optimization.py").write_text(reference("optimization"))
    nested = submissions / "nested" / "homework"
    nested.mkdir(parents=True)
    (nested / "regression.py").write_text(reference("regression"))
    both = submissions / "both"
    both.mkdir()
    (both / "regression.py").write_text(reference("regression"))
    shutil.copy(COURSE / "exercises" / "regression.ipynb", both / "regression.ipynb")
    protected = (course.root / "solutions", submissions)
    local = graded_locally(submissions, course, protected)
    remote = graded_on_cluster(client, submissions, course, protected).results
    assert {n: comparable(r) for n, r in remote.items()} == {n: comparable(r)
                                                            for n, r in local.items()}
    assert "symbolic link" in remote["odd"].module("regression").message
    assert "found homework/regression.py" in remote["nested"].module("regression").message


def test_a_learners_parcel_holds_their_files_bytes_and_the_problems_of_the_others(
        course: Course, tmp_path: Path) -> None:
    (tmp_path / "regression.py").write_text("x = 1\n")
    (tmp_path / "classification.py").symlink_to(tmp_path / "regression.py")
    (tmp_path / "Clustering.py").write_text("")
    parcel = read_parcel(LearnerFiles("ada", tmp_path), course.modules)
    assert parcel.files == {"regression.py": b"x = 1\n"}
    assert parcel.problems == {"classification.py": "classification.py is a symbolic link; "
                                                    "submit the file itself"}
    assert parcel.near_misses == ("Clustering.py",)


def test_the_course_travels_without_quizzes_or_learner_files(course: Course) -> None:
    payload = cluster.course_payload(course)
    assert "exercises/course.toml" in payload.files
    assert "solutions/checks/test_regression_hidden.py" in payload.files
    assert "exercises/regression.ipynb" in payload.files
    assert not [name for name in payload.files
                if "quiz" in name or name.startswith("examples/") or "__pycache__" in name]


# -- the hostile corpus ---------------------------------------------------------------------------


@dataclass(frozen=True)
class HostileRuns:
    local: dict[str, LearnerResult]
    remote: ClusterRun
    layout: Layout
    pids_before: dict[str, int]
    pids_after: dict[str, int]
    jobs_left: list[str]


@pytest.fixture(scope="module")
def hostile(tmp_path_factory: pytest.TempPathFactory, course: Course,
            client: Any) -> Iterator[HostileRuns]:
    """The whole corpus around honest learners, graded locally and on the cluster."""
    folder = tmp_path_factory.mktemp("hostile_on_cluster")
    layout = Layout(course.root / "solutions", folder / "class", folder / "out",
                    folder / "marker", Listeners())
    layout.marker.mkdir()
    for name in HONEST:
        _write_learner(layout.submissions / name, reference("regression"))
    for attack in ATTACKS:
        _write_learner(layout.submissions / attack, learner_file(attack, layout))
    reaper.become_subreaper()
    protected = (layout.solutions, layout.submissions, layout.out)
    local = graded_locally(layout.submissions, course, protected)
    before = worker_pids(client)
    remote = graded_on_cluster(client, layout.submissions, course, protected,
                               isolation=assess().level_reached())
    yield HostileRuns(local, remote, layout, before, worker_pids(client), job_processes())
    layout.listeners.close()


@PROTECTED_LEVEL
def test_every_attack_is_graded_on_the_cluster_as_locally(hostile: HostileRuns) -> None:
    assert sorted(hostile.remote.results) == sorted(hostile.local)
    differ = [name for name, local in hostile.local.items()
              if outcomes(hostile.remote.results[name], timing=name not in TIMING_DEPENDENT)
              != outcomes(local, timing=name not in TIMING_DEPENDENT)]
    assert differ == []


@PROTECTED_LEVEL
def test_no_attack_takes_a_dask_worker_down(hostile: HostileRuns) -> None:
    assert hostile.pids_after == hostile.pids_before
    assert set(hostile.remote.times_graded.values()) == {1}


@PROTECTED_LEVEL
def test_attacks_on_the_cluster_reach_no_server_no_folder_and_leave_no_process(
        hostile: HostileRuns) -> None:
    assert hostile.layout.listeners.received() == 0
    time.sleep(1.5)  # a surviving daemon writes every 0.5 s
    assert list(hostile.layout.marker.iterdir()) == []
    assert hostile.jobs_left == []


@PROTECTED_LEVEL
def test_no_attacker_earns_an_r2_point_on_the_cluster(hostile: HostileRuns) -> None:
    earned = {name: [c.id for c in result.module("regression").checks
                     if c.id.startswith("test_r2") and c.score]
              for name, result in hostile.remote.results.items() if name not in HONEST}
    assert {name: ids for name, ids in earned.items() if ids} == {}


READ_THE_WORKERS_COPY = '''
"""Reads the hidden checks where a Dask worker wrote its copy of the course."""

import numpy as np

PLACES = @PLACES@


def mean_squared_error(y_true, y_pred):
    errors = np.asarray(y_true, dtype=float) - np.asarray(y_pred, dtype=float)
    return float(np.mean(errors**2))


def r2_score(y_true, y_pred):
    """How many bytes of instructor files it could read: 0 when every read is refused."""
    read = 0
    for place in PLACES:
        try:
            with open(place, "rb") as leaked:
                read += len(leaked.read())
        except OSError:
            pass
    return float(read)
'''


@PROTECTED_LEVEL
def test_learner_code_on_a_worker_cannot_read_the_course_the_worker_was_sent(
        client: Any, course: Course, sample_on_cluster: ClusterRun, tmp_path: Path) -> None:
    """Even told the exact paths of every worker's copy and of Dask's own folders."""
    places = []
    for found in client.run(_worker_folders).values():
        for name in found["courses"]:
            copy = Path(found["folder"]) / name
            places += [str(copy / "solutions" / "checks" / "test_regression_hidden.py"),
                       str(copy / "solutions" / "regression.py")]
    assert places
    submissions = tmp_path / "class"
    for learner in ("mallory", "trudy"):  # one for each worker, most likely
        (submissions / learner).mkdir(parents=True)
        (submissions / learner / "regression.py").write_text(
            READ_THE_WORKERS_COPY.replace("@PLACES@", repr(places)))
    remote = graded_on_cluster(client, submissions, course, (course.root / "solutions",))
    for result in remote.results.values():
        got = {c.detail.got for c in result.module("regression").checks  # withheld: not shown
               if c.id.startswith("test_r2") and c.status is CheckStatus.FAILED
               and not c.detail.withheld}
        assert got == {"0.0"}, result.learner


@pytest.mark.skipif(not probe().namespaces, reason="masks need mount namespaces")
def test_the_masks_alone_keep_the_workers_copy_of_the_course_unreadable(
        pretending: Any, client: Any, course: Course, sample_on_cluster: ClusterRun,
        tmp_path: Path) -> None:
    """Without Landlock and without a uid of its own, a job still reads nothing there."""
    places = [str(Path(found["folder"]) / name / "solutions" / "checks" /
                  "test_regression_hidden.py")
              for found in client.run(_worker_folders).values() for name in found["courses"]]
    submissions = tmp_path / "class"
    for learner in ("mallory", "trudy"):
        (submissions / learner).mkdir(parents=True)
        (submissions / learner / "regression.py").write_text(
            READ_THE_WORKERS_COPY.replace("@PLACES@", repr(places)))
    pretending(replace(probe(), landlock_abi=0, uid_drop=False))
    remote = graded_on_cluster(client, submissions, course, (), allow_weak=True)
    for result in remote.results.values():
        got = {c.detail.got for c in result.module("regression").checks  # withheld: not shown
               if c.id.startswith("test_r2") and c.status is CheckStatus.FAILED
               and not c.detail.withheld}
        assert got == {"0.0"}, result.learner


# -- a worker killed mid-run ----------------------------------------------------------------------


def test_a_worker_killed_mid_run_costs_nothing_and_each_learner_is_graded_once(
        course: Course, sample_locally: dict[str, LearnerResult], tmp_path: Path) -> None:
    submissions = tmp_path / "class"
    for copy in range(3):
        for learner in SAMPLE.iterdir():
            shutil.copytree(learner, submissions / f"{learner.name}-{copy}")
    results: dict[str, list[LearnerResult]] = {}
    killed: list[str] = []
    children_before = reaper.children()
    with connect("local:3") as dask_client:
        pids = worker_pids(dask_client)
        for task, result, _ in grade_on_cluster(
                tasks_of(submissions, course), client=dask_client, course=course,
                protected=(course.root / "solutions", submissions)):
            results.setdefault(task.learner.learner, []).append(result)
            if not killed:
                killed.append(_kill_a_busy_worker(dask_client, pids))
        survivors = set(worker_pids(dask_client).values())
    assert pids[killed[0]] not in survivors  # it was killed, and its nanny started another
    assert sorted(results) == sorted(f"{n.name}-{c}" for n in SAMPLE.iterdir() for c in range(3))
    assert {name: len(found) for name, found in results.items() if len(found) != 1} == {}
    for name, (result,) in results.items():
        original = comparable(sample_locally[name.rsplit("-", 1)[0]])
        assert comparable(result)["modules"] == original["modules"], name
    # A job busy in learner code when its worker died runs on, cut off from everything, until
    # its CPU time limit (course limits: file_timeout + 2 s) ends it; no job outlives that.
    cpu_limit = course.limits.file_timeout + 2
    assert _job_processes_left(children_before, within=3 * cpu_limit) == []


def _kill_a_busy_worker(dask_client: Any, pids: dict[str, int]) -> str:
    """SIGKILL a worker that has a learner in hand; its address."""
    deadline = time.monotonic() + 10
    while time.monotonic() < deadline:
        busy = [address for address, keys in dask_client.processing().items()
                if keys and address in pids]
        if busy:
            os.kill(pids[busy[0]], signal.SIGKILL)
            return busy[0]
        time.sleep(0.01)
    pytest.fail("no worker had a learner in hand to kill")


def _job_processes_left(children_before: set[int], *, within: float) -> list[str]:
    """Learner processes still there after `within` seconds, the bodies of those that died
    meanwhile reaped (this process, a subreaper, adopts what a killed worker leaves)."""
    deadline = time.monotonic() + within
    while True:
        for pid in reaper.children() - children_before:
            with contextlib.suppress(OSError, ChildProcessError):
                if Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0] == "Z":
                    os.waitpid(pid, 0)
        left = job_processes()
        if not left or time.monotonic() > deadline:
            return left
        time.sleep(0.2)


class _Doomed(distributed.WorkerPlugin):
    """On every worker, one started again included: grading `doomed` ends the worker process,
    as a machine lost mid-task would."""

    def setup(self, worker: Any) -> None:
        real = _cluster_worker._grade

        def grade(payload: Any, parcel: Any, *rest: Any) -> Any:
            if parcel.learner == "doomed":
                os._exit(1)
            return real(payload, parcel, *rest)

        _cluster_worker._grade = grade


def test_a_learner_that_kills_every_worker_it_is_given_stops_nobody_else(
        course: Course, tmp_path: Path) -> None:
    import dask

    submissions = tmp_path / "class"
    for learner in ("ada", "doomed", "zoe"):
        (submissions / learner).mkdir(parents=True)
        (submissions / learner / "regression.py").write_text(reference("regression"))
    graded: list[str] = []
    with dask.config.set({"distributed.scheduler.allowed-failures": 1}), \
            connect("local:2") as dask_client:  # whose workers hold one learner at a time
        dask_client.register_plugin(_Doomed())
        with pytest.raises(ClusterError, match=r"1 learners were not graded.*\(doomed\)"):
            for task, _, _ in grade_on_cluster(tasks_of(submissions, course), client=dask_client,
                                               course=course):
                graded.append(task.learner.learner)
    assert sorted(graded) == ["ada", "zoe"]


# -- a scheduler that cannot be reached, a weak worker --------------------------------------------


def test_an_unreachable_scheduler_is_a_clear_message_within_seconds() -> None:
    with socket.socket() as probe_socket:
        probe_socket.bind(("127.0.0.1", 0))
        port = probe_socket.getsockname()[1]  # nothing listens on it
    started = time.monotonic()
    with pytest.raises(ClusterError) as refused:
        connect(f"tcp://127.0.0.1:{port}", timeout=2)
    assert time.monotonic() - started < 6
    assert f"cannot reach the Dask scheduler at tcp://127.0.0.1:{port}" in str(refused.value)
    assert "dask scheduler" in str(refused.value)


def test_a_scheduler_without_workers_is_a_clear_message_not_a_wait() -> None:
    with distributed.LocalCluster(n_workers=0, processes=False,
                                  dashboard_address="127.0.0.1:0") as empty, \
            distributed.Client(empty, set_as_default=False) as dask_client:
        started = time.monotonic()
        with pytest.raises(ClusterError, match="has no worker after 1 s: start some with"):
            cluster_isolation(dask_client, allow_weak=False, timeout=1)
        assert time.monotonic() - started < 5


@pytest.mark.parametrize("address", ["localhost:8786", "local:0", "local:many"])
def test_a_scheduler_address_that_is_no_address_is_refused_with_its_form(address: str) -> None:
    with pytest.raises(ClusterError, match="tcp://HOST:PORT|local:N"):
        connect(address)


def test_without_dask_the_grader_works_and_a_cluster_asks_for_the_extra() -> None:
    script = ("import sys; sys.modules['distributed'] = sys.modules['dask'] = None\n"
              "import grader.cli, grader.grading.pipeline, grader.grading.cluster\n"
              "try:\n    grader.grading.cluster.connect('local:1')\n"
              "except grader.grading.cluster.ClusterError as error:\n    print(error)\n")
    done = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True,
                          env={**os.environ, "PYTHONPATH": str(ROOT)}, timeout=60)
    assert done.returncode == 0, done.stderr
    assert "pip install 'grader[dask]'" in done.stdout


WEAK = Machine(root=False, namespaces=False, uid_drop=False, landlock_abi=0, seccomp=False,
               cgroups=False, subreaper=True)
MEDIUM = Machine(root=False, namespaces=True, uid_drop=False, landlock_abi=7, seccomp=True,
                 cgroups=False, subreaper=True)


def _pretend(machine: Machine | None) -> None:
    """Run on a worker: its isolation probe finds `machine` (None: the real one again)."""
    real = getattr(isolation_module, "_real_probe", isolation_module.probe)
    isolation_module._real_probe = real  # type: ignore[attr-defined]
    isolation_module.probe = real if machine is None else (lambda: machine)  # type: ignore


@pytest.fixture
def pretending(client: Any) -> Iterator[Any]:
    def pretend(machine: Machine) -> None:
        client.run(_pretend, machine)

    yield pretend
    client.run(_pretend, None)


def test_a_weak_worker_is_refused_before_any_learner_is_sent(pretending: Any,
                                                             client: Any) -> None:
    pretending(WEAK)
    with pytest.raises(ClusterError, match="WEAK isolation.*--allow-weak-isolation"):
        cluster_isolation(client, allow_weak=False)
    assert cluster_isolation(client, allow_weak=True).level == "weak"


def test_a_worker_that_turns_weak_refuses_to_grade_unless_weak_is_allowed(
        pretending: Any, client: Any, course: Course, tmp_path: Path) -> None:
    (tmp_path / "class" / "ada").mkdir(parents=True)
    (tmp_path / "class" / "ada" / "regression.py").write_text(reference("regression"))
    pretending(WEAK)
    with pytest.raises(ClusterError, match="would run learner code at WEAK isolation"):
        graded_on_cluster(client, tmp_path / "class", course, ())
    run = graded_on_cluster(client, tmp_path / "class", course, (), allow_weak=True)
    assert (graded_at := run.isolations["ada"]) is not None and graded_at.level == "weak"
    assert run.results["ada"].module("regression").score > 0


def test_a_result_graded_below_the_runs_recorded_level_stops_the_run(
        pretending: Any, client: Any, course: Course, tmp_path: Path) -> None:
    (tmp_path / "class" / "ada").mkdir(parents=True)
    (tmp_path / "class" / "ada" / "regression.py").write_text(reference("regression"))
    recorded = replace(assess().level_reached(), level="strong")  # as root on a grading server
    pretending(MEDIUM)
    assert assess(MEDIUM).level == "medium"
    with pytest.raises(ClusterError, match="graded at MEDIUM isolation, below the"):
        graded_on_cluster(client, tmp_path / "class", course, (), isolation=recorded)


# -- through grade_class and the command line -----------------------------------------------

WIRED = pytest.mark.skipif("scheduler" not in inspect.signature(grade_class).parameters,
                           reason="grade_class has no scheduler option yet")


@WIRED
def test_results_json_of_the_sample_class_is_the_same_on_a_cluster(tmp_path: Path) -> None:
    local = grade_class(SAMPLE, out=tmp_path / "local", jobs=1)
    remote = grade_class(SAMPLE, out=tmp_path / "remote", scheduler="local:2")  # type: ignore
    assert remote.graded == local.graded
    read = [_without(json.loads((out / "results.json").read_text()), VOLATILE)
            for out in (tmp_path / "local", tmp_path / "remote")]
    assert read[0] == read[1]


@WIRED
def test_grader_grade_with_an_unreachable_scheduler_says_so_in_one_line(
        run_grader: Any, tmp_path: Path) -> None:
    started = time.monotonic()
    done = run_grader("grade", SAMPLE, "--out", tmp_path / "out", "--scheduler",
                      "tcp://127.0.0.1:9")
    assert time.monotonic() - started < 20
    assert done.returncode == 2
    assert done.stderr.startswith("grader: cannot reach the Dask scheduler at tcp://127.0.0.1:9")
    assert len(done.stderr.strip().splitlines()) == 1


@WIRED
def test_grader_grade_refuses_jobs_and_a_scheduler_together(tmp_path: Path) -> None:
    from click.testing import CliRunner

    from grader.cli import main

    done = CliRunner().invoke(main, ["grade", str(SAMPLE), "--out", str(tmp_path / "out"),
                                     "--jobs", "2", "--scheduler", "local:2"])
    assert done.exit_code == 2
    assert "give one of them" in done.output


@pytest.mark.shipped_course
def test_the_dask_benchmark_reports_throughput_for_each_worker_count() -> None:
    """At a smoke size: it must work, and say what it measures (no time is asserted). The
    benchmarks grade the shipped course, whose four modules make the 8 files counted here."""
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    env.pop("GRADER_COURSE")
    done = subprocess.run([sys.executable, str(ROOT / "benchmarks" / "bench_dask.py"),
                           "--learners", "2", "--workers", "1"], cwd=ROOT, capture_output=True,
                          text=True, timeout=600, env=env)
    assert done.returncode == 0, done.stderr[-2000:]
    files = 2 * len([m for m in load_course(ROOT).module_names if m not in PROJECTS])
    assert f"Dask       1 workers: {files} files of 2 learners in" in done.stdout
    assert f"local pool 1 workers: {files} files of 2 learners in" in done.stdout
    assert "files/s" in done.stdout


@pytest.mark.shipped_course
def test_the_data_a_projects_checks_read_travels_to_the_workers() -> None:
    files = cluster.course_payload(load_course(ROOT)).files
    assert {"exercises/data/weather/train.csv", "solutions/data/weather_test.csv"} <= set(files)
