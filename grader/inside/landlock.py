"""Landlock for the sandboxed child: an allow-list of folders, no TCP, no signals outward.

Loaded by file path inside the child before any learner code runs, so it imports only the
standard library. `restrict` confines the calling thread and everything it starts afterwards:

Blocks (once `restrict` has run, on a kernel with that Landlock ABI):
- opening, listing, executing, creating, removing, renaming or truncating anything outside
  the `read_only` and `read_write` lists, and writing anything outside `read_write`
  (also through `/proc/<pid>/root`); it holds for uid 0 too;
- ABI >= 2: linking or renaming a file into another folder (REFER) outside `read_write`;
- ABI >= 3: truncating files outside `read_write`; ABI >= 5: ioctl on devices outside it;
- ABI >= 4: TCP `bind` and `connect` to any port;
- ABI >= 6: sending signals to, and connecting to abstract Unix sockets of, processes
  outside this Landlock domain (e.g. the grader that started the child).

Does not block:
- UDP, raw or netlink sockets and pathname Unix sockets (seccomp and the network namespace
  do that); any use of files and folders opened before `restrict`;
- reading metadata (`stat`, `readlink`) along the way, and anything that is not a file
  access (memory, CPU, processes: rlimits do that);
- other threads that already exist when `restrict` runs: call it while single-threaded.
"""

from __future__ import annotations

import ctypes
import errno
import os
import stat
import struct

__all__ = ["abi_version", "enforce", "restrict", "ruleset"]

_CREATE_RULESET, _ADD_RULE, _RESTRICT_SELF = 444, 445, 446  # the same on x86_64 and aarch64
_CREATE_RULESET_VERSION = 1 << 0
_RULE_PATH_BENEATH = 1
_PR_SET_NO_NEW_PRIVS = 38

EXECUTE, WRITE_FILE, READ_FILE, READ_DIR = 1 << 0, 1 << 1, 1 << 2, 1 << 3
_FS_ABI1 = (1 << 13) - 1  # EXECUTE .. MAKE_SYM: the 13 rights of ABI 1
REFER, TRUNCATE, IOCTL_DEV = 1 << 13, 1 << 14, 1 << 15
# The only rights a rule on a single file (rather than a folder) may grant.
_FILE_RIGHTS = EXECUTE | WRITE_FILE | READ_FILE | TRUNCATE | IOCTL_DEV
_READ_ONLY = EXECUTE | READ_FILE | READ_DIR

_NET_BIND_TCP, _NET_CONNECT_TCP = 1 << 0, 1 << 1
_SCOPE_ABSTRACT_UNIX_SOCKET, _SCOPE_SIGNAL = 1 << 0, 1 << 1

_libc = ctypes.CDLL(None, use_errno=True)
_libc.syscall.restype = ctypes.c_long


def abi_version() -> int:
    """The kernel's Landlock ABI version, or 0 when Landlock is missing or switched off."""
    version = _libc.syscall(
        _CREATE_RULESET, None, ctypes.c_size_t(0), ctypes.c_uint32(_CREATE_RULESET_VERSION)
    )
    if version < 0:
        if ctypes.get_errno() in (errno.ENOSYS, errno.EOPNOTSUPP):
            return 0
        _fail("landlock_create_ruleset(VERSION)")
    return int(version)


def restrict(read_only: list[str], read_write: list[str], *, abi: int) -> None:
    """Allow only these paths (missing ones are skipped), no TCP and no signals outward."""
    enforce(ruleset(read_only, read_write, abi=abi))


def ruleset(read_only: list[str], read_write: list[str], *, abi: int) -> int:
    """The rules of `restrict`, not yet enforced: a file descriptor for `enforce`. A zygote
    builds it once for its jobs when the mounts they see are built once too (a rule on a
    folder grants nothing below a mount made over it afterwards)."""
    if abi < 1:
        raise OSError(errno.EOPNOTSUPP, "Landlock is not available (ABI version 0)")
    fs = _handled_fs(abi)
    fd = _create_ruleset(_ruleset_attr(fs, abi))
    try:
        for path in read_only:
            _allow(fd, path, _READ_ONLY & fs)
        for path in read_write:
            _allow(fd, path, fs)
    except BaseException:
        os.close(fd)
        raise
    return fd


def enforce(ruleset: int) -> None:
    """Confine the calling thread, and all it starts, to `ruleset`, and close it: learner
    code must never hold a ruleset, to which it could add rules for the jobs after it."""
    try:
        _set_no_new_privs()
        if _libc.syscall(_RESTRICT_SELF, ruleset, ctypes.c_uint32(0)) != 0:
            _fail("landlock_restrict_self")
    finally:
        os.close(ruleset)


def _handled_fs(abi: int) -> int:
    rights = _FS_ABI1
    if abi >= 2:
        rights |= REFER
    if abi >= 3:
        rights |= TRUNCATE
    if abi >= 5:
        rights |= IOCTL_DEV
    return rights


def _ruleset_attr(fs: int, abi: int) -> bytes:
    """struct landlock_ruleset_attr, cut to the size this ABI knows (8, 16 or 24 bytes)."""
    if abi < 4:
        return struct.pack("=Q", fs)
    net = _NET_BIND_TCP | _NET_CONNECT_TCP  # handled with no rule: every port is denied
    if abi < 6:
        return struct.pack("=QQ", fs, net)
    return struct.pack("=QQQ", fs, net, _SCOPE_ABSTRACT_UNIX_SOCKET | _SCOPE_SIGNAL)


def _create_ruleset(attr: bytes) -> int:
    buffer = ctypes.create_string_buffer(attr, len(attr))
    fd = _libc.syscall(_CREATE_RULESET, buffer, ctypes.c_size_t(len(attr)), ctypes.c_uint32(0))
    if fd < 0:
        _fail(f"landlock_create_ruleset({len(attr)}-byte attributes)")
    return int(fd)


def _allow(ruleset: int, path: str, rights: int) -> None:
    try:
        fd = os.open(path, os.O_PATH | os.O_CLOEXEC)
    except FileNotFoundError:
        return
    except OSError as error:  # e.g. EACCES: a folder on the way is closed to this uid
        raise OSError(
            error.errno, f"Landlock: cannot open {path!r} to allow it: {error.strerror}"
        ) from None
    try:
        if not stat.S_ISDIR(os.fstat(fd).st_mode):
            rights &= _FILE_RIGHTS  # EINVAL otherwise
        # struct landlock_path_beneath_attr is packed: u64 allowed_access, s32 parent_fd.
        attr = ctypes.create_string_buffer(struct.pack("=Qi", rights, fd), 12)
        if _libc.syscall(_ADD_RULE, ruleset, _RULE_PATH_BENEATH, attr, ctypes.c_uint32(0)) != 0:
            _fail(f"landlock_add_rule({path!r})")
    finally:
        os.close(fd)


def _set_no_new_privs() -> None:
    # Required by landlock_restrict_self for a process without CAP_SYS_ADMIN; harmless for root.
    if _libc.prctl(_PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0) != 0:
        _fail("prctl(PR_SET_NO_NEW_PRIVS)")


def _fail(what: str) -> None:
    code = ctypes.get_errno()
    raise OSError(code, f"Landlock: {what} failed: {os.strerror(code)}")
