"""The hostile-submission corpus (tests/hostile/, one attack a file), graded once with the
whole pipeline and run alone in the sandbox: every attack fails, and costs nobody a point.

Each corpus file is a learner's regression.py whose r2_score performs one attack and, had the
attack worked, would use what it got to earn the R² points; its `attack()` performs the attack
again and returns what it achieved, as plain data. Paths and ports are placeholders
(`@SOLUTIONS@`, `@TCP_PORT@`...) filled in here, as a learner who knows the layout would
hard-code them.
"""

from __future__ import annotations

import contextlib
import hashlib
import math
import os
import re
import socket
import time
import weakref
from collections.abc import Callable, Iterator
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

import numpy as np
import pytest

from grader.course import Course
from grader.exports import grades_csv, results_json
from grader.grading import grade_class
from grader.inside.namespaces import INODES
from grader.inside.wire import MAX_FRAME, Opaque
from grader.results import CheckStatus, ClassResult, LearnerResult
from grader.sandbox import Crashed, Loaded, Outcome, Returned, Sandbox, reaper
from grader.sandbox.isolation import SCRATCH_MB, SLOT_UID_BASE, assess, plan_for, probe
from grader.sandbox.limits import Limits
from grader.sandbox.zygote import scratch_root

from .conftest import COURSE, reference

# The corpus kills (kill(-1, SIGKILL)), fork-bombs and stops processes: only run it where
# learner code cannot read hidden checks nor signal this test run (strong, or medium with
# Landlock's signal scoping, as for an unprivileged user here).
ISOLATION = assess()
SIGNALS_OPEN = "send signals to the grader and other jobs of the same user"
pytestmark = pytest.mark.skipif(
    not ISOLATION.hidden_checks_protected or SIGNALS_OPEN in ISOLATION.open,
    reason="the hostile corpus needs hidden checks protected and signals scoped "
           "(see `grader doctor`)")

CORPUS = Path(__file__).resolve().parent / "hostile"
ATTACKS = sorted(path.stem for path in CORPUS.glob("*.py"))
MODULES = ("regression", "classification", "clustering", "optimization")
HONEST = ("aaron", "abigail", "yusuf", "zoe")  # sorted, two before every attack, two after
CLASSMATE = "aaron"  # the learner whose file the attacks go after
SECRET = "SECRET-c0ffee-instructor-only-4e1d"
MARK = "grader-hostile-was-here.txt"  # what the write attacks leave where they can
MARKUP = '<script>document.title="hostile"</script>'  # from inject_html_into_the_report
JOB_UIDS = range(SLOT_UID_BASE, SLOT_UID_BASE + 64)
PLACEHOLDER = re.compile(r"@[A-Z_]+@")

LIMITS = Limits(call_timeout=2, file_timeout=20)
DENIED = {"EACCES", "EPERM", "ENOENT", "EROFS"}
NO_NETWORK = {"EACCES", "EPERM", "ENETUNREACH", "EAFNOSUPPORT"}


# -- what surrounds the sandbox: servers, folders, processes ------------------------------------


class Listeners:
    """TCP, UDP and abstract Unix servers outside the sandbox, and world-writable Unix socket
    files where the host's services keep theirs, counting what reaches them."""

    def __init__(self) -> None:
        self.tcp = self._server(socket.socket(socket.AF_INET, socket.SOCK_STREAM), ("127.0.0.1", 0))
        self.udp = self._server(socket.socket(socket.AF_INET, socket.SOCK_DGRAM), ("127.0.0.1", 0))
        self.abstract = f"grader-hostile-{os.getpid()}-{id(self)}"
        self.unix = self._server(socket.socket(socket.AF_UNIX, socket.SOCK_STREAM),
                                 "\0" + self.abstract)
        self.files = SocketFiles(f"{os.getpid()}-{id(self) % 100000}")
        self.count = 0

    @staticmethod
    def _server(server: socket.socket, address: Any) -> socket.socket:
        server.bind(address)
        if server.type == socket.SOCK_STREAM:
            server.listen()
        server.setblocking(False)
        return server

    def placeholders(self) -> dict[str, str]:
        return {"TCP_PORT": str(self.tcp.getsockname()[1]),
                "UDP_PORT": str(self.udp.getsockname()[1]), "ABSTRACT": self.abstract,
                **self.files.placeholders()}

    def received(self) -> int:
        """Connections and datagrams that reached any of the servers so far."""
        servers = [self.tcp, self.unix, self.udp, *self.files.servers()]
        for server in servers:
            take = _accept if server.type == socket.SOCK_STREAM else _datagram
            while take(server):
                self.count += 1
        return self.count

    def close(self) -> None:
        for server in (self.tcp, self.udp, self.unix):
            server.close()
        self.files.close()


