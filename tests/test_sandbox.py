"""The sandbox: learner code in a child process that one bad function cannot take down."""

from __future__ import annotations

import errno
import os
import signal
import textwrap
import threading
import time

import numpy as np
import pytest

from grader.sandbox import (
    Crashed,
    Limits,
    Loaded,
    Missing,
    Raised,
    Returned,
    Sandbox,
    TimedOut,
    reaper,
)
from grader.sandbox.messages import call_request
from grader.sandbox.zygote import zygote_for

LIMITS = Limits(call_timeout=1.0, file_timeout=20.0, memory_mb=512, output_kb=64)


def sandbox_with(source: str, limits: Limits = LIMITS) -> tuple[Sandbox, Loaded]:
    sandbox = Sandbox(limits)
    loaded = sandbox.load(textwrap.dedent(source), "learner.py", "learner", 10.0)
    assert isinstance(loaded, Loaded), loaded
    return sandbox, loaded


def call(sandbox: Sandbox, function: str, *args: object, timeout: float = 1.0):
    return sandbox.call(function, args, {}, timeout)


def test_a_function_gets_the_inputs_and_its_answer_comes_back_as_plain_data():
    sandbox, _ = sandbox_with("""
        import numpy as np
        def double(x):
            return x * 2, [1, 2.5], {"k": None}
    """)
    with sandbox:
        outcome = call(sandbox, "double", np.array([1.0, 2.0]))
    assert isinstance(outcome, Returned)
    array, numbers, mapping = outcome.value
    assert np.array_equal(array, [2.0, 4.0]) and numbers == [1, 2.5] and mapping == {"k": None}


def test_top_level_code_that_raises_is_skipped_and_the_rest_of_the_file_still_loads():
    sandbox, loaded = sandbox_with("""
        x = 1 / 0
        def ok():
            return 1
    """)
    with sandbox:
        assert call(sandbox, "ok") == Returned(1)
    assert loaded.functions == ("ok",)
    assert loaded.notes[0].line == 2 and loaded.notes[0].error.type == "ZeroDivisionError"


def test_every_statement_after_one_that_raises_still_runs_and_each_failure_is_noted():
    sandbox, loaded = sandbox_with("""
        from __future__ import annotations
        log = []
        log.append("before")
        if True:
            log.append("partly")
            raise ValueError("top")
        def f(x: Undefined) -> list:
            return log
        log.append(undefined_name)
        @undefined_decorator
        def g():
            pass
        log.append("after")
    """)
    with sandbox:
        assert call(sandbox, "f", 1) == Returned(["before", "partly", "after"])
    assert [(note.line, note.error.type) for note in loaded.notes] == [
        (7, "ValueError"), (10, "NameError"), (11, "NameError")]


def test_a_decorator_that_raises_skips_its_function_and_the_rest_still_runs():
    sandbox, loaded = sandbox_with("""
        @undefined_decorator
        def skipped():
            pass
        def kept():
            return "kept"
    """)
    with sandbox:
        assert call(sandbox, "kept") == Returned("kept")
    assert [(note.line, note.error.type) for note in loaded.notes] == [(2, "NameError")]


def test_a_statement_only_a_whole_file_refuses_is_skipped_and_the_rest_loads():
    sandbox, loaded = sandbox_with("""
        def f():
            return 1
        return 2
        def g():
            return 3
    """)
    with sandbox:
        assert call(sandbox, "g") == Returned(3)
    assert [(note.line, note.error.type) for note in loaded.notes] == [(4, "SyntaxError")]


@pytest.mark.parametrize("last_line", ["", "return 0"])  # loaded whole, or statement by statement
def test_a_learners_annotations_are_evaluated_as_python_evaluates_them(last_line):
    sandbox, _ = sandbox_with(f"""
        def f(x: int) -> float:
            return x
        def annotations():
            return repr(f.__annotations__)
        {last_line}
    """)
    with sandbox:
        assert call(sandbox, "annotations") == Returned(
            "{'x': <class 'int'>, 'return': <class 'float'>}")


def test_a_syntax_error_is_reported_with_its_line():
    with Sandbox(LIMITS) as sandbox:
        outcome = sandbox.load("def f(:\n    pass\n", "learner.py", "learner", 10.0)
    assert isinstance(outcome, Raised) and outcome.type == "SyntaxError" and outcome.line == 1


