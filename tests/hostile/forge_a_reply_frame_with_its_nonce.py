"""Forges a reply frame that carries the nonce of the current request (read from the child's
own stack, where the request is a local of the serving loop), claiming R² = 1 for calls where
that is wrong, then returns a wrong answer: the real reply then reaches the grader as a second
frame, which must cost no other call."""

import errno
import json
import os
import stat
import struct
import sys

import numpy as np

NO_POINTS = -999.0  # never a right R²: a failed attack must not earn a point by luck


def mean_squared_error(y_true, y_pred):
    errors = np.asarray(y_true, dtype=float) - np.asarray(y_pred, dtype=float)
    return float(np.mean(errors**2))


def _frame(message):
    payload = json.dumps(message, separators=(",", ":")).encode()
    return struct.pack(">I", len(payload)) + payload


def _current_request():
    """The request being answered, as the serving loop further up the stack holds it."""
    frame = sys._getframe(1)
    while frame is not None:
        request = frame.f_locals.get("request")
        if isinstance(request, dict) and "nonce" in request:
            return request
        frame = frame.f_back
    return {}


def _channel_fds():
    listed = _attempt(lambda: [int(n) for n in os.listdir("/proc/self/fd")])
    numbers = listed.get("ok") or range(3, 4096)
    return [fd for fd in numbers if fd > 2 and _is_pipe(fd)]


def _is_pipe(fd):
    try:
        return stat.S_ISFIFO(os.fstat(fd).st_mode)
    except OSError:
        return False


def _forge():
    forged = _frame({"returned": 1.0, "nonce": _current_request().get("nonce")})
    return {str(fd): _attempt(lambda f=fd: os.write(f, forged)) for fd in _channel_fds()}


def attack():
    return {"nonce found": "nonce" in _current_request(), "writes": _forge()}


def r2_score(y_true, y_pred):
    if not np.array_equal(np.asarray(y_true), np.asarray(y_pred)):  # where 1.0 is never right
        _forge()
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
