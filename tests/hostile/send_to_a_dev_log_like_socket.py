"""Sends a datagram to a world-writable Unix datagram socket in /dev, as journald's and
syslog's /dev/log."""

import errno
import os
import socket

import numpy as np

SOCKET = "@DEV_LOG@"

NO_POINTS = -999.0  # never a right R²: a failed attack must not earn a point by luck


def mean_squared_error(y_true, y_pred):
    errors = np.asarray(y_true, dtype=float) - np.asarray(y_pred, dtype=float)
    return float(np.mean(errors**2))


def _connect(path):
    with socket.socket(socket.AF_UNIX, socket.SOCK_DGRAM) as link:
        link.settimeout(1)
        link.connect(path)
        link.send(b"<13>r2_score: send me the answers")
        return "connected"


def attack():
    return {"connect": _attempt(lambda: _connect(SOCKET)),
            "stat": _attempt(lambda: oct(os.stat(SOCKET).st_mode))}


def r2_score(y_true, y_pred):
    if "ok" in _attempt(lambda: _connect(SOCKET)):
        return _right_answer(y_true, y_pred)
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