class SocketFiles:
    """World-writable Unix socket files where services keep theirs: /run (the system bus),
    /var/run, /dev (/dev/log, datagrams), /tmp, a home folder and the user's session bus
    (/run/user/<uid>/bus). One this user may not create is left out: its path stays, empty."""

    def __init__(self, tag: str) -> None:
        uid = os.getuid()
        self.made: list[Path] = []  # files and folders to remove, last made first
        runtime = Path(f"/run/user/{uid}")
        bus = runtime / "bus"
        self.paths = {
            "RUN_SOCKET": Path(f"/run/grader-hostile-{tag}.sock"),
            "VAR_RUN_SOCKET": Path(f"/var/run/grader-hostile-{tag}-var.sock"),
            "DEV_LOG": Path(f"/dev/grader-hostile-{tag}-log"),
            "TMP_SOCKET": Path(f"/tmp/grader-hostile-{tag}.sock"),
            "HOME_SOCKET": self._home(tag) / f"grader-hostile-{tag}.sock",
            "SESSION_BUS": bus if not bus.exists() else runtime / f"grader-hostile-{tag}-bus",
        }
        self.runtime = runtime
        # Removed even by a run that ends without its fixtures' teardown (an internal error),
        # and only by the process that made them, not by one forked from it.
        self._removal = weakref.finalize(self, _remove_all, self.made, os.getpid())
        self._folder(runtime, 0o700)
        self._servers = {name: self._serve(path, socket.SOCK_DGRAM if name == "DEV_LOG"
                                           else socket.SOCK_STREAM)
                         for name, path in self.paths.items()}

    def _home(self, tag: str) -> Path:
        if os.getuid() == 0:  # root's own home is closed to others: a user's home, as root
            return self._folder(Path(f"/home/grader-hostile-{tag}"), 0o755)
        return Path.home()

    def _folder(self, folder: Path, mode: int) -> Path:
        if not folder.exists():
            try:
                folder.mkdir(mode=mode)
            except OSError:
                return folder
            self.made.append(folder)
        return folder

    def _serve(self, path: Path, kind: int) -> socket.socket | None:
        server = socket.socket(socket.AF_UNIX, kind)
        try:
            server.bind(str(path))
        except OSError:
            server.close()
            return None
        self.made.append(path)
        path.chmod(0o777)
        if kind == socket.SOCK_STREAM:
            server.listen()
        server.setblocking(False)
        return server

    def placeholders(self) -> dict[str, str]:
        return {**{name: str(path) for name, path in self.paths.items()},
                "RUNTIME_FOLDER": str(self.runtime)}

    def servers(self) -> list[socket.socket]:
        return [server for server in self._servers.values() if server is not None]

    def close(self) -> None:
        for server in self.servers():
            server.close()
        self._removal()


_FOLDERS_MADE: list[Path] = []  # by any SocketFiles of this run: the last to close removes them


def _remove_all(made: list[Path], owner: int) -> None:
    if os.getpid() != owner:
        return
    for path in reversed(made):
        with contextlib.suppress(OSError):
            path.unlink() if path.is_socket() else _FOLDERS_MADE.append(path)
    for folder in reversed(_FOLDERS_MADE):
        with contextlib.suppress(OSError):
            folder.rmdir()  # one that still holds another instance's socket stays, for now


def _accept(server: socket.socket) -> bool:
    try:
        server.accept()[0].close()
    except BlockingIOError:
        return False
    return True


def _datagram(server: socket.socket) -> bool:
    try:
        server.recvfrom(65536)
    except BlockingIOError:
        return False
    return True


@dataclass(frozen=True)
class Layout:
    """Where the instructor's folders are, as the attacks are told."""

    solutions: Path
    submissions: Path
    out: Path
    marker: Path  # a folder the test owns: a daemon that outlives its job would write here
    listeners: Listeners

    def placeholders(self) -> dict[str, str]:
        return {"SOLUTIONS": str(self.solutions), "SUBMISSIONS": str(self.submissions),
                "CLASSMATE": CLASSMATE, "OUT": str(self.out), "MARKER": str(self.marker),
                **self.listeners.placeholders()}


def learner_file(attack: str, layout: Layout) -> str:
    """The attack's regression.py with its placeholders filled in."""
    source = (CORPUS / f"{attack}.py").read_text()
    for name, value in layout.placeholders().items():
        source = source.replace(f"@{name}@", value)
    assert not PLACEHOLDER.search(source), f"{attack}: {PLACEHOLDER.search(source)} not filled"
    return source


def fingerprint(*folders: Path) -> str:
    """Names, modes, times and contents of everything in these folders."""
    digest = hashlib.sha256()
    for folder in folders:
        for path in sorted(folder.rglob("*")):
            info = path.lstat()
            digest.update(f"{path}|{info.st_mode}|{info.st_mtime_ns}".encode())
            if path.is_file():
                digest.update(path.read_bytes())
    return digest.hexdigest()


