"""Each confinement layer, applied in a real separate process that then tries what it forbids.

The pytest process is never confined: every test starts `python -I -c SCRIPT`, which loads
one of the child-side modules by path (as `_child.py` will), applies it, attempts the forbidden
thing and prints one JSON verdict per attempt.
"""

from __future__ import annotations

import errno
import importlib.util
import json
import os
import platform
import shutil
import signal
import socket
import subprocess
import sys
import sysconfig
import tempfile
import textwrap
import types
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import numpy
import pytest

SANDBOX = Path(__file__).resolve().parent.parent / "grader" / "inside"
SLOT_UID = 61000  # a per-slot uid with no passwd entry, as the runner will use

# Run in the confined process before the test's own lines: `load` a module by path and
# `attempt` a call, which records {"ok": value} or {"errno": n, "error": name}.
PRELUDE = """
import ctypes, errno, importlib.util, json, os, socket, sys
ARGS = json.loads(sys.argv[1])
LIBC = ctypes.CDLL(None, use_errno=True)
LIBC.syscall.restype = ctypes.c_long
VERDICT = {}

def load(name):
    spec = importlib.util.spec_from_file_location(name, ARGS["sandbox"] + "/" + name + ".py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module

def attempt(label, action):
    try:
        VERDICT[label] = {"ok": action()}
    except OSError as error:
        VERDICT[label] = {"errno": error.errno, "error": type(error).__name__}

def c_call(result):
    if result == -1:
        raise OSError(ctypes.get_errno(), os.strerror(ctypes.get_errno()))
    return result
"""


def confined(*parts: str, python: str = sys.executable, prefix: tuple[str, ...] = (),
             **args: Any) -> dict[str, Any]:
    """Run PRELUDE and `parts` in a fresh interpreter and return its verdict."""
    script = "\n".join(textwrap.dedent(part) for part in (PRELUDE, *parts))
    script += "\nprint(json.dumps(VERDICT))\n"
    payload = json.dumps({"sandbox": str(SANDBOX), **args})
    done = subprocess.run([*prefix, python, "-I", "-c", script, payload], capture_output=True,
                          text=True, timeout=30, cwd=args.get("cwd"))
    assert done.returncode == 0, done.stderr
    verdict: dict[str, Any] = json.loads(done.stdout.strip().splitlines()[-1])
    return verdict


