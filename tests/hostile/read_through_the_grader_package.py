"""Imports the grader package (or follows the path of the sandbox's own files) to find the
course folder, and reads the hidden checks and the reference solution beside it."""

import errno
import os
import sys

import numpy as np

NO_POINTS = -999.0  # never a right R²: a failed attack must not earn a point by luck


def mean_squared_error(y_true, y_pred):
    errors = np.asarray(y_true, dtype=float) - np.asarray(y_pred, dtype=float)
    return float(np.mean(errors**2))


def _course_roots():
    """Every folder that the grader's own files say is the course (where `grader/` lives)."""
    roots, imported = [], _attempt(lambda: __import__("grader").__file__)
    paths = [imported.get("ok") or "", sys.argv[0] if sys.argv else ""]
    paths += [getattr(module, "__file__", None) or "" for module in list(sys.modules.values())]
    for path in paths:
        if "/grader/" in path:
            root = path.rsplit("/grader/", 1)[0]
            if root not in roots:
                roots.append(root)
    return imported, roots


def _reads():
    imported, roots = _course_roots()
    reads = {}
    for root in roots:
        for name in ("checks/test_regression_hidden.py", "regression.py"):
            path = os.path.join(root, "solutions", name)
            reads[path] = _attempt(lambda p=path: _read(p))
    return imported, roots, reads


def attack():
    imported, roots, reads = _reads()
    return {"import grader": imported, "roots": roots,
            "read": {path: {k: str(v)[:200] for k, v in got.items()}
                     for path, got in reads.items()}}


def r2_score(y_true, y_pred):
    for got in _reads()[2].values():
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