def test_an_exception_comes_back_with_the_learners_own_traceback_only():
    sandbox, _ = sandbox_with("""
        def f(x):
            return g(x)
        def g(x):
            return x[10]
    """)
    with sandbox:
        outcome = call(sandbox, "f", [1])
    assert isinstance(outcome, Raised) and outcome.type == "IndexError"
    assert 'File "learner.py", line 3, in f' in outcome.traceback
    assert "_child.py" not in outcome.traceback and outcome.line == 5


def test_a_hanging_function_times_out_and_the_other_functions_still_answer():
    sandbox, _ = sandbox_with("""
        def hang():
            while True:
                pass
        def ok():
            return 42
    """)
    with sandbox:
        started = time.monotonic()
        assert isinstance(call(sandbox, "hang", timeout=0.5), TimedOut)
        assert time.monotonic() - started < 3
        assert call(sandbox, "ok") == Returned(42)


@pytest.mark.parametrize("body, words", [
    ("import os; os._exit(3)", "exit code 3"),
    ("import ctypes; ctypes.string_at(0)", "segmentation fault"),
    ("import os, signal; os.kill(os.getpid(), signal.SIGKILL)", "killed"),
])
def test_a_function_that_ends_its_process_is_a_crash_and_the_next_call_still_works(body, words):
    sandbox, _ = sandbox_with(f"""
        def die():
            {body}
        def ok():
            return 1
    """)
    with sandbox:
        outcome = call(sandbox, "die")
        assert isinstance(outcome, Crashed) and words in outcome.reason
        assert call(sandbox, "ok") == Returned(1)


def test_sys_exit_inside_a_function_is_an_error_not_the_end_of_grading():
    sandbox, _ = sandbox_with("""
        import sys
        def leave():
            sys.exit(0)
        def ok():
            return 1
    """)
    with sandbox:
        assert isinstance(call(sandbox, "leave"), Raised)
        assert call(sandbox, "ok") == Returned(1)


def test_runaway_recursion_is_an_error():
    sandbox, _ = sandbox_with("""
        def f(n):
            return f(n + 1)
    """)
    with sandbox:
        outcome = call(sandbox, "f", 0)
    assert isinstance(outcome, Raised) and outcome.type == "RecursionError"


def test_a_memory_hog_hits_the_memory_limit():
    sandbox, _ = sandbox_with("""
        import numpy as np
        def hog():
            return np.ones(10 ** 10).sum()
        def ok():
            return 1
    """)
    with sandbox:
        outcome = call(sandbox, "hog")
        assert isinstance(outcome, Raised | Crashed) and not isinstance(outcome, Returned)
        assert call(sandbox, "ok") == Returned(1)


def test_an_output_flood_is_cut_at_the_output_cap():
    sandbox, _ = sandbox_with("""
        def flood():
            while True:
                print("x" * 1000)
    """)
    with sandbox:
        outcome = call(sandbox, "flood", timeout=5.0)
        printed = sandbox.close()
    assert isinstance(outcome, Raised) and "output limit" in outcome.message
    assert printed.endswith("(output cut here)") and len(printed) < 20_000


def test_what_a_learner_printed_is_kept_even_when_the_process_is_killed():
    sandbox, _ = sandbox_with("""
        def talk_then_hang():
            print("still thinking")
            while True:
                pass
    """)
    with sandbox:
        call(sandbox, "talk_then_hang", timeout=0.3)
        assert "still thinking" in sandbox.close()


def test_an_object_that_is_not_plain_data_crosses_only_as_its_type_name():
    sandbox, _ = sandbox_with("""
        class AlwaysEqual(float):
            def __eq__(self, other):
                return True
        def sneaky():
            return AlwaysEqual(1.0)
    """)
    with sandbox:
        outcome = call(sandbox, "sneaky")
    assert isinstance(outcome, Returned) and outcome.value.type_name == "AlwaysEqual"


def test_a_function_the_file_does_not_define_is_missing():
    sandbox, _ = sandbox_with("def f():\n    return 1\n")
    with sandbox:
        assert call(sandbox, "g") == Missing("g")


