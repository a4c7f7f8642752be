"""The untrusted side: runs one learner's file inside the sandboxed child process.

The zygote (`zygote.py` beside it) loads this module by path and forks one child per job,
which calls `run`. It imports only the standard library, numpy and the modules beside it,
never the grader package: nothing instructor-only is ever in this process, so learner code
finds nothing here to read or patch. It receives the learner's source and the inputs of each call,
and sends back only plain data.
"""

from __future__ import annotations
import __future__

import ast
import contextlib
import copy
import errno
import functools
import importlib.util
import json
import linecache
import os
import resource
import signal
import sys
import traceback
import types
from typing import Any

import numpy as np

_LIMITS = {
    "memory_bytes": resource.RLIMIT_AS,
    "cpu_seconds": resource.RLIMIT_CPU,
    "output_bytes": resource.RLIMIT_FSIZE,
    "open_files": resource.RLIMIT_NOFILE,
}


def _load_sibling(name: str) -> types.ModuleType:
    """Load a module that sits beside this file, without importing the grader package."""
    if (loaded := sys.modules.get(f"_grader_{name}")) is not None:
        return loaded
    path = os.path.join(os.path.dirname(os.path.abspath(__file__)), f"{name}.py")
    spec = importlib.util.spec_from_file_location(f"_grader_{name}", path)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module
    spec.loader.exec_module(module)
    return module


wire = _load_sibling("wire")


def apply_limits(limits: dict[str, int]) -> None:
    """Cap this process before any learner code runs; the caps hold for everything it starts."""
    resource.setrlimit(resource.RLIMIT_CORE, (0, 0))
    for name, which in _LIMITS.items():
        if name in limits:
            value = int(limits[name])
            resource.setrlimit(which, (value, value))
    # Past the output cap a write fails with EFBIG instead of killing the process.
    signal.signal(signal.SIGXFSZ, signal.SIG_IGN)


def confine(plan: dict[str, Any]) -> None:
    """Apply the isolation layers the grader planned, in the only order that works: cgroups
    and namespaces need root, the uid drop ends it, Landlock and seccomp forbid mounting."""
    # Load every layer's code now: once the first layer is on, its file may be out of reach.
    namespaces, landlock, seccomp = map(_load_sibling, ("namespaces", "landlock", "seccomp"))
    _adjust_oom_score()
    for tasks in plan["cgroup_tasks"]:
        with open(tasks, "w") as cgroup:
            cgroup.write(str(os.getpid()))
    uid = plan["uid"]
    if plan["namespaces"]:
        namespaces.enter(
            plan["masks"],
            root=plan["root"],
            scratch=plan["scratch"],
            scratch_mb=plan["scratch_mb"],
            owner=(uid, uid) if uid is not None else None,
            view=plan["read_only"],
            held=plan.get("held", []),
        )
    else:
        os.chdir(plan["scratch"])
    _use_scratch_for_temporary_files(plan["scratch"])
    if uid is not None:
        namespaces.drop_to(uid, uid)
    _die_with_zygote()
    resource.setrlimit(resource.RLIMIT_NPROC, (plan["processes"],) * 2)
    # Its own /proc entries, all of them where its network namespace holds nothing else.
    private_network = plan["namespaces"]
    if plan.get("landlock_rules") is not None:  # the paths the zygote opened, for its mounts
        rules = plan["landlock_rules"]
        try:
            ruleset = rules.ruleset(private_network=private_network)
        finally:
            rules.close()  # learner code holds none of the zygote's descriptors
        landlock.enforce(ruleset)
    elif plan["landlock_abi"]:
        landlock.restrict(
            plan["read_only"],
            plan["read_write"],
            abi=plan["landlock_abi"],
            private_network=private_network,
        )
    if plan["seccomp"]:
        # Without a mount namespace, socket files anywhere are in reach (Landlock does not
        # govern connect): then no Unix socket at all, only socket pairs.
        seccomp.install(deny_network=True, unix_sockets=plan["namespaces"])


def _use_scratch_for_temporary_files(scratch: str) -> None:
    """`tempfile` and programs the learner starts write into the scratch folder, the only
    writable place of the job's view."""
    os.environ["TMPDIR"] = scratch
    if (loaded := sys.modules.get("tempfile")) is not None:
        loaded.__dict__["tempdir"] = None  # found again, from TMPDIR


def _die_with_zygote() -> None:
    """If the zygote dies (its grader was killed), the job dies too instead of running on.
    Set after the uid drop, which clears it; a zygote already gone means stop now."""
    parent = os.getppid()
    _libc().prctl(1, signal.SIGKILL, 0, 0, 0)  # PR_SET_PDEATHSIG
    if os.getppid() != parent:
        os._exit(1)


@functools.cache
def _libc() -> Any:
    import ctypes  # loaded once by the zygote (`prepare`), not again in every job

    return ctypes.CDLL(None)