def job_processes() -> list[str]:
    """Processes running as a learner job's uid that this test run left, or that nobody owns.

    Descendants of this process are ours (it and the grader's workers are subreapers, so what
    escapes a job comes back to them); orphans adopted by init are nobody's. A job whose grader
    is another live process belongs to another run on this machine, and is left to it."""
    found = []
    for pid in (int(entry) for entry in os.listdir("/proc") if entry.isdigit()):
        uid = _uid(pid)
        # An owner of 0 means the chain broke because a process ended during the scan: only
        # init (1) adopting a job's process makes it nobody's.
        if uid in JOB_UIDS and (_owner(pid) == 1 or os.getpid() in _ancestors(pid)) \
                and _uid(pid) in JOB_UIDS:
            found.append(f"pid {pid} uid {uid}: {_cmdline(pid)[:120]}")
    return found


def _uid(pid: int) -> int | None:
    try:
        status = Path(f"/proc/{pid}/status").read_text()
    except OSError:
        return None
    found = re.search(r"^Uid:\s+(\d+)", status, re.MULTILINE)
    return int(found[1]) if found else None


def _parent(pid: int) -> int:
    try:
        stat = Path(f"/proc/{pid}/stat").read_text()
    except OSError:
        return 0
    return int(stat.rsplit(")", 1)[1].split()[1])


def _ancestors(pid: int) -> list[int]:
    chain = []
    while pid > 1 and len(chain) < 100:
        pid = _parent(pid)
        chain.append(pid)
    return chain


def _owner(pid: int) -> int:
    """The nearest ancestor that is not itself a learner job's process."""
    return next((p for p in _ancestors(pid) if _uid(p) not in JOB_UIDS), 0)


def _cmdline(pid: int) -> str:
    try:
        return Path(f"/proc/{pid}/cmdline").read_bytes().replace(b"\0", b" ").decode()
    except OSError:
        return "?"


def host_files_an_attack_wrote() -> list[str]:
    """The files the write attacks would leave outside the sandbox, if any got out."""
    places = ["/results.json", f"/{MARK}", f"/tmp/{MARK}", f"/var/tmp/{MARK}", f"/dev/shm/{MARK}"]
    return [place for place in places if os.path.lexists(place)]


# -- the whole class, graded once ---------------------------------------------------------------


@dataclass(frozen=True)
class GradedClass:
    result: ClassResult
    layout: Layout
    submissions_before: str
    children_before: set[int]
    children_after: set[int]
    job_processes_after: list[str]

    def learner(self, name: str) -> LearnerResult:
        return next(lr for lr in self.result.learners if lr.learner == name)


def _write_learner(folder: Path, regression: str) -> None:
    folder.mkdir(parents=True)
    (folder / "regression.py").write_text(regression)
    for module in MODULES[1:]:
        (folder / f"{module}.py").write_text(reference(module))


@pytest.fixture(scope="module")
def graded(tmp_path_factory: pytest.TempPathFactory, course: Course) -> Iterator[GradedClass]:
    """Honest learners around one learner per attack, graded with public and hidden checks."""
    folder = tmp_path_factory.mktemp("hostile_class")
    listeners = Listeners()
    layout = Layout(course.root / "solutions", folder / "class", folder / "out",
                    folder / "marker", listeners)
    layout.marker.mkdir()
    for name in HONEST:
        _write_learner(layout.submissions / name, reference("regression"))
    for attack in ATTACKS:
        _write_learner(layout.submissions / attack, learner_file(attack, layout))
    before = fingerprint(layout.submissions)
    reaper.become_subreaper()
    children_before = reaper.children()
    result = grade_class(layout.submissions, out=layout.out, course=course, jobs=2).result
    yield GradedClass(result, layout, before, children_before, reaper.children(),
                      job_processes())
    listeners.close()


def _r2_checks(learner: LearnerResult) -> list[Any]:
    return [c for c in learner.module("regression").checks if c.id.startswith("test_r2")]


# What the medium level leaves open, as `grader doctor` says: without cgroups, memory is
# bounded per process, so a hog spread over processes succeeds (and earns what it earns).
NEEDS_CGROUPS = {"memory_hog_over_many_processes"}


@pytest.mark.parametrize("attack", ATTACKS)
def test_the_attack_earns_no_r2_points(graded: GradedClass, attack: str) -> None:
    if attack in NEEDS_CGROUPS and not probe().cgroups:
        pytest.skip("memory is bounded per job in total only with cgroups (root)")
    r2 = _r2_checks(graded.learner(attack))
    assert r2 and [(c.id, c.status.value) for c in r2 if c.score] == []


@pytest.mark.parametrize("attack", ATTACKS)
def test_the_attacker_keeps_every_mean_squared_error_point_and_every_other_module(
        graded: GradedClass, attack: str) -> None:
    learner = graded.learner(attack)
    mse = [c for c in learner.module("regression").checks if c.id.startswith("test_mse")]
    assert mse and [(c.id, c.status.value, c.feedback) for c in mse
                    if c.status is not CheckStatus.PASSED] == []
    assert [(m.module, m.score) for m in learner.modules
            if m.module != "regression" and m.score != m.max_score] == []


@pytest.mark.parametrize("attack", ATTACKS)
def test_no_check_of_the_attacker_is_blamed_on_the_grader(graded: GradedClass,
                                                          attack: str) -> None:
    learner = graded.learner(attack)
    assert [(m.module, c.id) for m in learner.modules for c in m.checks if c.grader_error] == []


