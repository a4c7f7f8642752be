"""Creates empty files, links and folders in every place the job may write (its scratch
folder, its TMPDIR, /dev/shm) until something stops it: each costs no bytes, but pins kernel
memory charged to the job's slot, which no process's death gives back."""

import errno
import os
import time

import numpy as np

PLACES = ("scratch", "TMPDIR", "/dev/shm")
MOST, SECONDS = 60000, 0.5  # per place: far more than any bound, and within the call limit
BOUND = 4096  # the inodes a tmpfs of the sandbox has; more files, and it would have gone on

_done = None

NO_POINTS = -999.0  # never a right R²: a failed attack must not earn a point by luck


def mean_squared_error(y_true, y_pred):
    errors = np.asarray(y_true, dtype=float) - np.asarray(y_pred, dtype=float)
    return float(np.mean(errors**2))


def _folder(place):
    if place == "scratch":
        return os.getcwd()
    if place == "TMPDIR":
        return os.environ.get("TMPDIR", "/tmp")
    return place


def _pile(place):
    name = place.strip("/").replace("/", "-")
    folder = os.path.join(_folder(place), f"pile-{os.getpid()}-{name}")
    made, stopped, ends = 0, None, time.monotonic() + SECONDS
    try:
        os.mkdir(folder)
        while made < MOST and time.monotonic() < ends:
            os.close(os.open(os.path.join(folder, str(made)), os.O_CREAT | os.O_WRONLY, 0o600))
            made += 1
    except OSError as error:
        stopped = errno.errorcode.get(error.errno or 0, "?")
    return {"files": made, "stopped by": stopped}


def attack():
    global _done
    if _done is None:
        _done = {place: _pile(place) for place in PLACES}
    return _done


def r2_score(y_true, y_pred):
    if any(found["files"] > BOUND for found in attack().values()):
        return _right_answer(y_true, y_pred)  # had it gone on, the zygote would have died
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