def load(name: str) -> types.ModuleType:
    """A child-side module loaded by path, to call its probes in this (unconfined) process."""
    spec = importlib.util.spec_from_file_location(f"grader_test{name}", SANDBOX / f"{name}.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@pytest.fixture
def tcp_listener() -> Iterator[socket.socket]:
    """A TCP server on 127.0.0.1 that confined code tries to reach."""
    with socket.socket() as server:
        server.bind(("127.0.0.1", 0))
        server.listen()
        server.setblocking(False)
        yield server


@pytest.fixture
def udp_listener() -> Iterator[socket.socket]:
    with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as server:
        server.bind(("127.0.0.1", 0))
        server.setblocking(False)
        yield server


def received_connection(server: socket.socket) -> bool:
    try:
        server.accept()[0].close()
    except BlockingIOError:
        return False
    return True


def received_datagram(server: socket.socket) -> bool:
    try:
        server.recvfrom(100)
    except BlockingIOError:
        return False
    return True


# -- Landlock -------------------------------------------------------------------------------

ABI = load("landlock").abi_version()
needs_landlock = pytest.mark.skipif(ABI == 0, reason="Landlock is not available on this kernel")

# The interpreter, its packages and /usr (numpy's C++ runtime lives in /usr/lib).
INTERPRETER = sorted({sys.base_prefix, sys.prefix, sysconfig.get_paths()["purelib"],
                      str(Path(numpy.__file__).parent), "/usr"})

RESTRICT = """
landlock = load("landlock")
landlock.restrict(ARGS["read_only"], ARGS["read_write"], abi=landlock.abi_version())
"""


@pytest.fixture
def course(tmp_path: Path) -> Path:
    """allowed/ (read-only), work/ (read-write) and a secret beside them."""
    (tmp_path / "allowed").mkdir()
    (tmp_path / "allowed" / "data.csv").write_text("x,y\n1,2\n")
    (tmp_path / "work").mkdir()
    (tmp_path / "secret.txt").write_text("the answers")
    return tmp_path


def landlocked(body: str, course: Path, **args: Any) -> dict[str, Any]:
    return confined(RESTRICT, body, read_only=[*INTERPRETER, str(course / "allowed")],
                    read_write=[str(course / "work"), "/dev/null"], course=str(course), **args)


@needs_landlock
def test_a_landlocked_process_cannot_read_a_file_outside_its_allow_list(course: Path) -> None:
    verdict = landlocked("attempt('read', lambda: open(ARGS['course'] + '/secret.txt').read())",
                         course)
    assert verdict["read"]["errno"] == errno.EACCES


@needs_landlock
def test_a_landlocked_process_can_read_inside_its_read_only_folders(course: Path) -> None:
    verdict = landlocked("""
        attempt("read", lambda: open(ARGS["course"] + "/allowed/data.csv").read())
        attempt("list", lambda: os.listdir(ARGS["course"] + "/allowed"))
    """, course)
    assert verdict == {"read": {"ok": "x,y\n1,2\n"}, "list": {"ok": ["data.csv"]}}


@needs_landlock
def test_a_landlocked_process_can_write_only_in_its_read_write_folder(course: Path) -> None:
    verdict = landlocked("""
        def write(path):
            with open(ARGS["course"] + path, "w") as file:
                return file.write("x")
        attempt("work", lambda: write("/work/out.txt"))
        attempt("allowed", lambda: write("/allowed/out.txt"))
        attempt("outside", lambda: write("/out.txt"))
        attempt("devnull", lambda: open("/dev/null", "w").write("x"))
    """, course)
    assert verdict["work"] == {"ok": 1} and verdict["devnull"] == {"ok": 1}
    assert verdict["allowed"]["errno"] == verdict["outside"]["errno"] == errno.EACCES


@pytest.mark.skipif(ABI < 4, reason="Landlock ABI < 4 cannot restrict TCP")
def test_a_landlocked_process_cannot_connect_over_tcp(course: Path,
                                                      tcp_listener: socket.socket) -> None:
    verdict = landlocked("attempt('connect', lambda: socket.socket().connect(('127.0.0.1', "
                         "ARGS['port'])))", course, port=tcp_listener.getsockname()[1])
    assert verdict["connect"]["errno"] == errno.EACCES
    assert not received_connection(tcp_listener)


@pytest.mark.skipif(ABI < 6, reason="Landlock ABI < 6 cannot scope signals")
def test_a_landlocked_process_cannot_signal_the_process_that_started_it(course: Path) -> None:
    verdict = landlocked("""
        attempt("parent", lambda: os.kill(os.getppid(), 0))
        attempt("itself", lambda: os.kill(os.getpid(), 0))
    """, course)
    assert verdict["parent"]["errno"] == errno.EPERM
    assert verdict["itself"] == {"ok": None}


@needs_landlock
def test_a_landlocked_process_can_still_import_and_use_numpy(course: Path) -> None:
    verdict = landlocked("""
        import numpy
        attempt("inverse", lambda: float(numpy.linalg.inv(numpy.eye(3) * 2).sum()))
    """, course)
    assert verdict == {"inverse": {"ok": 1.5}}


# -- seccomp --------------------------------------------------------------------------------

SECCOMP = load("seccomp")
needs_seccomp = pytest.mark.skipif(not SECCOMP.available(), reason="seccomp is not available")

INSTALL = """
load("seccomp").install()
"""


def filtered(body: str, **args: Any) -> dict[str, Any]:
    return confined(INSTALL, body, **args)


@needs_seccomp
def test_a_filtered_process_cannot_connect_over_tcp(tcp_listener: socket.socket) -> None:
    verdict = filtered("attempt('tcp', lambda: socket.socket().connect(('127.0.0.1', "
                       "ARGS['port'])))", port=tcp_listener.getsockname()[1])
    assert verdict["tcp"]["errno"] == errno.EACCES
    assert not received_connection(tcp_listener)


@needs_seccomp
def test_a_filtered_process_cannot_send_udp(udp_listener: socket.socket) -> None:
    verdict = filtered("""
        udp = lambda: socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
        attempt("udp", lambda: udp().sendto(b"answer", ("127.0.0.1", ARGS["port"])))
        attempt("udp6", lambda: socket.socket(socket.AF_INET6, socket.SOCK_DGRAM))
        attempt("netlink", lambda: socket.socket(socket.AF_NETLINK, socket.SOCK_RAW))
        attempt("inet_pair", lambda: socket.socketpair(socket.AF_INET))  # else EOPNOTSUPP
    """, port=udp_listener.getsockname()[1])
    assert {v["errno"] for v in verdict.values()} == {errno.EACCES}
    assert not received_datagram(udp_listener)


@needs_seccomp
def test_a_filtered_process_can_still_use_unix_socket_pairs() -> None:
    verdict = filtered("""
        def echo():
            left, right = socket.socketpair()
            left.sendall(b"ping")
            return right.recv(4).decode()
        attempt("pair", echo)
    """)
    assert verdict == {"pair": {"ok": "ping"}}


@needs_seccomp
def test_a_filtered_process_cannot_ptrace_another_process() -> None:
    # A throw-away target rather than pytest itself: a broken filter must not stop this run.
    with subprocess.Popen(["sleep", "30"]) as target:
        try:
            verdict = filtered("attempt('attach', lambda: c_call(LIBC.ptrace(16, ARGS['pid'], "
                               "None, None)))", pid=target.pid)
        finally:
            target.kill()
    assert verdict["attach"]["errno"] == errno.EPERM


@needs_seccomp
def test_a_filtered_process_cannot_create_namespaces() -> None:
    verdict = filtered("""
        attempt("unshare", lambda: c_call(LIBC.unshare(0x10000000 | 0x00020000)))
        clone = {"x86_64": 56, "aarch64": 220}[ARGS["machine"]]
        def clone_new_user():
            pid = c_call(LIBC.syscall(clone, ctypes.c_ulong(0x10000000 | 17), None, None, None,
                                      None))
            if pid == 0:
                os._exit(0)  # a leaked child must not print a second verdict
            return pid
        attempt("clone", clone_new_user)
        attempt("clone3", lambda: c_call(LIBC.syscall(435, None, ctypes.c_size_t(0))))
    """, machine=platform.machine())
    assert verdict["unshare"]["errno"] == verdict["clone"]["errno"] == errno.EPERM
    assert verdict["clone3"]["errno"] == errno.ENOSYS


@pytest.mark.skipif(platform.machine() != "x86_64" or not SECCOMP.available(),
                    reason="the x32 ABI exists only on x86_64")
def test_a_filtered_process_is_killed_when_it_uses_the_x32_abi() -> None:
    script = INSTALL + "LIBC.syscall(0x40000000 | 39)\nprint('survived')\n"
    done = subprocess.run([sys.executable, "-I", "-c", PRELUDE + script,
                           json.dumps({"sandbox": str(SANDBOX)})], capture_output=True, timeout=30)
    assert done.returncode == -signal.SIGSYS and b"survived" not in done.stdout


@needs_seccomp
def test_a_filtered_process_can_still_fork_thread_and_run_programs() -> None:
    verdict = filtered("""
        import subprocess, threading
        from concurrent.futures import ProcessPoolExecutor
        def fork():
            pid = os.fork()
            if pid == 0:
                os._exit(7)
            return os.waitstatus_to_exitcode(os.waitpid(pid, 0)[1])
        def thread():
            seen = []
            worker = threading.Thread(target=seen.append, args=("ran",))
            worker.start()
            worker.join()
            return seen
        def pool():
            with ProcessPoolExecutor(2) as executor:
                return list(executor.map(abs, [-1, -2]))
        attempt("fork", fork)
        attempt("thread", thread)
        attempt("true", lambda: subprocess.run(["true"]).returncode)
        attempt("pool", pool)
    """)
    assert verdict == {"fork": {"ok": 7}, "thread": {"ok": ["ran"]}, "true": {"ok": 0},
                       "pool": {"ok": [1, 2]}}


@needs_seccomp
def test_a_filtered_process_can_still_use_numpy() -> None:
    verdict = filtered("""
        import numpy
        attempt("inverse", lambda: float(numpy.linalg.inv(numpy.eye(3) * 2).sum()))
    """)
    assert verdict == {"inverse": {"ok": 1.5}}


# -- namespaces -----------------------------------------------------------------------------

NAMESPACES = load("namespaces")
IS_ROOT = os.geteuid() == 0
# Import before dropping to the slot uid: a pyenv interpreter under /root (0700) can no
# longer load modules lazily afterwards.
ENTER = """
namespaces = load("namespaces")
owner = (ARGS["uid"], ARGS["uid"]) if ARGS["root"] else None
namespaces.enter(ARGS["masks"], root=ARGS["root"], scratch=ARGS["scratch"], owner=owner,
                 view=ARGS["view"])
if ARGS["root"]:
    namespaces.drop_to(ARGS["uid"], ARGS["uid"])
"""

PROBE = """
def connect():
    with socket.socket() as client:
        client.connect(("127.0.0.1", ARGS["port"]))
attempt("hidden", lambda: os.listdir(ARGS["masks"][0]))
attempt("hidden_file", lambda: open(ARGS["masks"][1]).read())
attempt("scratch_parent", lambda: os.listdir(os.path.dirname(ARGS["scratch"])))
attempt("write_scratch", lambda: open(ARGS["scratch"] + "/out.txt", "w").write("ok"))
attempt("umount", lambda: c_call(LIBC.umount2(ARGS["masks"][0].encode(), 2)))
attempt("connect", connect)
attempt("root_only", lambda: open(ARGS["root_only"]).read())
attempt("uid", lambda: os.getresuid())
attempt("capabilities", lambda: [line.split()[1] for line in open("/proc/self/status")
                                 if line.startswith(("CapEff", "CapPrm"))])
attempt("outside_view", lambda: [path for path in ARGS["outside"] if os.path.lexists(path)])
attempt("root_listing", lambda: sorted(os.listdir("/")))
"""


# What the view leaves out: the system's and the user's runtime folders (their socket files:
# the D-Bus buses, /dev/log), home folders, the rest of /dev, /etc and /tmp.
OUTSIDE_THE_VIEW = ["/run", "/var/run", "/run/user", f"/run/user/{os.getuid()}", "/var",
                    "/home", "/root", "/etc/passwd", "/dev/log", "/dev/tty", "/dev/pts",
                    "/sys", "/tmp/.X11-unix", "/work"]


@pytest.fixture
def world() -> Iterator[Path]:
    """A folder any uid can walk into (tmp_path's parents are 0700): a course, a job, a secret."""
    base = Path(tempfile.mkdtemp(prefix="grader-confinement-"))
    base.chmod(0o755)
    (base / "course" / "hidden").mkdir(parents=True)
    (base / "course" / "hidden" / "answers.txt").write_text("42")
    (base / "course" / "solution.py").write_text("ANSWER = 42")
    (base / "root-only.txt").write_text("root's")
    (base / "root-only.txt").chmod(0o600)
    (base / "jobs" / "job-1").mkdir(parents=True)
    (base / "jobs" / "job-1").chmod(0o777)
    (base / "jobs" / "other-job.out").write_text("another learner's output")
    yield base
    shutil.rmtree(base, ignore_errors=True)


def _python_for(uid: int) -> str | None:
    """An interpreter that `uid` can run: the pyenv one under /root is out of its reach."""
    for python in (sys.executable, "/usr/bin/python3"):
        folders = Path(python).resolve().parents
        if Path(python).exists() and all(f.stat().st_mode & 0o001 for f in folders):
            return python
    return None


def _as_plain_user() -> tuple[tuple[str, ...], str]:
    """How to start a process as a plain user: ourselves, or uid 1000 through setpriv."""
    if not IS_ROOT:
        return (), sys.executable
    python = _python_for(1000)
    if not shutil.which("setpriv") or python is None:
        pytest.skip("as root, the plain-user case needs setpriv and an interpreter uid 1000 "
                    "can run")
    return ("setpriv", "--reuid=1000", "--regid=1000", "--clear-groups"), python


@pytest.fixture(params=["root dropped to a slot uid", "plain user"])
def namespaced(request: pytest.FixtureRequest, world: Path) -> dict[str, Any]:
    """The verdict of a process that entered the namespaces, as root (then dropped) or not."""
    root = request.param.startswith("root")
    if root and not IS_ROOT:
        pytest.skip("the root case needs root")
    prefix, python = ((), sys.executable) if root else _as_plain_user()
    if not NAMESPACES.available(root):
        pytest.skip(f"unshare fails here for a {request.param} (AppArmor, seccomp, sysctl?)")
    scratch = world / "jobs" / "job-1"
    if root:
        os.chown(scratch, SLOT_UID, SLOT_UID)
    course = world / "course"
    masks = [str(course / "hidden"), str(course / "solution.py"), str(world / "missing")]
    with socket.socket() as server:
        server.bind(("127.0.0.1", 0))
        server.listen()
        server.setblocking(False)
        verdict = confined(ENTER, PROBE, python=python, prefix=prefix, masks=masks, root=root,
                           scratch=str(scratch), uid=SLOT_UID, port=server.getsockname()[1],
                           cwd=str(scratch), root_only=str(world / "root-only.txt"),
                           view=[str(course), str(world / "root-only.txt"), "/usr", "/lib"],
                           outside=OUTSIDE_THE_VIEW + [str(world / "jobs" / "other-job.out")])
        verdict["listener_hit"] = received_connection(server)
    verdict["expected_uid"] = SLOT_UID if root else (1000 if IS_ROOT else os.getuid())
    return verdict


def test_a_namespaced_process_sees_no_host_folder_outside_its_view(
        namespaced: dict[str, Any]) -> None:
    assert namespaced["outside_view"] == {"ok": []}
    # the view's own folders, the ways to them, and nothing else
    assert namespaced["root_listing"] == {"ok": ["dev", "lib", "proc", "tmp", "usr"]}


def test_a_namespaced_process_sees_its_masked_folder_empty(namespaced: dict[str, Any],
                                                            world: Path) -> None:
    assert (world / "course" / "hidden" / "answers.txt").exists()  # there, but hidden
    assert namespaced["hidden"] == {"ok": []}


def test_a_namespaced_process_reads_nothing_from_a_masked_file(namespaced: dict[str, Any]) -> None:
    assert namespaced["hidden_file"] == {"ok": ""}


def test_a_namespaced_process_sees_only_its_own_folder_beside_it(
        namespaced: dict[str, Any]) -> None:
    assert namespaced["scratch_parent"] == {"ok": ["job-1"]}  # not other-job.out
    assert namespaced["write_scratch"] == {"ok": 2}


def test_a_namespaced_process_has_no_network_not_even_loopback(
        namespaced: dict[str, Any]) -> None:
    assert namespaced["connect"]["errno"] in (errno.ENETUNREACH, errno.EHOSTUNREACH)
    assert not namespaced["listener_hit"]


def test_a_namespaced_process_cannot_unmount_its_masks(namespaced: dict[str, Any]) -> None:
    assert namespaced["umount"]["errno"] == errno.EPERM
    assert namespaced["capabilities"] == {"ok": ["0000000000000000", "0000000000000000"]}


def test_a_namespaced_process_runs_as_an_unprivileged_uid(namespaced: dict[str, Any]) -> None:
    assert namespaced["uid"] == {"ok": [namespaced["expected_uid"]] * 3}


@pytest.mark.skipif(not IS_ROOT, reason="needs a file that root owns")
def test_a_namespaced_process_cannot_read_a_root_only_file(namespaced: dict[str, Any]) -> None:
    assert namespaced["root_only"]["errno"] == errno.EACCES


# -- probes ---------------------------------------------------------------------------------


def test_the_landlock_probe_reports_the_abi_version_of_this_kernel() -> None:
    if ABI == 0:
        pytest.skip("Landlock is not available on this kernel")
    assert isinstance(ABI, int) and 1 <= ABI < 100


def test_the_seccomp_probe_installs_no_filter_in_the_caller() -> None:
    assert SECCOMP.available() in (True, False)
    status = Path("/proc/self/status").read_text()
    assert "Seccomp:\t0" in status
    if platform.machine() in ("x86_64", "aarch64"):
        assert SECCOMP.available()


def test_the_namespaces_probe_leaves_the_caller_in_its_own_namespaces() -> None:
    before = {ns: os.readlink(f"/proc/self/ns/{ns}") for ns in ("mnt", "net", "user")}
    result = NAMESPACES.available(IS_ROOT)
    assert isinstance(result, bool)
    assert {ns: os.readlink(f"/proc/self/ns/{ns}") for ns in before} == before