class TestTheClassAroundTheAttacks:
    """What the attacks must not have touched, whichever of them ran."""

    def test_the_class_was_graded_at_the_level_the_machine_offers(self,
                                                                   graded: GradedClass) -> None:
        assert graded.result.isolation is not None
        assert graded.result.isolation.level == ISOLATION.level

    def test_every_learner_is_graded_in_all_four_modules(self, graded: GradedClass) -> None:
        learners = graded.result.learners
        assert [lr.learner for lr in learners] == sorted([*HONEST, *ATTACKS])
        assert all(tuple(m.module for m in lr.modules) == MODULES for lr in learners)

    def test_the_honest_learners_get_full_marks(self, graded: GradedClass) -> None:
        scores = {name: [(m.score, m.max_score) for m in graded.learner(name).modules]
                  for name in HONEST}  # their modules: the class hands in no quiz
        assert all(score == most > 0 for modules in scores.values()
                   for score, most in modules), scores

    def test_the_servers_outside_the_sandbox_received_nothing(self, graded: GradedClass) -> None:
        assert graded.layout.listeners.received() == 0

    def test_the_marker_folder_stays_empty_after_the_jobs_are_over(
            self, graded: GradedClass) -> None:
        time.sleep(1.5)  # a surviving daemon tries every 0.5 s
        assert list(graded.layout.marker.iterdir()) == []

    def test_no_process_of_a_job_uid_is_left_after_grading(self, graded: GradedClass) -> None:
        assert graded.job_processes_after == []
        assert job_processes() == []

    def test_the_grader_has_no_child_process_left_after_grading(
            self, graded: GradedClass) -> None:
        assert graded.children_after <= graded.children_before

    def test_the_submissions_folder_is_unchanged(self, graded: GradedClass) -> None:
        assert fingerprint(graded.layout.submissions) == graded.submissions_before

    def test_results_json_and_grades_csv_hold_the_graders_scores_not_forged_ones(
            self, graded: GradedClass) -> None:
        out = graded.layout.out
        assert (out / "results.json").read_text() == results_json(graded.result)
        assert (out / "grades.csv").read_text() == grades_csv(graded.result)

    def test_the_output_folder_holds_only_what_the_grader_writes(
            self, graded: GradedClass) -> None:
        out = graded.layout.out
        reports = {f"{name}.html" for name in [*HONEST, *ATTACKS]}
        assert {p.name for p in out.iterdir()} == {"results.json", "grades.csv", "index.html",
                                                   "learners", "gradebook.sqlite",
                                                   "gradebook.sqlite.lock"}
        assert {p.name for p in (out / "learners").iterdir()} == reports | {".published.json"}

    def test_no_report_shows_markup_a_learner_wrote_as_markup(self, graded: GradedClass) -> None:
        pages = [graded.layout.out / "index.html", *(graded.layout.out / "learners").iterdir()]
        assert [page.name for page in pages if MARKUP in page.read_text()] == []
        attacker = graded.layout.out / "learners" / "inject_html_into_the_report.html"
        assert "&lt;script&gt;document.title" in attacker.read_text()  # shown, as text

    def test_nothing_an_attack_wrote_is_on_the_host_outside_its_scratch_folder(
            self, graded: GradedClass) -> None:
        assert host_files_an_attack_wrote() == []


# -- each attack alone, with its evidence --------------------------------------------------------


@dataclass(frozen=True)
class Evidence:
    loaded: Any
    outcome: Outcome  # what `attack()` came back as: its evidence, or how it ended
    after: Outcome  # the next call, mean_squared_error([1, 2], [1, 4]): should be 2.0
    printed: str
    seconds: float  # how long the call of `attack()` took, the grader's decoding included
    grader_megabytes: float  # how much the trusted process's peak memory grew during it
    children_left: set[int]  # children of this process, of a job's uid, left behind
    job_processes_left: list[str]  # processes of a job's uid, once it was closed


