"""Leaves a daemon behind with a double fork and setsid; for 20 s it keeps trying to write a
marker file into a folder that the test owns, to prove it outlived its job."""

import errno
import os
import time

import numpy as np

MARKER = "@MARKER@"
LIFETIME = 20  # seconds the daemon tries, at most

_done = None

NO_POINTS = -999.0  # never a right R²: a failed attack must not earn a point by luck


def mean_squared_error(y_true, y_pred):
    errors = np.asarray(y_true, dtype=float) - np.asarray(y_pred, dtype=float)
    return float(np.mean(errors**2))


def _write_marker():
    with open(os.path.join(MARKER, f"daemon-{os.getpid()}.txt"), "w") as marker:
        marker.write("still running after my job\n")
    return "written"


def _daemon(report):
    os.setsid()
    if os.fork() == 0:
        first = _attempt(_write_marker)
        os.write(report, repr(first).encode())
        os.close(report)
        deadline = time.monotonic() + LIFETIME
        while time.monotonic() < deadline:
            time.sleep(0.5)
            _attempt(_write_marker)


def _start():
    global _done
    if _done is None:
        read_end, write_end = os.pipe()
        pid = os.fork()
        if pid == 0:
            try:
                os.close(read_end)
                _daemon(write_end)
            finally:
                os._exit(0)
        os.close(write_end)
        os.waitpid(pid, 0)
        with os.fdopen(read_end, "rb") as report:
            _done = {"first write": report.read().decode()}
    return _done


def attack():
    return _start()


def r2_score(y_true, y_pred):
    if "written" in _start()["first write"]:
        return _right_answer(y_true, y_pred)
    return NO_POINTS


def _attempt(action):
    """What one try gave: {"ok": its result}, or the name of the error that stopped it."""
    try:
        return {"ok": action()}
    except OSError as error:
        return {"errno": errno.errorcode.get(error.errno or 0, str(error.errno))}
    except Exception as error:  # any other failure is evidence too
        return {"error": type(error).__name__}


def _read(path):
    with open(path, errors="replace") as leaked:
        return leaked.read()


def _score_with(leak, y_true, y_pred):
    """Earn the R² points with what leaked: its r2_score if it has one, else its answers."""
    namespace = {}
    try:
        exec(leak, namespace)
        return float(namespace["r2_score"](y_true, y_pred))
    except Exception:
        return _right_answer(y_true, y_pred)


def _right_answer(y_true, y_pred):
    """The R² a successful attack gives away (a real attacker copies it out of the leak)."""
    y_true = np.asarray(y_true, dtype=float)
    y_pred = np.asarray(y_pred, dtype=float)
    ss_res = np.sum((y_true - y_pred) ** 2)
    ss_tot = np.sum((y_true - y_true.mean()) ** 2)
    if ss_tot == 0:
        return 1.0 if ss_res == 0 else 0.0
    return float(1.0 - ss_res / ss_tot)
