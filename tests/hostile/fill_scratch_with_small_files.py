"""Fills the scratch folder with 20,000 files of 8 KiB each (160 MB in all, and more files
than a small filesystem has inodes)."""

import errno
import os

import numpy as np

FILES, SIZE = 20000, 8192
SCRATCH_MB = 64
PIECE = b"\xcd" * SIZE

_done = None

NO_POINTS = -999.0  # never a right R²: a failed attack must not earn a point by luck


def mean_squared_error(y_true, y_pred):
    errors = np.asarray(y_true, dtype=float) - np.asarray(y_pred, dtype=float)
    return float(np.mean(errors**2))


def _fill():
    global _done
    if _done is None:
        os.makedirs("fill", exist_ok=True)
        made, stopped = 0, None
        try:
            for index in range(FILES):
                with open(os.path.join("fill", f"{index:05d}.bin"), "wb") as small:
                    small.write(PIECE)
                made += 1
        except OSError as error:
            stopped = errno.errorcode.get(error.errno or 0, "?")
        _done = {"files": made, "bytes": made * SIZE, "stopped by": stopped}
    return _done


def attack():
    return _fill()


def r2_score(y_true, y_pred):
    if _fill()["bytes"] > SCRATCH_MB << 20:
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
