"""Writes garbage (a frame header followed by bytes that are not JSON, and a header claiming a
huge frame) to every pipe among its file descriptors: the grader's channel."""

import errno
import os
import stat

import numpy as np

GARBAGE = b"\x00\x00\x00\x08\xff\xfe{garbag" + b"\x7f\xff\xff\xff" + b"\x00" * 64

NO_POINTS = -999.0  # never a right R²: a failed attack must not earn a point by luck


def mean_squared_error(y_true, y_pred):
    errors = np.asarray(y_true, dtype=float) - np.asarray(y_pred, dtype=float)
    return float(np.mean(errors**2))


def _channel_fds():
    """The pipes the sandbox talks to the grader through: listed in /proc/self/fd if it can be
    read, else found by trying every descriptor number (they keep the grader's numbers)."""
    listed = _attempt(lambda: [int(n) for n in os.listdir("/proc/self/fd")])
    numbers = listed.get("ok") or range(3, 4096)
    return [fd for fd in numbers if fd > 2 and _is_pipe(fd)]


def _is_pipe(fd):
    try:
        return stat.S_ISFIFO(os.fstat(fd).st_mode)
    except OSError:
        return False


def _spoil():
    return {str(fd): _attempt(lambda f=fd: os.write(f, GARBAGE)) for fd in _channel_fds()}


def attack():
    return {"fds": {str(fd): os.readlink(f"/proc/self/fd/{fd}") for fd in _channel_fds()},
            "writes": _spoil()}


def r2_score(y_true, y_pred):
    _spoil()
    return NO_POINTS  # the garbage, not this, is what the grader would read


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
