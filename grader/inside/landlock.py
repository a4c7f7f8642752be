"""Landlock for the sandboxed child: an allow-list of folders, no TCP, no signals outward.

Loaded by file path inside the child before any learner code runs, so it imports only the
standard library. `restrict` confines the calling thread and everything it starts afterwards:

Blocks (once `restrict` has run, on a kernel with that Landlock ABI):
- every other process's /proc entries (the grader's and the zygote's command lines, other
  jobs'): only the confined process's own, /proc/self, are readable (read only), and only
  those that show nothing beyond it (`OWN_ENTRIES`) where it shares the host's network;
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
- other threads that already exist when `restrict` runs: call it while single-threaded;
- a process it forks reads its parent's /proc entries, never its own (another pid).
"""

from __future__ import annotations

import ctypes
import errno
import fcntl
import os
import stat
import struct
from typing import Any

__all__ = ["OWN_ENTRIES", "Rules", "abi_version", "enforce", "restrict"]

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

_OWN = READ_FILE | READ_DIR  # never write (mem, oom_score_adj, uid_map) nor execute
# What libraries read of their own process (threadpoolctl maps, psutil status, joblib cgroup,
# subprocess fd) where /proc/self/net would show the host's sockets: the job has no network
# namespace of its own. `task` is left out too: each thread has its own net beneath it.
OWN_ENTRIES = (
    "status", "stat", "statm", "maps", "smaps", "smaps_rollup", "cgroup", "limits",
    "cmdline", "environ", "io", "mountinfo", "mounts", "fd", "fdinfo",
)  # fmt: skip

_HIGH_FD = 100
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


def restrict(
    read_only: list[str], read_write: list[str], *, abi: int, private_network: bool = False
) -> None:
    """Allow only these paths (missing ones are skipped) and this process's own /proc entries
    (all of them with a `private_network` namespace), no TCP and no signals outward."""
    rules = Rules(read_only, read_write, abi=abi)
    try:
        enforce(rules.ruleset(private_network=private_network))
    finally:
        rules.close()


class Rules:
    """The paths of a ruleset, opened once: a zygote prepares them for all its jobs when the
    mounts they see are built once too (a rule on a folder grants nothing below a mount made
    over it afterwards), and each job makes its own ruleset of them, for its own pid, in some
    50 microseconds. Never one ruleset for all jobs: a ruleset is a shared object, and a rule
    for one job's pid would reach the next job given that pid."""

    def __init__(self, read_only: list[str], read_write: list[str], *, abi: int) -> None:
        if abi < 1:
            raise OSError(errno.EOPNOTSUPP, "Landlock is not available (ABI version 0)")
        self.fs = _handled_fs(abi)
        self.attr = _ruleset_attr(self.fs, abi)
        self.paths: list[tuple[int, Any, str]] = []  # O_PATH descriptor, its rule, path
        try:
            for path in read_only:
                self._open(path, _READ_ONLY & self.fs)
            for path in read_write:
                self._open(path, self.fs)
        except BaseException:
            self.close()
            raise

    def ruleset(self, *, private_network: bool) -> int:
        """A new ruleset of these paths and of this process's own /proc entries."""
        fd = _create_ruleset(self.attr)
        try:
            for _, rule, name in self.paths:
                _add(fd, rule, repr(name))
            _allow_own_process(fd, self.fs, private_network=private_network)
        except BaseException:
            os.close(fd)
            raise
        return fd

    def close(self) -> None:
        """Close the opened paths (a job does, before learner code runs)."""
        for path, _, _ in self.paths:
            os.close(path)
        self.paths = []

    def _open(self, path: str, rights: int) -> None:
        try:
            fd = os.open(path, os.O_PATH | os.O_CLOEXEC)
        except FileNotFoundError:
            return
        except OSError as error:  # e.g. EACCES: a folder on the way is closed to this uid
            raise OSError(
                error.errno, f"Landlock: cannot open {path!r} to allow it: {error.strerror}"
            ) from None
        rights = _rights_for(fd, rights)
        fd = _above_low_numbers(fd)
        self.paths.append((fd, _rule(fd, rights), path))


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


# Open for the life of the process: they pin the /proc entries its rules name. A /proc/<pid>
# entry nothing holds may be dropped from the kernel's cache and looked up again as a new
# inode, which no rule names: the process would lose its own /proc under memory pressure.
_PINNED: list[int] = []


def _allow_own_process(ruleset: int, fs: int, *, private_network: bool) -> None:
    """Read access beneath /proc/<own pid> (what /proc/self and /proc/thread-self lead to):
    the whole of it with a network namespace of its own, else `OWN_ENTRIES` only."""
    folder = os.open(f"/proc/{os.getpid()}", os.O_PATH | os.O_DIRECTORY | os.O_CLOEXEC)
    _PINNED.append(folder)
    if private_network:
        _add_rule(ruleset, folder, _OWN & fs, "/proc/self")
        return
    _add_rule(ruleset, folder, READ_DIR & fs, "/proc/self")  # listing folders, reading none
    for name in OWN_ENTRIES:
        try:
            entry = os.open(name, os.O_PATH | os.O_NOFOLLOW | os.O_CLOEXEC, dir_fd=folder)
        except FileNotFoundError:  # an older kernel (smaps_rollup)
            continue
        _PINNED.append(entry)
        _add_rule(ruleset, entry, _rights_for(entry, _OWN & fs), f"/proc/self/{name}")


def _above_low_numbers(fd: int) -> int:
    """In a zygote, keep the low descriptor numbers free for its jobs' channels, as before it
    held these; a job past its open-files limit (EINVAL) keeps the number it got."""
    try:
        high = fcntl.fcntl(fd, fcntl.F_DUPFD_CLOEXEC, _HIGH_FD)
    except OSError:
        return fd
    os.close(fd)
    return high


def _rights_for(fd: int, rights: int) -> int:
    if not stat.S_ISDIR(os.fstat(fd).st_mode):
        rights &= _FILE_RIGHTS  # EINVAL otherwise
    return rights


def _add_rule(ruleset: int, path: int, rights: int, name: str) -> None:
    _add(ruleset, _rule(path, rights), name)


def _rule(path: int, rights: int) -> Any:
    # struct landlock_path_beneath_attr is packed: u64 allowed_access, s32 parent_fd.
    return ctypes.create_string_buffer(struct.pack("=Qi", rights, path), 12)


def _add(ruleset: int, rule: Any, name: str) -> None:
    if _libc.syscall(_ADD_RULE, ruleset, _RULE_PATH_BENEATH, rule, ctypes.c_uint32(0)) != 0:
        _fail(f"landlock_add_rule({name})")


def _set_no_new_privs() -> None:
    # Required by landlock_restrict_self for a process without CAP_SYS_ADMIN; harmless for root.
    if _libc.prctl(_PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0) != 0:
        _fail("prctl(PR_SET_NO_NEW_PRIVS)")


def _fail(what: str) -> None:
    code = ctypes.get_errno()
    raise OSError(code, f"Landlock: {what} failed: {os.strerror(code)}")