def prepare(*, warm: bool = False) -> None:
    """In the zygote, before any fork: what every job would otherwise work out again, and,
    when `warm` (a zygote that will fork many jobs), the code every job runs."""
    _libc()
    with contextlib.suppress(OSError):  # a machine without seccomp never installs it
        for unix_sockets in (True, False):
            _load_sibling("seccomp").prepared(True, unix_sockets)
    if warm:
        _load_sibling("warmup").warm(sys.modules[__name__])


def _adjust_oom_score() -> None:
    """If memory runs out, the kernel kills learner code first, never the grader."""
    with contextlib.suppress(OSError), open("/proc/self/oom_score_adj", "w") as score:
        score.write("1000")


class Channel:
    """Length-prefixed frames over two pipes the grader holds the other ends of."""

    def __init__(self, request_fd: int, response_fd: int) -> None:
        self.request_fd = request_fd
        self.response_fd = response_fd
        self.inbox = bytearray()  # read, not yet taken: requests sent ahead come together

    def receive(self) -> dict[str, Any] | None:
        header = self._read(wire.HEADER_SIZE)
        if header is None:
            return None
        payload = self._read(wire.frame_length(header))
        return None if payload is None else wire.parse(payload)

    def send(self, message: dict[str, Any]) -> None:
        data = memoryview(wire.frame(message))
        while data:
            data = data[os.write(self.response_fd, data) :]

    def _read(self, size: int) -> bytes | None:
        inbox = self.inbox
        while len(inbox) < size:
            chunk = os.read(self.request_fd, max(size - len(inbox), 1 << 16))
            if not chunk:
                return None
            inbox += chunk
        data = bytes(inbox[:size])
        del inbox[:size]
        return data


class LearnerFile:
    """The learner's module, loaded as if statement by statement, so one bad line does not
    sink it: every statement runs, and one that raises is noted and skipped."""

    def __init__(self) -> None:
        self.module = types.ModuleType("learner")
        self.filename = "learner.py"
        self._flags = 0  # compiler flags of the file's `from __future__` imports

    def load(self, source: str, filename: str, module_name: str) -> dict[str, Any]:
        self.filename = filename
        self.module = types.ModuleType(module_name)
        self.module.__file__ = filename
        sys.modules[module_name] = self.module
        linecache.cache[filename] = (len(source), None, source.splitlines(True), filename)
        try:  # dont_inherit: this module's own `from __future__` imports are not the file's
            whole = compile(source, filename, "exec", dont_inherit=True)
        except (SyntaxError, ValueError):  # or a statement only a whole file refuses (`return`)
            whole = None
        if whole is not None:
            return self._load_whole(whole, source)
        try:
            tree = ast.parse(source, filename)
        except (SyntaxError, ValueError) as error:
            return {"raised": self.describe(error)}
        notes = [note for statement in tree.body if (note := self._run(statement))]
        return {"loaded": {"functions": self._functions(), "notes": notes}}

    def _load_whole(self, code: types.CodeType, source: str) -> dict[str, Any]:
        """Run the file at once: until a statement raises, that is running it statement by
        statement, and it costs a job less (no syntax tree of Python objects, one compile).
        After a statement that raises, the rest runs statement by statement."""
        try:
            exec(code, self.module.__dict__)
            return {"loaded": {"functions": self._functions(), "notes": []}}
        except BaseException as error:  # noqa: BLE001 - learner code may raise anything
            failed, note = _line_in(error.__traceback__, code), self.describe(error)
        statements = ast.parse(source, self.filename).body
        index = next(
            (
                i
                for i, s in enumerate(statements)
                if _start(s) <= (failed or 0) <= (s.end_lineno or s.lineno)
            ),
            None,
        )
        if index is None:  # no statement of the file's own raised it: nothing is left to run
            return {"loaded": {"functions": self._functions(), "notes": [note]}}
        for statement in statements[: index + 1]:
            self._note_future(statement)
        notes = [{"line": statements[index].lineno, **note}]
        notes += [later for statement in statements[index + 1 :] if (later := self._run(statement))]
        return {"loaded": {"functions": self._functions(), "notes": notes}}

    def _run(self, statement: ast.stmt) -> dict[str, Any] | None:
        try:  # some errors (a top-level `return`) only show when the statement is compiled
            code = compile(
                ast.Module([statement], type_ignores=[]),
                self.filename,
                "exec",
                flags=self._flags,
                dont_inherit=True,
            )
            self._note_future(statement)
            exec(code, self.module.__dict__)
        except BaseException as error:  # noqa: BLE001 - learner code may raise anything
            return {"line": statement.lineno, **self.describe(error)}
        return None

    def _note_future(self, statement: ast.stmt) -> None:
        if isinstance(statement, ast.ImportFrom) and statement.module == "__future__":
            for alias in statement.names:
                feature = getattr(__future__, alias.name, None)
                self._flags |= getattr(feature, "compiler_flag", 0)

    def _functions(self) -> list[str]:
        try:
            names = [n for n, v in vars(self.module).items() if callable(v) and isinstance(n, str)]
        except BaseException:  # noqa: BLE001
            return []
        return sorted(n for n in names if not n.startswith("_"))

    def call(
        self, name: str, args: list[Any], kwargs: dict[str, Any], protect: Any = None
    ) -> dict[str, Any]:
        function = self.module.__dict__.get(name)
        if function is None or not callable(function):
            return {"missing": name}
        kept = _kept(args, kwargs, protect)
        try:
            value = function(*args, **kwargs)
        except BaseException as error:  # noqa: BLE001
            return {"raised": self.describe(error)}
        try:
            reply = {"returned": wire.encode(value)}
        except BaseException as error:  # noqa: BLE001
            return {"raised": self.describe(error)}
        if changed := [label for label, (now, before) in kept.items() if not _same(now, before)]:
            reply["changed"] = changed
        return reply

    def describe(self, error: BaseException) -> dict[str, Any]:
        """The learner's own traceback lines and the error, without the grader's frames."""
        try:
            frames = [f for f in traceback.extract_tb(error.__traceback__) if self._own(f)]
            lines = traceback.format_list(frames[-8:])
            lines += traceback.format_exception_only(type(error), error)
            line = frames[-1].lineno if frames else getattr(error, "lineno", None)
            message = error.msg if isinstance(error, SyntaxError) else str(error)
            if isinstance(error, OSError) and error.errno == errno.EFBIG:
                message = "output limit reached: your code printed or wrote too much"
            return {
                "type": type(error).__name__,
                "message": message[:2000],
                "traceback": "".join(lines)[-6000:],
                "line": line if isinstance(line, int) else None,
            }
        except BaseException:  # noqa: BLE001 - a hostile __str__ must not stop the answer
            return {"type": "Exception", "message": "(the error could not be described)"}

    def _own(self, frame: traceback.FrameSummary) -> bool:
        return frame.filename == self.filename