class Lab:
    """A fake course beside the test, its instructor files holding SECRET, in which each
    attack runs alone in a sandbox with the plan the grader uses."""

    def __init__(self, folder: Path) -> None:
        self.layout = Layout(folder / "solutions", folder / "class", folder / "out",
                             folder / "marker", Listeners())
        self._write(folder)
        self.plan = plan_for([self.layout.solutions, self.layout.submissions, self.layout.out])
        self.before = self.fingerprint()
        self._seen: dict[str, Evidence] = {}

    def _write(self, folder: Path) -> None:
        layout = self.layout
        (layout.solutions / "checks").mkdir(parents=True)
        (layout.solutions / "regression.py").write_text(f"# {SECRET}\n{reference('regression')}")
        hidden = COURSE / "solutions" / "checks" / "test_regression_hidden.py"
        (layout.solutions / "checks" / hidden.name).write_text(f"# {SECRET}\n{hidden.read_text()}")
        (layout.submissions / CLASSMATE).mkdir(parents=True)
        (layout.submissions / CLASSMATE / "regression.py").write_text(
            f"# {SECRET}\n{reference('regression')}")
        (layout.out / "learners").mkdir(parents=True)
        (layout.out / "results.json").write_text(f'{{"secret": "{SECRET}"}}\n')
        (layout.out / "learners" / f"{CLASSMATE}.html").write_text(
            f"<pre># {SECRET}\ndef r2_score(y_true, y_pred): ...</pre>\n")
        layout.marker.mkdir()

    def fingerprint(self) -> str:
        return fingerprint(self.layout.solutions, self.layout.submissions, self.layout.out)

    def run(self, attack: str) -> Evidence:
        """Load the attack, call `attack()`, then an honest call; each attack runs once."""
        if attack not in self._seen:
            children = reaper.children()
            with Sandbox(LIMITS, self.plan) as sandbox:
                loaded = sandbox.load(learner_file(attack, self.layout), "regression.py",
                                      "regression", LIMITS.load_timeout)
                Path("/proc/self/clear_refs").write_text("5")  # peak memory := current
                memory, started = _memory_kb("VmRSS"), time.monotonic()
                outcome = sandbox.call("attack", (), {}, LIMITS.call_timeout)
                seconds = time.monotonic() - started
                grown = (_memory_kb("VmHWM") - memory) / 1024
                after = sandbox.call("mean_squared_error", ([1.0, 2.0], [1.0, 4.0]), {},
                                     LIMITS.call_timeout)
                printed = sandbox.close()
            left = {pid for pid in reaper.children() - children if _uid(pid) in JOB_UIDS}
            self._seen[attack] = Evidence(loaded, outcome, after, printed, seconds, grown, left,
                                          job_processes())
        return self._seen[attack]


def _memory_kb(field: str) -> int:
    status = Path("/proc/self/status").read_text()
    return int(re.search(rf"^{field}:\s+(\d+) kB", status, re.MULTILINE)[1])  # type: ignore[index]


@pytest.fixture(scope="module")
def lab(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Lab]:
    reaper.become_subreaper()
    lab = Lab(tmp_path_factory.mktemp("hostile_lab"))
    yield lab
    lab.layout.listeners.close()


def value(outcome: Outcome) -> Any:
    assert isinstance(outcome, Returned), outcome
    return outcome.value


def attempts(data: Any) -> Iterator[dict[str, Any]]:
    """Every {"ok" | "errno" | "error": ...} record in some evidence, however deep."""
    if isinstance(data, dict):
        if len(data) == 1 and next(iter(data)) in ("ok", "errno", "error"):
            yield data
            return
        data = list(data.values())
    if isinstance(data, list | tuple):
        for part in data:
            yield from attempts(part)


def refused(attempt: dict[str, Any], codes: set[str] = DENIED) -> bool:
    return attempt.get("errno") in codes


def crashed(outcome: Outcome, *words: str) -> bool:
    return isinstance(outcome, Crashed) and all(w in outcome.reason for w in words)


def in_scratch(attempt: dict[str, Any]) -> bool:
    """A write that was refused, or that landed in the job's own scratch folder."""
    landed = str(attempt.get("ok", ""))
    in_a_job = re.match(r"^/tmp/grader-jobs-\d+/grader-job[^/]*/", landed)
    return refused(attempt) or in_a_job is not None


Expectation = Callable[[Evidence], None]
EXPECTED: dict[str, Expectation] = {}


def expect(*attacks: str) -> Callable[[Expectation], Expectation]:
    """Register how these attacks must fail, as seen in their evidence."""

    def register(expectation: Expectation) -> Expectation:
        for attack in attacks:
            EXPECTED[attack] = expectation
        return expectation

    return register


@expect("read_hidden_checks_by_path", "read_reference_solution_by_path",
        "read_another_learners_submission", "read_the_output_folder",
        "read_through_parent_cwd", "read_through_parent_root", "read_through_the_grader_package",
        "read_parent_memory", "hardlink_to_solutions", "ptrace_attach_the_parent",
        "sigstop_the_parent", "unshare_user_namespace")
def every_attempt_is_refused(evidence: Evidence) -> None:
    """Every read, listing, link, signal, trace or mount the attack tried was refused."""
    tried = list(attempts(value(evidence.outcome)))
    assert tried and [a for a in tried if not (refused(a) or "error" in a)] == []


@expect("sigkill_the_parent")
def the_parent_is_not_killed(evidence: Evidence) -> None:
    found = value(evidence.outcome)
    assert refused(found["kill"]) and found["parent after"] == found["parent"]


@expect("kill_every_process")
def kill_minus_one_reaches_nobody_outside_the_job(evidence: Evidence) -> None:
    # kill(-1) reports success when every process it found refused the signal.
    found = value(evidence.outcome)["kill(-1)"]
    assert refused(found, {"EPERM", "ESRCH"}) or found["ok"] == {"parent survived": True}


@expect("read_hidden_checks_walking_up")
def walking_up_finds_no_course(evidence: Evidence) -> None:
    found = value(evidence.outcome)
    assert found["found"] == {} and set(found["stopped"].values()) <= DENIED