def test_no_process_is_left_running_after_a_setsid_double_fork():
    reaper.become_subreaper()
    before = reaper.children()
    sandbox, _ = sandbox_with("""
        import os, time
        def daemon():
            if os.fork() == 0:
                os.setsid()
                if os.fork() == 0:
                    time.sleep(60)
                os._exit(0)
            return os.getpid()
    """)
    with sandbox:
        outcome = call(sandbox, "daemon")
        assert isinstance(outcome, Returned)
        time.sleep(0.2)
    assert reaper.children() == before
    with pytest.raises(ProcessLookupError):
        os.kill(outcome.value, 0)


def test_the_child_starts_in_an_empty_scratch_folder_with_none_of_the_graders_environment(
        monkeypatch):
    monkeypatch.setenv("INSTRUCTOR_SECRET", "42")
    sandbox, _ = sandbox_with("""
        import os
        def where():
            return os.getcwd(), os.listdir("."), sorted(os.environ)
    """)
    with sandbox:
        cwd, files, names = call(sandbox, "where").value
    assert "grader-job" in cwd and files == []
    assert "INSTRUCTOR_SECRET" not in names



def _namespaces_of(pid: int | str) -> dict[str, str]:
    return {ns: os.readlink(f"/proc/{pid}/ns/{ns}") for ns in ("mnt", "net", "ipc", "uts")}


def _needs_root_namespaces() -> None:
    from grader.sandbox.isolation import probe

    machine = probe()
    if not (machine.root and machine.namespaces):
        pytest.skip("a zygote holds namespaces and mounts for its jobs only as root")


def test_each_job_gets_its_own_ipc_and_shares_only_its_zygotes_mounts_and_empty_network():
    _needs_root_namespaces()
    sandbox, _ = sandbox_with("def f():\n    return 1\n")
    with sandbox:
        job, zygote = _namespaces_of(sandbox._pid), _namespaces_of(sandbox._zygote.pid)
    grader = _namespaces_of("self")
    assert job["ipc"] not in (zygote["ipc"], grader["ipc"])  # what it leaves dies with it
    for ns in ("mnt", "net", "uts"):  # built once by the zygote; a job can change none
        assert job[ns] == zygote[ns] != grader[ns]


LEAVE_TRACES = """
    import os
    def leave(name):
        found = sorted(os.listdir(".")) + sorted(os.listdir("/dev/shm"))
        for folder in (".", "/dev/shm"):
            with open(os.path.join(folder, name), "w") as trace:
                trace.write("for the next learner")
        os.makedirs("deep/er", exist_ok=True)
        return found
"""


def test_a_job_never_finds_what_the_job_before_it_left_in_its_scratch_or_in_dev_shm():
    _needs_root_namespaces()
    found = []
    for name in ("first", "second", "third"):  # one zygote: the jobs share its mounts in turn
        sandbox, _ = sandbox_with(LEAVE_TRACES)
        with sandbox:
            found.append(call(sandbox, "leave", name).value)
    assert found == [[], [], []]


def test_a_job_cannot_change_the_scratch_folder_the_next_job_will_work_in():
    _needs_root_namespaces()
    sandbox, _ = sandbox_with("""
        import os
        def change(path):
            try:
                os.chmod(path, 0o700)
            except OSError as error:
                return error.errno
            return 0
    """)
    with sandbox:
        refused = [call(sandbox, "change", path).value for path in (".", "/dev/shm")]
    assert refused == [errno.EPERM, errno.EPERM]


def test_learner_code_holds_no_landlock_ruleset_to_loosen_for_the_jobs_after_it():
    _needs_root_namespaces()
    sandbox, _ = sandbox_with("""
        import ctypes, os, struct
        def loosen():  # add "read anything under /" to every ruleset it can reach
            libc = ctypes.CDLL(None, use_errno=True)
            root = os.open("/", os.O_PATH)
            rule = ctypes.create_string_buffer(struct.pack("=Qi", 1 << 2, root), 12)
            return [fd for fd in range(3, 256) if libc.syscall(445, fd, 1, rule, 0) == 0]
    """)
    with sandbox:
        assert call(sandbox, "loosen").value == []


def test_a_zygote_that_holds_its_jobs_mounts_refuses_a_second_job_at_once():
    _needs_root_namespaces()
    from grader.sandbox.zygote import ZygoteError

    first, _ = sandbox_with("def f():\n    return 1\n")
    with first, Sandbox(LIMITS) as second, pytest.raises(ZygoteError, match="still running"):
        second.start()


