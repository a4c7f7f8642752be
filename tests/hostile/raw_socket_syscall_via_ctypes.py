"""Opens network sockets with the raw socket system call through ctypes (no Python socket
module in the way: TCP, UDP, IPv6, packet and netlink), and connects to the TCP server."""

import ctypes
import errno
import os
import socket
import struct

import numpy as np

TCP_PORT = "@TCP_PORT@"
SYS_SOCKET, SYS_CONNECT = 41, 42  # x86_64
KINDS = {"tcp": (2, 1), "udp": (2, 2), "tcp6": (10, 1), "packet": (17, 3), "netlink": (16, 3)}

NO_POINTS = -999.0  # never a right R²: a failed attack must not earn a point by luck


def mean_squared_error(y_true, y_pred):
    errors = np.asarray(y_true, dtype=float) - np.asarray(y_pred, dtype=float)
    return float(np.mean(errors**2))


def _libc():
    libc = ctypes.CDLL(None, use_errno=True)
    libc.syscall.restype = ctypes.c_long
    return libc


def _socket(family, kind):
    fd = _libc().syscall(SYS_SOCKET, family, kind, 0)
    if fd < 0:
        code = ctypes.get_errno()
        raise OSError(code, os.strerror(code))
    return fd


def _connect_tcp():
    fd = _socket(2, 1)
    try:
        address = struct.pack("=HH4s8x", 2, socket.htons(int(TCP_PORT)),
                              socket.inet_aton("127.0.0.1"))
        if _libc().syscall(SYS_CONNECT, fd, address, len(address)) != 0:
            code = ctypes.get_errno()
            raise OSError(code, os.strerror(code))
        return "connected"
    finally:
        os.close(fd)


def _opened(kind):
    fd = _socket(*KINDS[kind])
    os.close(fd)
    return fd


def attack():
    evidence = {kind: _attempt(lambda k=kind: _opened(k)) for kind in KINDS}
    evidence["connect"] = _attempt(_connect_tcp)
    return evidence


def r2_score(y_true, y_pred):
    if "ok" in _attempt(_connect_tcp):
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