@expect("unmount_the_masks")
def the_masks_it_finds_in_its_own_mount_table_stay(evidence: Evidence) -> None:
    """Its own /proc/self/mounts is readable (a job's own /proc is); every unmount is refused."""
    found = value(evidence.outcome)
    tried = list(attempts({"umount2": found["umount2"], "read after": found["read after"]}))
    assert "ok" in found["mounts"] or not probe().landlock_abi
    assert tried and [a for a in tried if not (refused(a) or "error" in a)] == []


@expect("scan_proc_cmdline", "scan_proc_environ")
def no_other_process_is_readable_in_proc(evidence: Evidence) -> None:
    """Only its own entry, /proc/self (the environment attack skips it): a job's command line
    is its zygote's, which holds none of the grader's settings (they come over its socket)."""
    found = value(evidence.outcome)
    assert found["leaks"] == {}
    if "environs_read" in found:
        assert found["environs_read"] == 0
        return
    assert found["cmdlines_read"] <= 1
    assert all(sample.split()[-2].endswith("/zygote.py") for sample in found["sample"])


@expect("read_the_graders_open_files")
def no_open_file_of_the_grader_is_reopened(evidence: Evidence) -> None:
    found = value(evidence.outcome)
    assert found["opened"] == {} and refused(found["list"])


@expect("connect_tcp_to_loopback", "send_udp_to_loopback", "raw_socket_syscall_via_ctypes")
def no_network_socket_is_had(evidence: Evidence) -> None:
    tried = list(attempts(value(evidence.outcome)))
    assert tried and [a for a in tried if not refused(a, NO_NETWORK)] == []


@expect("abstract_unix_socket")
def the_abstract_socket_outside_is_out_of_reach(evidence: Evidence) -> None:
    # ECONNREFUSED: the sandbox's network namespace has abstract names of its own.
    assert refused(value(evidence.outcome)["connect"], {"EPERM", "EACCES", "ECONNREFUSED"})


SOCKET_FILES = ("connect_to_a_socket_file_under_run", "connect_to_a_socket_file_under_var_run",
                "send_to_a_dev_log_like_socket", "connect_to_a_socket_file_in_tmp",
                "connect_to_a_socket_file_in_a_home_folder",
                "connect_to_the_instructors_session_bus")


@expect(*SOCKET_FILES)
def no_socket_file_outside_the_scratch_folder_is_in_reach(evidence: Evidence) -> None:
    # ENOENT: not in the job's view; EACCES: no Unix socket at all, without namespaces.
    found = value(evidence.outcome)
    assert refused(found["connect"]) and refused(found["stat"])


@expect("connect_to_a_socket_file_through_proc_root")
def no_other_process_root_leads_to_a_socket_file(evidence: Evidence) -> None:
    tried = list(attempts(value(evidence.outcome)))
    assert len(tried) >= 2 and [a for a in tried if not refused(a)] == []


@expect("list_run_home_root_and_tmp")
def the_host_folders_are_not_in_the_jobs_view(evidence: Evidence) -> None:
    found = value(evidence.outcome)
    # Without namespaces (Landlock alone) they exist but cannot be opened; with them, only
    # /tmp and /root may be there, on the way to the scratch folder or the interpreter.
    seen = [folder for folder, there in found["exists"].items()
            if there and folder not in ("/tmp", "/root")]
    assert seen == [] or probe().namespaces is False
    listed = {folder: a["ok"] for folder, a in found["listed"].items() if "ok" in a}
    assert all(names == [] or set(names) <= ways_to_the_view(folder)
               for folder, names in listed.items()), listed


def ways_to_the_view(folder: str) -> set[str]:
    """The names a folder of the job's view may hold: the next step towards a folder the
    view binds (the interpreter's, below /root say) or towards the job's scratch folder."""
    places = [*plan_for().read_only, str(scratch_root())]
    prefix = folder.rstrip("/") + "/"
    return {place[len(prefix):].split("/")[0] for place in places if place.startswith(prefix)}


@expect("pile_up_files_in_every_writable_tmpfs")
def every_writable_place_stops_the_pile_within_its_inode_bound(evidence: Evidence) -> None:
    # The bound, not the clock, stops it: a pile cut short by its time (a slow, busy
    # machine: "stopped by" None) still holds no more files than a tmpfs has inodes.
    found = value(evidence.outcome)
    assert set(found) == {"scratch", "TMPDIR", "/dev/shm"}
    assert [place for place, pile in found.items()
            if pile["stopped by"] not in ("ENOSPC", "EDQUOT", "EACCES", "EPERM", "EROFS", None)
            or pile["files"] > INODES] == [], found


@expect("seccomp_bypass_via_x32_abi")
def the_x32_system_call_kills_the_process(evidence: Evidence) -> None:
    assert crashed(evidence.outcome, "SIGSYS") or refused(
        value(evidence.outcome)["x32 socket"], {"ENOSYS", "EPERM", "EACCES"})


