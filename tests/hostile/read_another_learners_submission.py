"""Reads a classmate's regression.py from the submissions folder (by name, and by listing the
folder) and copies their r2_score."""

import errno
import os

import numpy as np

SUBMISSIONS = "@SUBMISSIONS@"
CLASSMATE = "@CLASSMATE@"

NO_POINTS = -999.0  # never a right R²: a failed attack must not earn a point by luck


def mean_squared_error(y_true, y_pred):
    errors = np.asarray(y_true, dtype=float) - np.asarray(y_pred, dtype=float)
    return float(np.mean(errors**2))


def _paths():
    listed = _attempt(lambda: sorted(os.listdir(SUBMISSIONS)))
    names = [CLASSMATE, *(listed.get("ok") or [])]
    return listed, [os.path.join(SUBMISSIONS, name, "regression.py") for name in names]


def attack():
    listed, paths = _paths()
    return {"list": listed, **{path: _attempt(lambda p=path: _read(p)[:200]) for path in paths}}


def r2_score(y_true, y_pred):
    for path in _paths()[1]:
        leak = _attempt(lambda p=path: _read(p)).get("ok", "")
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