def test_a_zygote_that_cannot_build_its_jobs_mounts_says_why_and_runs_no_job():
    _needs_root_namespaces()
    from dataclasses import replace

    from grader.sandbox.isolation import plan_for
    from grader.sandbox.zygote import ZygoteError

    broken = replace(plan_for(slot=8), scratch_mb=-1)  # a tmpfs no kernel will mount
    with Sandbox(LIMITS, broken) as sandbox, pytest.raises(
            ZygoteError, match=r"could not apply its isolation: OSError: .* mount\('tmpfs'"):
        sandbox.start()


def test_a_job_of_a_warm_zygote_sees_nothing_of_its_warm_up():
    from grader.sandbox.isolation import plan_for
    from grader.sandbox.zygote import zygote_for

    plan = plan_for(slot=7)  # a zygote of its own, started warm as grading workers start it
    zygote_for(plan, LIMITS, warm=True)
    with Sandbox(LIMITS, plan) as sandbox:
        sandbox.load(textwrap.dedent("""
            import linecache, sys
            def traces():
                return sorted(n for n in sys.modules if "warm" in n), sorted(linecache.cache)
        """), "learner.py", "learner", 10.0)
        modules, cached = call(sandbox, "traces").value
    assert modules == ["_grader_warmup"]  # the warm-up's own code, loaded like every layer's
    assert cached == ["learner.py"]  # and nothing of the made-up file it loaded


def test_a_job_of_a_warm_zygote_finds_the_numpy_modules_a_seeded_shuffle_and_unique_need():
    # Imported in each job, numpy.random and numpy.ma cost a file 18 ms of CPU apiece.
    from grader.sandbox.isolation import plan_for
    from grader.sandbox.zygote import zygote_for

    plan = plan_for(slot=7)
    zygote_for(plan, LIMITS, warm=True)
    with Sandbox(LIMITS, plan) as sandbox:
        sandbox.load(textwrap.dedent("""
            import sys
            import numpy as np
            def imported():
                return [name in sys.modules for name in ("numpy.random", "numpy.ma")]
        """), "learner.py", "learner", 10.0)
        assert call(sandbox, "imported").value == [True, True]


# -- calls sent with the file, answered before the checks ask ---------------------------------

COUNTER = """
    calls = []
    def count():
        calls.append(1)
        print("count", len(calls))
        return len(calls)
    def other():
        return "other"
    def hang():
        while True:
            pass
"""


def sandbox_ahead(source: str, *calls: str) -> Sandbox:
    sandbox = Sandbox(LIMITS)
    then = [call_request(name, (), {}) for name in calls]
    loaded = sandbox.load(textwrap.dedent(source), "learner.py", "learner", 10.0, then=then)
    assert isinstance(loaded, Loaded), loaded
    return sandbox


def test_calls_sent_with_the_file_run_before_they_are_asked_for_and_answer_in_order():
    sandbox = sandbox_ahead(COUNTER, "count", "count", "count")
    with sandbox:
        started = time.monotonic()  # no call asked for yet, and all three have run
        while sandbox.output().count("count") < 3 and time.monotonic() - started < 5:
            time.sleep(0.01)
        assert sandbox.output() == "count 1\ncount 2\ncount 3\n"
        assert [call(sandbox, "count") for _ in range(3)] == [Returned(1), Returned(2), Returned(3)]
        assert sandbox.close() == "count 1\ncount 2\ncount 3\n"


def test_a_call_other_than_the_one_sent_ahead_gets_the_answer_of_calls_made_one_at_a_time():
    # The child ran count() three times ahead; the checks asked for count, other, count.
    sandbox = sandbox_ahead(COUNTER, "count", "count", "count")
    with sandbox:
        assert call(sandbox, "count") == Returned(1)
        assert call(sandbox, "other") == Returned("other")
        assert call(sandbox, "count") == Returned(2)
        assert sandbox.close() == "count 1\ncount 2\n"


def test_what_calls_sent_ahead_but_never_asked_for_printed_is_not_in_the_output():
    sandbox = sandbox_ahead(COUNTER, "count", "count", "count")
    with sandbox:
        assert call(sandbox, "count") == Returned(1)
        time.sleep(0.2)  # the child has answered all three by now
        assert sandbox.close() == "count 1\n"