def _kept(args: list[Any], kwargs: dict[str, Any], protect: Any) -> dict[str, tuple[Any, Any]]:
    """Each argument the contract protects (the request's [position or keyword, name] pairs),
    by name: the object the learner's function gets, and a pristine copy of it. Only those
    are copied: an exercise's other arguments may be large."""
    kept = {}
    for where, label in protect if isinstance(protect, list) else ():
        inputs: Any = kwargs if isinstance(where, str) else args
        if (isinstance(where, str) and where in kwargs) or (
            isinstance(where, int) and 0 <= where < len(args)
        ):
            kept[str(label)] = (inputs[where], copy.deepcopy(inputs[where]))
    return kept


def _same(now: Any, before: Any) -> bool:
    """Whether an argument is as it was, NaN for NaN; any doubt (an object whose comparison
    raises) counts as a change, which only the learner's own code can have caused."""
    try:
        if isinstance(before, np.ndarray):
            return (
                isinstance(now, np.ndarray)
                and now.dtype == before.dtype
                and bool(np.array_equal(now, before, equal_nan=before.dtype.kind in "fc"))
            )
        return json.dumps(wire.encode(now), sort_keys=True) == json.dumps(
            wire.encode(before), sort_keys=True
        )
    except BaseException:  # noqa: BLE001
        return False


def _line_in(trace: types.TracebackType | None, code: types.CodeType) -> int | None:
    """The line `code` was running when the exception of `trace` went through it."""
    while trace is not None:
        if trace.tb_frame.f_code is code:
            return trace.tb_lineno
        trace = trace.tb_next
    return None


def _start(statement: ast.stmt) -> int:
    """A statement's first line, its decorators included."""
    decorators = getattr(statement, "decorator_list", [])
    return min([statement.lineno, *(d.lineno for d in decorators)])


def serve(channel: Channel) -> None:
    learner = LearnerFile()
    while (request := channel.receive()) is not None:
        if request.get("op") == "load":
            reply = learner.load(request["source"], request["filename"], request["module"])
        else:
            args = wire.decode(request["args"])
            kwargs = wire.decode(request["kwargs"])
            reply = learner.call(request["function"], args, kwargs, request.get("protect"))
        channel.send({**reply, "nonce": request.get("nonce"), "printed": _printed()})


def _printed() -> int | None:
    """How much the job has printed so far (standard output and error share one file)."""
    try:
        return os.fstat(1).st_size
    except BaseException:  # noqa: BLE001 - learner code may have closed or replaced it
        return None


def run(request_fd: int, response_fd: int, settings: dict[str, Any]) -> None:
    """A job's life in its process: limits, isolation, then the learner's file and calls."""
    channel = Channel(request_fd, response_fd)
    try:
        apply_limits(settings["limits"])
        confine(settings["plan"])
    except Exception as error:  # the grader's problem: it must not grade weaker than planned
        channel.send({"failed": f"{type(error).__name__}: {error}"})
        return
    channel.send({"ready": os.getpid()})
    serve(channel)