@expect("fork_bomb")
def the_fork_bomb_stops_at_the_jobs_process_bound(evidence: Evidence) -> None:
    found = value(evidence.outcome)
    assert found["forked"] < plan_for().processes and "EAGAIN" in found["refused"]


@expect(*NEEDS_CGROUPS)
def the_job_never_holds_more_than_its_memory_limit(evidence: Evidence) -> None:
    if not probe().cgroups:
        pytest.skip("memory is bounded per job in total only with cgroups (root)")
    outcome = evidence.outcome
    if not crashed(outcome, "killed"):
        found = value(outcome)
        assert found["megabytes at once"] <= LIMITS.memory_mb
        assert found["still filling at the end"] == 0  # stopped by the limit, not by the clock


@expect("flood_stdout_with_a_gigabyte")
def printing_stops_at_the_output_cap(evidence: Evidence) -> None:
    found = value(evidence.outcome)
    assert found["written"] <= LIMITS.output_kb * 1024 and found["stopped by"] == "EFBIG"
    assert evidence.printed.endswith("(output cut here)")


@expect("write_a_gigabyte_file")
def a_big_file_stops_within_the_scratch_size(evidence: Evidence) -> None:
    found = value(evidence.outcome)
    assert found["written"] <= SCRATCH_MB << 20 and found["stopped by"] in ("EFBIG", "ENOSPC")


@expect("fill_scratch_with_small_files")
def small_files_stop_within_the_scratch_size(evidence: Evidence) -> None:
    found = value(evidence.outcome)
    assert found["bytes"] <= SCRATCH_MB << 20 and found["stopped by"] in ("ENOSPC", "EDQUOT")


@expect("setsid_daemon_writes_a_marker")
def the_daemon_cannot_write_outside(evidence: Evidence) -> None:
    assert "written" not in value(evidence.outcome)["first write"]


@expect("thread_outlives_the_call")
def the_spinning_thread_writes_only_into_its_scratch_folder(evidence: Evidence) -> None:
    writes = value(evidence.outcome)["writes"]
    assert writes and all(in_scratch(attempt) for attempt in writes.values())
    assert [path for path, a in writes.items() if path.startswith("/") and not refused(a)] == []


@expect("forge_results_json")
def forged_results_land_only_in_the_scratch_folder(evidence: Evidence) -> None:
    found = value(evidence.outcome)
    assert refused(found["out"]) and refused(found["out grades"])
    assert in_scratch(found["cwd"]) and in_scratch(found["home"])


@expect("chdir_to_root_and_write")
def nothing_is_written_at_the_root(evidence: Evidence) -> None:
    found = value(evidence.outcome)
    assert refused(found["results.json"]) and refused(found[MARK])
    assert host_files_an_attack_wrote() == []


@expect("write_to_tmp")
def nothing_reaches_the_hosts_temporary_folders(evidence: Evidence) -> None:
    found = value(evidence.outcome)
    assert refused(found["/tmp"]) and refused(found["/var/tmp"])
    assert host_files_an_attack_wrote() == []  # /dev/shm is the sandbox's own


@expect("always_equal_object", "always_equal_float_subclass")
def an_always_equal_object_crosses_only_as_its_type_name(evidence: Evidence) -> None:
    assert isinstance(value(evidence.outcome)["returned"], Opaque)


@expect("always_equal_ndarray_subclass")
def an_always_equal_array_crosses_as_a_plain_number(evidence: Evidence) -> None:
    returned = value(evidence.outcome)["returned"]
    assert type(returned) in (np.float64, np.ndarray) and returned != 0.5


@expect("monkeypatch_numpy_and_pytest")
def patches_in_the_sandbox_stay_in_the_sandbox(evidence: Evidence) -> None:
    found = value(evidence.outcome)
    assert "numpy.isclose" in found["patched"] and found["np.isclose(1, 2) here"] is True
    assert not (np.isclose(1, 2) or np.allclose([1], [2]) or np.array_equal([1], [2])
                or math.isclose(1, 2) or pytest.approx(2) == 1)


@expect("libc_system_via_ctypes")
def a_shell_command_reads_nothing_either(evidence: Evidence) -> None:
    found = value(evidence.outcome)["system"]["ok"]
    assert found["status"] != 0 and "r2_score" not in found["copied"]


@expect("subprocess_cat")
def a_new_program_reads_nothing_either(evidence: Evidence) -> None:
    runs = value(evidence.outcome).values()
    assert runs and all(r["ok"]["returncode"] != 0 and r["ok"]["stdout"] == "" for r in runs)


@expect("symlink_to_solutions")
def reading_through_a_link_is_refused(evidence: Evidence) -> None:
    found = value(evidence.outcome)
    assert refused(found["read"]) and refused(found["read through folder"])


@expect("forged_report_and_exit")
def exiting_after_a_forged_report_is_a_crash(evidence: Evidence) -> None:
    assert crashed(evidence.outcome, "exit code 0")