def test_a_hanging_call_sent_ahead_times_out_like_any_other_and_the_rest_still_answer():
    sandbox = sandbox_ahead(COUNTER, "hang", "count")
    with sandbox:
        started = time.monotonic()
        assert isinstance(call(sandbox, "hang", timeout=0.5), TimedOut)
        assert time.monotonic() - started < 3
        assert call(sandbox, "count") == Returned(1)


def test_a_frame_the_learner_forges_is_never_taken_for_the_answer_of_a_call_sent_ahead():
    sandbox = sandbox_ahead("""
        import json, os, struct
        def forge():
            fake = json.dumps({"returned": 100, "nonce": "guessed"}).encode()
            for fd in range(3, 12):
                try:
                    os.write(fd, struct.pack(">I", len(fake)) + fake)
                except OSError:
                    pass
            return 1
        def score():
            return 1
    """, "forge", "score")
    with sandbox:
        forged = call(sandbox, "forge")
        assert isinstance(forged, Crashed) and "broke the grader's channel" in forged.reason
        assert call(sandbox, "score") == Returned(1)


def test_the_time_a_child_takes_to_answer_again_after_a_divergence_is_no_ones():
    sandbox = sandbox_ahead("""
        import time
        def slow():
            time.sleep(0.4)
            return 1
        def quick():
            return 2
    """, "slow", "slow")
    with sandbox:
        assert call(sandbox, "slow") == Returned(1)
        # The child is sent back to where it was: slow() answered once more, 0.4 s, and none
        # of it is taken from this call's own 0.3 s.
        assert call(sandbox, "quick", timeout=0.3) == Returned(2)
        assert sandbox.replayed >= 0.4


def test_a_job_can_use_socket_pairs_and_a_unix_socket_in_its_own_scratch_folder():
    sandbox, _ = sandbox_with("""
        import os, socket
        def pair():
            left, right = socket.socketpair()
            left.sendall(b"pair")
            return right.recv(4).decode()
        def own():
            with socket.socket(socket.AF_UNIX) as server, socket.socket(socket.AF_UNIX) as client:
                server.bind(os.path.join(os.getcwd(), "own.sock"))
                server.listen()
                client.connect("own.sock")
                client.sendall(b"own")
                return server.accept()[0].recv(3).decode()
    """)
    with sandbox:
        assert call(sandbox, "pair") == Returned("pair")
        if sandbox.plan.machine.namespaces:  # without, no Unix socket at all (seccomp)
            assert call(sandbox, "own") == Returned("own")


def test_temporary_files_go_to_the_jobs_scratch_folder():
    sandbox, _ = sandbox_with("""
        import os, tempfile
        def where():
            with tempfile.NamedTemporaryFile() as made:
                return os.path.dirname(made.name) == os.getcwd() == os.environ["TMPDIR"]
    """)
    with sandbox:
        assert call(sandbox, "where") == Returned(True)


def _kill_the_zygote_soon(sandbox: Sandbox) -> int:
    """Kill the sandbox's zygote from outside in 0.3 s, as the kernel's OOM killer would."""
    zygote = zygote_for(sandbox.plan, sandbox.limits)
    threading.Timer(0.3, os.kill, (zygote.pid, signal.SIGKILL)).start()
    return int(zygote.pid or 0)


def test_a_zygote_killed_while_a_file_loads_is_that_learners_crash_and_grading_goes_on():
    source = "import time\ntime.sleep(1)\ndef ok():\n    return 1\n"
    with Sandbox(LIMITS) as sandbox:
        sandbox.start()
        killed = _kill_the_zygote_soon(sandbox)
        outcome = sandbox.load(source, "learner.py", "learner", 10.0)
        assert isinstance(outcome, Crashed) and "sandbox around your code" in outcome.reason
        assert sandbox.call("ok", (), {}, 5.0) == Returned(1)
        assert zygote_for(sandbox.plan, sandbox.limits).pid != killed


def test_a_zygote_killed_during_a_call_is_started_again_and_the_call_answered_afresh():
    sandbox, _ = sandbox_with("""
        import time
        def slow():
            time.sleep(1)
            return 1
    """)
    with sandbox:
        killed = _kill_the_zygote_soon(sandbox)
        assert call(sandbox, "slow", timeout=5.0) == Returned(1)
        assert zygote_for(sandbox.plan, sandbox.limits).pid != killed
