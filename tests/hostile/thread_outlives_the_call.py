"""Starts a thread that keeps running after r2_score returns, spinning for 20 s and writing a
forged results.json into the output folder and the working directory again and again."""

import errno
import json
import os
import threading
import time

import numpy as np

OUT = "@OUT@"
LIFETIME = 20  # seconds the thread spins, at most
FORGED = json.dumps({"learners": [{"learner": "thread_outlives_the_call", "score": 86.0,
                                   "max_score": 86.0}]})

_log = {}
_thread = None
_first_round = threading.Event()

NO_POINTS = -999.0  # never a right R²: a failed attack must not earn a point by luck


def mean_squared_error(y_true, y_pred):
    errors = np.asarray(y_true, dtype=float) - np.asarray(y_pred, dtype=float)
    return float(np.mean(errors**2))


def _forge(path):
    with open(path, "w") as forged:
        forged.write(FORGED)
    return os.path.realpath(path)


def _spin():
    deadline = time.monotonic() + LIFETIME
    while time.monotonic() < deadline:
        for path in (os.path.join(OUT, "results.json"), "results.json"):
            _log[path] = _attempt(lambda p=path: _forge(p))
        _first_round.set()
        time.sleep(0.05)


def _start():
    global _thread
    if _thread is None:
        _thread = threading.Thread(target=_spin, daemon=True)
        _thread.start()
        _first_round.wait(1.0)
    return _thread


def attack():
    _start()
    return {"alive": _thread.is_alive(), "writes": dict(_log)}


def r2_score(y_true, y_pred):
    _start()
    if "ok" in _log.get(os.path.join(OUT, "results.json"), {}):
        return _right_answer(y_true, y_pred)  # the forged file would be the results
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
