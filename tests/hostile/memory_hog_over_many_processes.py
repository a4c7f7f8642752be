"""A memory hog spread over six processes of 400 MB each, every page populated: under the limit
of 1 GiB per process, but 2.4 GB for the job in all."""

import errno
import mmap
import os
import select
import signal
import time

import numpy as np

PROCESSES, MEGABYTES = 6, 400
JOB_LIMIT_MB = 1024
HOLD = 5  # seconds each process keeps its memory, at most

_done = None

NO_POINTS = -999.0  # never a right R²: a failed attack must not earn a point by luck


def mean_squared_error(y_true, y_pred):
    errors = np.asarray(y_true, dtype=float) - np.asarray(y_pred, dtype=float)
    return float(np.mean(errors**2))


def _hog():
    global _done
    if _done is None:
        _done = _spread()
    return _done


def _spread():
    read_end, write_end = os.pipe()
    pids = []
    for index in range(PROCESSES):
        pid = os.fork()
        if pid == 0:
            try:
                held = mmap.mmap(-1, MEGABYTES << 20,  # populated: every page is really there
                                 flags=mmap.MAP_PRIVATE | mmap.MAP_ANONYMOUS | mmap.MAP_POPULATE)
                os.write(write_end, bytes([index]))
                time.sleep(HOLD)
                del held
            finally:
                os._exit(0)
        pids.append(pid)
    os.close(write_end)
    filled, died = _watch(read_end, pids, deadline=time.monotonic() + 1.5)
    _settle(pids, died)
    for pid in pids:
        try:
            os.kill(pid, signal.SIGKILL)
            os.waitpid(pid, 0)
        except OSError:
            pass
    at_once = len(filled - set(died))
    return {"filled": len(filled), "died before the end": sorted(set(died.values())),
            "still filling at the end": PROCESSES - len(filled | set(died)),
            "holding at once": at_once, "megabytes at once": at_once * MEGABYTES}


def _watch(fd, pids, deadline):
    """Which processes filled their memory, and how those that died before the end died."""
    filled, died = set(), {}
    while len(filled | set(died)) < len(pids) and time.monotonic() < deadline:
        ready, _, _ = select.select([fd], [], [], 0.05)
        if ready:
            filled.update(os.read(fd, 64))
        for index, pid in enumerate(pids):
            if index not in died:
                done, status = os.waitpid(pid, os.WNOHANG)
                if done:
                    died[index] = _how(status)
    os.close(fd)
    return filled, died


def _settle(pids, died):
    """Look once more, a moment after the last process filled: one the kernel killed since
    the watch last looked holds nothing, and must not count as holding at once."""
    time.sleep(0.2)
    for index, pid in enumerate(pids):
        if index not in died:
            done, status = os.waitpid(pid, os.WNOHANG)
            if done:
                died[index] = _how(status)


def _how(status):
    if os.WIFSIGNALED(status):
        return signal.Signals(os.WTERMSIG(status)).name
    return f"exit {os.waitstatus_to_exitcode(status)}"


def attack():
    return _hog()


def r2_score(y_true, y_pred):
    if _hog()["megabytes at once"] > JOB_LIMIT_MB:
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