@expect("write_garbage_to_the_channel")
def garbage_on_the_channel_is_a_crash(evidence: Evidence) -> None:
    assert crashed(evidence.outcome, "channel")


@expect("forge_a_reply_frame", "forge_a_reply_frame_with_its_nonce")
def a_forged_frame_answers_at_most_the_call_that_wrote_it(evidence: Evidence) -> None:
    # The frame the learner forged first may stand for this call's answer (it is the learner's
    # to give); what must not happen is that it answers a later call: see the test after it.
    outcome = evidence.outcome
    assert crashed(outcome, "channel") or value(outcome) == 1.0 or "writes" in value(outcome)


@expect("forge_a_huge_reply_frame")
def the_huge_frame_is_refused_or_read(evidence: Evidence) -> None:
    # What matters is what reading it cost: see the time and memory tests.
    outcome = evidence.outcome
    assert crashed(outcome, "channel") or isinstance(value(outcome), list | Opaque)


@expect("exit_right_after_answering")
def the_answer_sent_before_the_exit_counts(evidence: Evidence) -> None:
    # Its own call got its answer; the exit that follows is the next test's concern.
    assert value(evidence.outcome) == {"armed": True}


@expect("inject_html_into_the_report")
def markup_crosses_only_as_text(evidence: Evidence) -> None:
    assert isinstance(evidence.loaded, Loaded) and evidence.loaded.notes
    assert value(evidence.outcome)["returned"].startswith(MARKUP)


def test_every_attack_in_the_corpus_has_an_expectation() -> None:
    assert len(ATTACKS) >= 40 and sorted(EXPECTED) == ATTACKS


@pytest.mark.parametrize("attack", ATTACKS)
def test_the_attack_run_alone_fails_in_the_expected_way(lab: Lab, attack: str) -> None:
    EXPECTED[attack](lab.run(attack))


@pytest.mark.parametrize("attack", ATTACKS)
def test_the_attack_call_ends_within_its_time_limit(lab: Lab, attack: str) -> None:
    assert lab.run(attack).seconds < LIMITS.call_timeout + 1.0  # a second to kill and reap


@pytest.mark.parametrize("attack", ATTACKS)
def test_the_attack_costs_the_grader_no_more_memory_than_two_of_the_largest_frames(
        lab: Lab, attack: str) -> None:
    assert lab.run(attack).grader_megabytes < 2 * MAX_FRAME / (1 << 20)


@pytest.mark.parametrize("attack", ATTACKS)
def test_the_attack_run_alone_shows_no_instructor_text(lab: Lab, attack: str) -> None:
    evidence = lab.run(attack)
    assert SECRET not in repr(evidence.outcome) and SECRET not in evidence.printed


@pytest.mark.parametrize("attack", ATTACKS)
def test_after_the_attack_the_next_call_gets_its_own_true_answer(lab: Lab, attack: str) -> None:
    assert lab.run(attack).after == Returned(2.0)


@pytest.mark.parametrize("attack", ATTACKS)
def test_the_attack_run_alone_leaves_files_network_and_processes_as_they_were(
        lab: Lab, attack: str) -> None:
    evidence = lab.run(attack)
    assert lab.fingerprint() == lab.before
    assert list(lab.layout.marker.iterdir()) == []
    assert lab.layout.listeners.received() == 0
    assert evidence.job_processes_left == [] and evidence.children_left == set()


# A machine where namespaces are unavailable (some containers): no view of the file system
# of its own, so seccomp must keep every socket file out of reach. Learner code stays root
# here, as a grader that cannot drop it would leave it, and still reaches nothing.
WITHOUT_NAMESPACES = replace(probe(), namespaces=False, uid_drop=False)


@pytest.mark.skipif(not probe().seccomp, reason="without namespaces, seccomp closes socket files")
@pytest.mark.parametrize("attack", [*SOCKET_FILES, "connect_to_a_socket_file_through_proc_root"])
def test_without_namespaces_no_socket_file_is_in_reach_either(lab: Lab, attack: str) -> None:
    plan = plan_for([lab.layout.solutions, lab.layout.submissions, lab.layout.out], slot=1,
                    machine=WITHOUT_NAMESPACES)
    with Sandbox(LIMITS, plan) as sandbox:
        loaded = sandbox.load(learner_file(attack, lab.layout), "regression.py", "regression",
                              LIMITS.load_timeout)
        found = value(sandbox.call("attack", (), {}, LIMITS.call_timeout))
    assert isinstance(loaded, Loaded)
    tried = list(attempts(found.get("connect", found)))  # the file is there, but out of reach
    assert tried and [a for a in tried if not refused(a)] == []
    assert lab.layout.listeners.received() == 0


@pytest.mark.parametrize("attack", ATTACKS)
def test_the_corpus_file_is_a_whole_learner_file_with_its_attack_named(attack: str) -> None:
    source = (CORPUS / f"{attack}.py").read_text()
    assert source.startswith('"""') and "def attack():" in source
    assert "def r2_score(y_true, y_pred):" in source
    assert reference("regression").split("def mean_squared_error")[1].split("\n\n\n")[0] in source
